import { pbkdf2Sync } from "node:crypto";
import { validateMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english";
import { bytesToHex, type Address, type Hex } from "viem";
import { HDKey, privateKeyToAddress } from "viem/accounts";
import { DevnetOptionError } from "./errors.js";

/** The mnemonic of anvil and Hardhat: the same addresses and keys every developer already knows. */
export const defaultMnemonic = "test test test test test test test test test test test junk";

export type DevnetAccount = {
  readonly address: Address;
  readonly privateKey: Hex;
  /** Balance at genesis, in wei. */
  readonly balance: bigint;
};

/**
 * Derives `count` accounts along `m/44'/60'/0'/0/i` (BIP-44, Ethereum). The BIP-39 seed is computed
 * once with native PBKDF2 rather than once per account, which keeps start-up fast.
 */
export function deriveAccounts({
  mnemonic,
  count,
  balance,
}: {
  mnemonic: string;
  count: number;
  balance: bigint;
}): DevnetAccount[] {
  const normalized = mnemonic.normalize("NFKD").trim().split(/\s+/).join(" ");
  if (!validateMnemonic(normalized, wordlist))
    throw new DevnetOptionError({ option: "mnemonic", reason: "Not a valid BIP-39 English mnemonic (word list or checksum)." });
  const seed = pbkdf2Sync(normalized, "mnemonic", 2048, 64, "sha512");
  const root = HDKey.fromMasterSeed(seed).derive("m/44'/60'/0'/0");
  return Array.from({ length: count }, (_, index) => {
    const key = root.deriveChild(index).privateKey;
    if (!key) throw new DevnetOptionError({ option: "mnemonic", reason: `Account ${index} has no private key.` });
    const privateKey = bytesToHex(key);
    return { address: privateKeyToAddress(privateKey), privateKey, balance };
  });
}
