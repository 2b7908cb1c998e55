import type { InvalidParameterError } from "@0g/core";
import type { Address, Client } from "viem";
import type { ComputeContractsParameter } from "../client/contracts.js";
import type { FetchFn } from "../client/http.js";
import { checkResponse, type ResponseVerification } from "../client/verification.js";
import type { Body } from "../utils/body.js";
import { getService, type GetServiceErrorType } from "./getService.js";

export type VerifyResponseParameters = ComputeContractsParameter & {
  /** The provider that answered. */
  provider: Address;
  /** The response's chat id: its `ZG-Res-Key` header, else the completion's `id` (see `getChatId`). */
  chatId: string;
  /** The request body exactly as sent; when given, the signed text must commit to its sha256. */
  requestBody?: Body | undefined;
  /** The response body exactly as received (for a stream, the whole SSE text); likewise. */
  responseBody?: Body | undefined;
  /** Milliseconds to wait for the provider. Default 30 000. */
  timeout?: number | undefined;
  fetch?: FetchFn | undefined;
};

export type VerifyResponseReturnType = ResponseVerification;

export type VerifyResponseErrorType = GetServiceErrorType | InvalidParameterError;

/**
 * Checks a provider's response, as 0G's SDK's `processResponse` and more: fetches
 * `GET {url}/v1/proxy/signature/{chatId}`, checks the signature recovers to the service's on-chain
 * `teeSignerAddress` (its `TargetTeeAddress` when the model runs in a separate TEE), and, with the
 * bodies, that the signed text is `sha256(request):sha256(response)`. Resolves with the outcome;
 * rejects only when the service cannot be read.
 *
 * @example
 * import { getChatId, verifyResponse } from "@0g/compute";
 * const text = await res.text();
 * const { valid } = await verifyResponse(client, { provider, chatId: getChatId({ headers: res.headers, body: text })!, requestBody: body, responseBody: text });
 */
export async function verifyResponse(client: Client, parameters: VerifyResponseParameters): Promise<VerifyResponseReturnType> {
  const service = await getService(client, parameters);
  return checkResponse({
    service,
    chatId: parameters.chatId,
    request: parameters.requestBody,
    response: parameters.responseBody,
    timeout: parameters.timeout,
    fetch: parameters.fetch,
  });
}
