import { sha256, stringToBytes } from "viem";

/** A request or response body: the exact bytes, or text (hashed as its UTF-8 bytes). */
export type Body = Uint8Array | string;

/** The bytes of a body (`string` as UTF-8). */
export function bodyBytes(body: Body): Uint8Array {
  return typeof body === "string" ? stringToBytes(body) : body;
}

/**
 * `hex(sha256(body))`, lowercase and without `0x`, as 0G's broker writes it (`hex.EncodeToString`).
 *
 * @example
 * bodySha256("{}"); // "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
 */
export function bodySha256(body: Body): string {
  return sha256(bodyBytes(body)).slice(2);
}
