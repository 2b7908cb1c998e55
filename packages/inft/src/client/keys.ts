import { InvalidParameterError } from "@0g/core";
import { secp256k1 } from "@noble/curves/secp256k1";
import { bytesToHex, hexToBytes, isHex, type Account, type Hex } from "viem";
import { publicKeyOf, toUncompressedPublicKey } from "../crypto/ecies.js";
import { EncryptionKeyRequiredError } from "../errors.js";

/**
 * The `encryptionKey` parameter: the secp256k1 private key your agents' data keys are sealed to.
 *
 * - A local account's own key: pass the private key you made the account from
 *   (`privateKeyToAccount(key)`: viem accounts do not expose it). An HD account
 *   (`mnemonicToAccount`) provides its own, and so does any local account for encrypting (its
 *   public key).
 * - A browser or hardware wallet: `getEncryptionKey(client)` derives one from the wallet's
 *   signature of a fixed message (deterministic, so the same wallet gets the same key again).
 */
export type EncryptionKeyParameter = {
  /**
   * The secp256k1 private key (32 bytes, 0x-hex) that opens the agents sealed to you, and that new
   * agent data is sealed to. @default an HD account's own key; for sealing, a local account's public key
   */
  encryptionKey?: Hex | undefined;
};

/** Checks a private key parameter. */
export function checkPrivateKey(name: string, value: unknown): Hex {
  if (typeof value !== "string" || !isHex(value, { strict: true }) || value.length !== 66 || !secp256k1.utils.isValidPrivateKey(hexToBytes(value as Hex)))
    throw new InvalidParameterError({ name, value: typeof value === "string" ? `${value.slice(0, 6)}…` : value, expected: "a secp256k1 private key (32 bytes of 0x-hex)" });
  return (value as Hex).toLowerCase() as Hex;
}

/** The private key to open envelopes with: the parameter, else an HD account's own key. */
export function privateEncryptionKey(account: Account | undefined, encryptionKey: Hex | undefined, action: string): Hex {
  if (encryptionKey !== undefined) return checkPrivateKey("encryptionKey", encryptionKey);
  const hd = account as { getHdKey?: () => { privateKey: Uint8Array | null } } | undefined;
  const key = account?.type === "local" && typeof hd?.getHdKey === "function" ? hd.getHdKey().privateKey : null;
  if (key) return bytesToHex(key);
  throw new EncryptionKeyRequiredError({ action, need: "private" });
}

/** The private key if one is known (no error). */
export function optionalPrivateEncryptionKey(account: Account | undefined, encryptionKey: Hex | undefined): Hex | undefined {
  try {
    return privateEncryptionKey(account, encryptionKey, "");
  } catch (error) {
    if (error instanceof EncryptionKeyRequiredError) return undefined;
    throw error;
  }
}

/**
 * The public key to seal a data key to (65-byte uncompressed hex): `publicKey`, else that of
 * `encryptionKey`, else a local account's own (`account.publicKey`).
 */
export function publicEncryptionKey(account: Account | undefined, { publicKey, encryptionKey }: { publicKey?: Hex | undefined; encryptionKey?: Hex | undefined }, action: string): Hex {
  if (publicKey !== undefined) return bytesToHex(toUncompressedPublicKey(publicKey));
  if (encryptionKey !== undefined) return publicKeyOf(checkPrivateKey("encryptionKey", encryptionKey));
  const own = (account as { publicKey?: unknown } | undefined)?.publicKey;
  if (account?.type === "local" && typeof own === "string" && isHex(own)) return bytesToHex(toUncompressedPublicKey(own));
  const hd = optionalPrivateEncryptionKey(account, undefined);
  if (hd) return publicKeyOf(hd);
  throw new EncryptionKeyRequiredError({ action, need: "public" });
}
