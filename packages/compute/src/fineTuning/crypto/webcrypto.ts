import { FineTunedModelDecryptionError } from "../../errors.js";

/** WebCrypto's `subtle` (Node 20+, browsers' secure contexts). */
export function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s)
    throw new FineTunedModelDecryptionError({
      reason: "unavailable",
      details: "globalThis.crypto.subtle is missing: use Node 20+ or a browser page served over https or localhost.",
    });
  return s;
}

/** The bytes as an ArrayBuffer-backed view, as WebCrypto's types ask. */
export function toArrayBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}
