// Standard, padded base64 (RFC 4648 §4) as 0G's SDK (`Buffer#toString("base64")`) and broker
// (`base64.StdEncoding`) use it. atob/btoa exist in browsers and Node, so no Buffer here.

const canonical = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard padded base64 of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The bytes of canonical standard padded base64, or `undefined` for anything else (URL-safe
 * alphabet, missing padding, whitespace, non-zero trailing bits).
 */
export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (!canonical.test(text)) return undefined;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return encodeBase64(bytes) === text ? bytes : undefined;
}
