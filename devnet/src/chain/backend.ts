import { decodeAbiParameters, type EIP1193RequestFn, type Hex } from "viem";
import type { Eip1193RequestProvider } from "../options.js";
import type { RawRpcHandler } from "./edr.js";
import { ProviderRpcError } from "./rpc-error.js";

export type RpcErrorObject = { code: number; message: string; data?: unknown };
export type RpcOutcome = { result: unknown; error?: undefined } | { error: RpcErrorObject; result?: undefined };

/**
 * What the devnet needs of a chain: answer one JSON-RPC call with a result or an error object.
 * Both the in-process EDR chain and an attached EIP-1193 provider are adapted to it, so the HTTP
 * server, the viem clients and the chain controls work the same over either.
 */
export type ChainBackend = {
  call(method: string, params: unknown): Promise<RpcOutcome>;
};

export function edrBackend(handle: RawRpcHandler, chainId: number): ChainBackend {
  const chainIdHex = `0x${chainId.toString(16)}`;
  let id = 0;
  return {
    async call(method, params) {
      // Asked before nearly every viem action; the answer never changes for a created chain.
      if (method === "eth_chainId") return { result: chainIdHex };
      // EDR rejects requests without a params field, which many clients omit.
      const response = JSON.parse(await handle(JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params: params ?? [] }))) as {
        result?: unknown;
        error?: RpcErrorObject;
      };
      if (!response.error) return { result: response.result ?? null };
      // EDR says -32004 "method not supported"; 0G's chain (geth) and the JSON-RPC spec say -32601.
      if (response.error.code === -32004)
        return { error: { code: -32601, message: `the method ${method} does not exist/is not available` } };
      return { error: asGethRevert(response.error) ?? response.error };
    },
  };
}

/**
 * EDR reports a reverted call as -32000 with the revert data nested in `data.data`; geth (0G's
 * execution client) answers `{ code: 3, message: "execution reverted[: reason]", data }`, which is
 * what viem and ethers decode custom errors and reasons from.
 */
function asGethRevert(error: RpcErrorObject): RpcErrorObject | undefined {
  const data = (error.data as { data?: unknown } | undefined)?.data;
  if (typeof data !== "string" || !/^0x[0-9a-fA-F]*$/.test(data) || !error.message.includes("reverted")) return undefined;
  return { code: 3, message: revertMessage(data as Hex), data };
}

function revertMessage(data: Hex): string {
  if (data.startsWith("0x08c379a0")) {
    try {
      const [reason] = decodeAbiParameters([{ type: "string" }], `0x${data.slice(10)}`);
      return `execution reverted: ${reason}`;
    } catch {
      // malformed Error(string) payload: fall through
    }
  }
  return "execution reverted";
}

export function eip1193Backend(provider: Eip1193RequestProvider): ChainBackend {
  return {
    async call(method, params) {
      try {
        const result = await provider.request({ method, params: (params ?? []) as readonly unknown[] | object });
        return { result: result ?? null };
      } catch (error) {
        return { error: toErrorObject(error) };
      }
    },
  };
}

function toErrorObject(error: unknown): RpcErrorObject {
  const e = error as { code?: unknown; message?: unknown; data?: unknown; shortMessage?: unknown };
  const code = typeof e?.code === "number" ? e.code : -32603;
  const message = typeof e?.shortMessage === "string" ? e.shortMessage : typeof e?.message === "string" ? e.message : String(error);
  return e?.data === undefined ? { code, message } : { code, message, data: e.data };
}

/** An EIP-1193 `request` function over a backend; errors are EIP-1193 `ProviderRpcError`s. */
export function toRequestFn(backend: ChainBackend): EIP1193RequestFn {
  return (async ({ method, params }: { method: string; params?: unknown }) => {
    const outcome = await backend.call(method, params);
    if (outcome.error) throw new ProviderRpcError(outcome.error);
    return outcome.result;
  }) as EIP1193RequestFn;
}
