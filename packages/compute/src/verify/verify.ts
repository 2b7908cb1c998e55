import { InvalidParameterError } from "@0g/core";
import { isAddress, isAddressEqual, type Address } from "viem";
import {
  InvalidResponseSignatureError,
  type ResponseSignatureFormatError,
  ResponseSignerMismatchError,
  ResponseTextMismatchError,
} from "../errors.js";
import { bodySha256, type Body } from "../utils/body.js";
import { recoverMessageSigner } from "../utils/recover.js";
import { parseResponseSignature } from "./parse.js";
import type { ResponseSignature } from "./types.js";

export type VerifyResponseSignatureParameters = {
  /** The `GET /v1/proxy/signature/{chatId}` answer (parsed JSON or its text). */
  signature: ResponseSignature | unknown;
  /**
   * The TEE signer the response must come from: the service's `teeSignerAddress`, or its
   * `TargetTeeAddress` when the model runs in a separate TEE (see `responseSignerAddress`).
   */
  signer: Address;
  /** The request body as sent; when given, the text's first field must be its sha256. */
  request?: Body | undefined;
  /** The response body as received; when given, the text's second field must be its sha256. */
  response?: Body | undefined;
};

export type VerifyResponseSignatureReturnType = {
  /** The signer recovered from the signature (= `signer`). */
  signer: Address;
  /** The signed text. */
  text: string;
};

export type VerifyResponseSignatureErrorType =
  | ResponseSignatureFormatError
  | InvalidResponseSignatureError
  | ResponseSignerMismatchError
  | ResponseTextMismatchError;

/**
 * Verifies a provider's response signature: the EIP-191 signature of `text` recovers to
 * `signing_address`, that is the expected TEE `signer` (0G's SDK `processResponse` checks this
 * much), and, when you pass the bodies, `text` commits to them: `text = sha256(request) ":"
 * sha256(response)[":" …]`.
 *
 * @throws {VerifyResponseSignatureErrorType}
 * @example
 * const chatId = getChatId({ headers: res.headers, body: completion });
 * const answer = await (await fetch(chatSignatureUrl({ url: service.url, chatId, model }))).json();
 * await verifyResponseSignature({ signature: answer, signer: responseSignerAddress(service), request: body, response: text });
 */
export async function verifyResponseSignature({
  signature: answer,
  signer,
  request,
  response,
}: VerifyResponseSignatureParameters): Promise<VerifyResponseSignatureReturnType> {
  if (!isAddress(signer, { strict: false })) throw new InvalidParameterError({ name: "signer", value: signer, expected: "an address" });
  const { text, signature, signing_address } = parseResponseSignature(answer);
  let recovered: Address;
  try {
    recovered = await recoverMessageSigner({ message: text, signature, expected: signer });
  } catch {
    throw new InvalidResponseSignatureError({ claimed: signing_address });
  }
  if (!isAddressEqual(recovered, signing_address)) throw new InvalidResponseSignatureError({ claimed: signing_address, recovered });
  if (!isAddressEqual(recovered, signer)) throw new ResponseSignerMismatchError({ expected: signer, actual: recovered });
  const fields = text.split(":");
  if (request !== undefined) {
    const expected = bodySha256(request);
    if (fields[0] !== expected) throw new ResponseTextMismatchError({ part: "request", expected, actual: fields[0] ?? "" });
  }
  if (response !== undefined) {
    const expected = bodySha256(response);
    if (fields[1] !== expected) throw new ResponseTextMismatchError({ part: "response", expected, actual: fields[1] ?? "" });
  }
  return { signer: recovered, text };
}
