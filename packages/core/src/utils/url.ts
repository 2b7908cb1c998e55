/**
 * Returns `url` without credentials (`user:pass@`), safe to put in error messages. Query strings and
 * paths are kept: they identify the endpoint; secrets belong in headers, which errors never print.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === "" && parsed.password === "") return url;
    parsed.username = "";
    parsed.password = "";
    return parsed.toString();
  } catch {
    return url;
  }
}

/** True when `value` parses as an absolute http: or https: URL. */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * Splits credentials off a URL: `fetch` refuses URLs with `user:pass@`, so they travel as an HTTP
 * Basic `authorization` header instead. Returns the URL without them and the header, if any.
 */
export function splitCredentials(url: string): { url: string; authorization: string | undefined } {
  const parsed = new URL(url);
  if (parsed.username === "" && parsed.password === "") return { url, authorization: undefined };
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  const binary = Array.from(new TextEncoder().encode(credentials), (byte) => String.fromCharCode(byte)).join("");
  return { url: redactUrl(url), authorization: `Basic ${btoa(binary)}` };
}
