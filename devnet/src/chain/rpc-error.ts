/**
 * A JSON-RPC error raised by the devnet's EIP-1193 `request` function. Its shape is EIP-1193's
 * `ProviderRpcError` (`code` is the JSON-RPC error code, `data` the revert data), not a kit
 * `BaseError`: viem and every other EIP-1193 consumer read `code` and `data` to decode reverts.
 */
export class ProviderRpcError extends Error {
  override name = "ProviderRpcError";
  readonly code: number;
  readonly data: unknown;
  constructor({ code, message, data }: { code: number; message: string; data?: unknown }) {
    super(message);
    this.code = code;
    this.data = data;
  }
}
