import { bodySha256, type Body } from "../utils/body.js";

export type ResponseSignatureTextParameters = {
  /** The request body exactly as sent to the provider (bytes, or text hashed as UTF-8). */
  request: Body;
  /**
   * The response body exactly as received: the JSON of a completion, or for `stream: true` the
   * whole SSE text (every `data: ...` line, blank lines and the final `data: [DONE]`).
   */
  response: Body;
};

/**
 * The text a 0G provider signs for a response: `hex(sha256(request)) + ":" + hex(sha256(response))`,
 * lowercase hex without `0x`, over the raw bytes (the broker's `signChatWithKey`).
 *
 * @example
 * responseSignatureText({ request: requestBody, response: responseText });
 * // "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a:…"
 */
export function responseSignatureText({ request, response }: ResponseSignatureTextParameters): string {
  return `${bodySha256(request)}:${bodySha256(response)}`;
}
