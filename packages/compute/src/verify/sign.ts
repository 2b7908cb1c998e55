import type { Address, Hex, SignableMessage } from "viem";
import { responseSignatureText, type ResponseSignatureTextParameters } from "./text.js";
import type { ResponseSignature } from "./types.js";

/** The TEE key that signs responses: a viem `LocalAccount` or any account with `signMessage`. */
export type ResponseSigner = {
  address: Address;
  signMessage: (parameters: { message: SignableMessage }) => Promise<Hex>;
};

export type SignResponseParameters = ResponseSignatureTextParameters & { account: ResponseSigner };

/**
 * Signs a response as a 0G provider's TEE does: EIP-191 over
 * {@link responseSignatureText}, packaged as the `GET /v1/proxy/signature/{chatId}` answer.
 *
 * @example
 * const answer = await signResponse({ account: teeAccount, request: requestBody, response: responseBody });
 * // { text: "…:…", signature: "0x…", signing_address: "0x…", signing_algo: "ecdsa" }
 */
export async function signResponse({ account, request, response }: SignResponseParameters): Promise<ResponseSignature> {
  return signResponseText({ account, text: responseSignatureText({ request, response }) });
}

/**
 * Signs an already-built signature text (EIP-191), e.g. the image form `sha256(req):sha256(img0),…`.
 *
 * @example
 * await signResponseText({ account: teeAccount, text });
 */
export async function signResponseText({ account, text }: { account: ResponseSigner; text: string }): Promise<ResponseSignature> {
  const signature = await account.signMessage({ message: text });
  return { text, signature, signing_address: account.address, signing_algo: "ecdsa" };
}
