/** Random bytes from the platform's CSPRNG (Node 22+ and browsers), in 64 KiB draws. */
export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let at = 0; at < length; at += 65_536) globalThis.crypto.getRandomValues(out.subarray(at, Math.min(length, at + 65_536)));
  return out;
}
