import { secp256k1 } from "@noble/curves/secp256k1";
import { hkdf } from "@noble/hashes/hkdf";
import { sha256 } from "@noble/hashes/sha2";
import { bytesToHex, hexToBytes, isHex, type Hex } from "viem";
import { InvalidParameterError } from "@0g/core";

/**
 * The message a browser wallet signs (EIP-191 `personal_sign`) to derive its INFT encryption key.
 * Never change it: the same wallet must derive the same key forever.
 */
export const encryptionKeyMessage =
  "0G INFT encryption key\n\nSigning this message derives the key that decrypts the intelligent NFTs (agents) you hold. " +
  "It costs nothing and sends no transaction. Only sign it in an app you trust with your agents.\n\nVersion: 1";

const salt = /*#__PURE__*/ new TextEncoder().encode("0g-inft/encryption-key");

/**
 * Derives a secp256k1 private key from a wallet's signature of {@link encryptionKeyMessage}, for
 * wallets that cannot expose their own key (browser extensions, hardware wallets). ECDSA signatures
 * from RFC 6979 wallets (MetaMask, Ledger, viem local accounts, every major wallet) are
 * deterministic, so the same wallet always derives the same key. A wallet with randomised
 * signatures would derive a different key each time and could not reopen its agents: check
 * `deriveEncryptionKey` twice before relying on it (`@0g/inft`'s `getEncryptionKey` does).
 *
 * @example
 * const signature = await walletClient.signMessage({ message: encryptionKeyMessage });
 * const key = deriveEncryptionKey(signature); // 0x… 32-byte private key
 */
export function deriveEncryptionKey(signature: Hex): Hex {
  if (!isHex(signature, { strict: true }) || hexToBytes(signature).length !== 65)
    throw new InvalidParameterError({ name: "signature", value: signature, expected: "a 65-byte ECDSA signature (0x-hex)" });
  const material = hexToBytes(signature);
  for (let counter = 0; ; counter++) {
    const candidate = hkdf(sha256, material, salt, new Uint8Array([counter]), 32);
    if (secp256k1.utils.isValidPrivateKey(candidate)) return bytesToHex(candidate);
  }
}
