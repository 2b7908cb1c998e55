import { keccak256, toHex, type Hex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

/** The keys of compute provider `index`: the same on every devnet, apart from the user accounts. */
export type ProviderKeys = {
  /** The provider's account: registers the service, stakes, settles, receives fees. */
  account: PrivateKeyAccount;
  /** The TEE's signing key: signs responses and settlements (`Service.teeSignerAddress`). */
  tee: PrivateKeyAccount;
  /** The key a lying provider (`devnet.compute.lie(i)`) signs responses with instead. */
  liar: PrivateKeyAccount;
};

const key = (role: string, index: number): Hex => keccak256(toHex(`@0g/devnet:compute:${role}:${index}`));

/**
 * Derives provider `index`'s keys from fixed labels (`keccak256("@0g/devnet:compute:<role>:<i>")`),
 * so provider addresses do not depend on the mnemonic and never collide with user accounts.
 */
export function providerKeys(index: number): ProviderKeys {
  return {
    account: privateKeyToAccount(key("provider", index)),
    tee: privateKeyToAccount(key("tee", index)),
    liar: privateKeyToAccount(key("liar", index)),
  };
}
