import { getAddress, isAddress } from "viem";
import { ResponseSignatureFormatError } from "../errors.js";
import { isRecoverableSignature } from "../utils/signature.js";
import type { ResponseSignature } from "./types.js";

/**
 * Reads a `GET /v1/proxy/signature/{chatId}` answer (parsed JSON, or its text) strictly:
 * `text` a string, `signature` `0x` + 65 bytes with v 27/28, `signing_address` an address,
 * `signing_algo` `"ecdsa"`. Extra fields (centralized providers add `provider_type`, …) are ignored.
 *
 * @throws {ResponseSignatureFormatError}
 * @example
 * const answer = parseResponseSignature(await (await fetch(signatureUrl)).json());
 */
export function parseResponseSignature(value: unknown): ResponseSignature {
  let json = value;
  if (typeof value === "string") {
    try {
      json = JSON.parse(value);
    } catch {
      throw new ResponseSignatureFormatError({ expected: "a JSON object" });
    }
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new ResponseSignatureFormatError({ expected: "a JSON object" });
  const { text, signature, signing_address, signing_algo } = json as Record<string, unknown>;
  if (typeof text !== "string") throw new ResponseSignatureFormatError({ field: "text", expected: "a string" });
  if (!isRecoverableSignature(signature))
    throw new ResponseSignatureFormatError({ field: "signature", expected: "0x + 65 bytes with v = 27 or 28" });
  if (typeof signing_address !== "string" || !isAddress(signing_address, { strict: false }))
    throw new ResponseSignatureFormatError({ field: "signing_address", expected: "an address" });
  if (signing_algo !== "ecdsa") throw new ResponseSignatureFormatError({ field: "signing_algo", expected: '"ecdsa"' });
  return { text, signature, signing_address: getAddress(signing_address), signing_algo };
}
