import { stringToBytes } from "viem";
import {
  AuthorizationEncodingError,
  AuthorizationHeaderError,
  AuthorizationPayloadError,
  SessionTokenSignatureFormatError,
} from "../errors.js";
import { decodeBase64Strict, encodeBase64 } from "../utils/base64.js";
import { isRecoverableSignature } from "../utils/signature.js";
import { apiKeyPrefix, authorizationPrefix } from "./constants.js";
import { parseSessionToken } from "./parse.js";
import type { SignedSessionToken } from "./types.js";

/**
 * The API key form of a signed token: `app-sk-<base64(rawMessage + "|" + signature)>`, what 0G's
 * `createApiKey` returns and what OpenAI clients take as `apiKey`.
 *
 * @example
 * const apiKey = formatApiKey(signed);
 * new OpenAI({ baseURL: `${service.url}/v1/proxy`, apiKey });
 */
export function formatApiKey(signed: Pick<SignedSessionToken, "rawMessage" | "signature">): string {
  return `${apiKeyPrefix}${encodeBase64(stringToBytes(`${signed.rawMessage}|${signed.signature}`))}`;
}

/**
 * The `Authorization` header value of a signed token, exactly as 0G's SDK (`getRequestHeaders`)
 * sends it: `Bearer app-sk-<base64(rawMessage + "|" + signature)>`.
 *
 * @example
 * const signed = await createSessionToken({ account, provider });
 * await fetch(`${url}/v1/proxy/chat/completions`, { headers: { Authorization: formatAuthorization(signed) }, ... });
 */
export function formatAuthorization(signed: Pick<SignedSessionToken, "rawMessage" | "signature">): string {
  return `Bearer ${formatApiKey(signed)}`;
}

/**
 * Reads an `Authorization` header strictly, as 0G's provider does before it checks anything else:
 * the `Bearer app-sk-` prefix, canonical padded base64, UTF-8, the first `|`, the token JSON
 * ({@link parseSessionToken}) and a `0x` 65-byte signature with `v` 27 or 28. It does not verify
 * the signature or the token's validity: that is {@link verifySessionToken}.
 *
 * @throws {AuthorizationHeaderError | AuthorizationEncodingError | AuthorizationPayloadError | SessionTokenFormatError | SessionTokenSignatureFormatError}
 * @example
 * const { token, rawMessage, signature } = parseAuthorization(request.headers.get("authorization"));
 */
export function parseAuthorization(header: string | null | undefined): SignedSessionToken {
  if (header === null || header === undefined || header === "") throw new AuthorizationHeaderError({ reason: "missing" });
  if (!header.startsWith(authorizationPrefix)) throw new AuthorizationHeaderError({ reason: "scheme" });
  return decode(header.slice(authorizationPrefix.length));
}

/**
 * Reads an API key (`app-sk-...`, the header without `Bearer `) strictly, like
 * {@link parseAuthorization}.
 *
 * @example
 * parseApiKey(apiKey).token.tokenId; // 0-254 for keys from createApiKey
 */
export function parseApiKey(apiKey: string): SignedSessionToken {
  if (apiKey === "") throw new AuthorizationHeaderError({ reason: "missing" });
  if (!apiKey.startsWith(apiKeyPrefix)) throw new AuthorizationHeaderError({ reason: "scheme" });
  return decode(apiKey.slice(apiKeyPrefix.length));
}

const utf8 = /*#__PURE__*/ new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function decode(encoded: string): SignedSessionToken {
  const bytes = decodeBase64Strict(encoded);
  if (bytes === undefined) throw new AuthorizationEncodingError({ reason: "base64" });
  let payload: string;
  try {
    payload = utf8.decode(bytes);
  } catch {
    throw new AuthorizationEncodingError({ reason: "utf8" });
  }
  const bar = payload.indexOf("|");
  if (bar < 0) throw new AuthorizationPayloadError();
  const rawMessage = payload.slice(0, bar);
  const signature = payload.slice(bar + 1);
  const token = parseSessionToken(rawMessage);
  if (!isRecoverableSignature(signature)) throw new SessionTokenSignatureFormatError({ signature });
  return { token, rawMessage, signature };
}
