import type { Address, Hex } from "viem";

/**
 * A provider's signature of one response, as `GET {url}/v1/proxy/signature/{chatId}` returns it
 * (`ChatSignature` in the broker's `ctrl/signing.go`).
 */
export type ResponseSignature = {
  /** `hex(sha256(requestBody)) + ":" + hex(sha256(responseBody))` (centralized providers append more `:`-separated fields). */
  text: string;
  /** EIP-191 (`personal_sign`) signature of `text`, `0x` + 65 bytes, v = 27/28. */
  signature: Hex;
  /** The TEE signer's address (checksummed). */
  signing_address: Address;
  /** Always `"ecdsa"`. */
  signing_algo: "ecdsa";
};
