import type { Address } from "viem";
import {
  ChatIdNotFoundError,
  type InvalidResponseSignatureError,
  ProviderRequestError,
  type ResponseIncompleteError,
  type ResponseSignatureFormatError,
  ResponseSignatureUnavailableError,
  type ResponseSignerMismatchError,
  type ResponseTextMismatchError,
  type ServiceNotVerifiableError,
} from "../errors.js";
import { chatSignatureUrl } from "../service/endpoints.js";
import { getChatId } from "../verify/chatId.js";
import { verifyResponseSignature } from "../verify/verify.js";
import { okOrThrow, providerFetch, type FetchFn } from "./http.js";
import type { ComputeService } from "./service.js";

/** Why a response did not verify. */
export type ResponseVerificationErrorType =
  | ResponseSignatureFormatError
  | InvalidResponseSignatureError
  | ResponseSignerMismatchError
  | ResponseTextMismatchError
  | ResponseSignatureUnavailableError
  | ChatIdNotFoundError
  | ServiceNotVerifiableError
  | ResponseIncompleteError;

/**
 * The outcome of checking a provider's response against its TEE signature: `valid: true` with the
 * signer and signed text, or `valid: false` with the typed reason (a forged signature is an
 * `InvalidResponseSignatureError` or `ResponseSignerMismatchError`).
 */
export type ResponseVerification =
  | { valid: true; chatId: string; signer: Address; text: string }
  | { valid: false; chatId: string | undefined; error: ResponseVerificationErrorType };

/** Pauses (ms) before asking again for a signature the provider does not have yet. */
const signatureRetries = [100, 400];

/** Verifications of the responses the provider fetch returned, by response. */
const verifications = new WeakMap<Response, Promise<ResponseVerification>>();

/** Records the verification of a response made by a provider fetch. */
export function setResponseVerification(response: Response, verification: Promise<ResponseVerification>): void {
  verifications.set(response, verification);
}

/**
 * The verification of a response returned by a provider fetch (`createProviderFetch`,
 * `createOpenAIOptions`): it settles once the body has been read to its end (the JSON or the whole
 * SSE stream), and never rejects. `undefined` for responses that are not verified (verification
 * off, not a successful POST, a service that does not sign), and for responses of plain `fetch`.
 *
 * @example
 * const res = await providerFetch("/chat/completions", { method: "POST", body });
 * const completion = await res.json();
 * const verification = await getResponseVerification(res);
 * if (!verification?.valid) console.warn(verification?.error.shortMessage);
 */
export function getResponseVerification(response: Response): Promise<ResponseVerification> | undefined {
  return verifications.get(response);
}

/**
 * Fetches and checks the signature of one response; resolves (never rejects) with the outcome.
 * With the bodies, the signed text must commit to them.
 */
export async function checkResponse({
  service,
  chatId,
  request,
  response,
  timeout,
  fetch,
  signal,
}: {
  service: Pick<ComputeService, "url" | "model" | "responseSigner">;
  chatId: string | undefined;
  request?: Uint8Array | string | undefined;
  response?: Uint8Array | string | undefined;
  timeout?: number | undefined;
  fetch?: FetchFn | undefined;
  signal?: AbortSignal | undefined;
}): Promise<ResponseVerification> {
  if (chatId === undefined || chatId === "") return { valid: false, chatId: undefined, error: new ChatIdNotFoundError() };
  let answer: unknown;
  const url = chatSignatureUrl({ url: service.url, chatId, model: service.model });
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await okOrThrow(url, await providerFetch(url, signal === undefined ? {} : { signal }, { timeout: timeout ?? 30_000, fetch }));
      answer = await res.json();
      break;
    } catch (cause) {
      // A provider stores the signature as the answer ends: asked at once, it may not have it yet.
      const notYet = cause instanceof ProviderRequestError && /not found/i.test(cause.providerMessage);
      if (!notYet || attempt >= signatureRetries.length || signal?.aborted)
        return { valid: false, chatId, error: new ResponseSignatureUnavailableError({ chatId, cause }) };
      await new Promise((resolve) => setTimeout(resolve, signatureRetries[attempt]));
    }
  }
  try {
    const { signer, text } = await verifyResponseSignature({ signature: answer, signer: service.responseSigner, request, response });
    return { valid: true, chatId, signer, text };
  } catch (error) {
    return { valid: false, chatId, error: error as ResponseVerificationErrorType };
  }
}

/** The chat id of a finished response: `ZG-Res-Key`, else the completion's (or first chunk's) `id`. */
export function chatIdOf(headers: Headers, body: Uint8Array): string | undefined {
  return getChatId({ headers, body: new TextDecoder().decode(body) });
}
