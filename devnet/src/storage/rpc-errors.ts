import type { RpcErrorObject } from "../chain/backend.js";

/**
 * The error objects 0G's storage node (Rust, jsonrpsee 0.14) answers with, built the way its
 * `node/rpc/src/error.rs` and jsonrpsee build them, so clients that match on them (the official
 * SDKs treat `already uploaded and finalized` as success and retry on `too many data writing`)
 * behave against the devnet as against a real node.
 */
export class NodeRpcError extends Error {
  readonly rpc: RpcErrorObject;
  constructor(rpc: RpcErrorObject) {
    super(rpc.data === undefined ? rpc.message : `${rpc.message}: ${String(rpc.data)}`);
    this.rpc = rpc;
  }
}

/** `error::invalid_params(param, msg)`: -32602, "Invalid params: <param>", data <msg>. */
export const invalidParams = (param: string, msg: string) =>
  new NodeRpcError({ code: -32602, message: `Invalid params: ${param}`, data: msg });

/** `error::internal_error(msg)`: -32603, "Internal error", data <msg>. */
export const internalError = (msg: string) => new NodeRpcError({ code: -32603, message: "Internal error", data: msg });

/** An `anyhow` error bubbling out of a handler: jsonrpsee answers -32000 with its text. */
export const callFailed = (msg: string) => new NodeRpcError({ code: -32000, message: msg });

/** A parameter that does not deserialize (jsonrpsee `CallError::InvalidParams`): -32602 with serde's text. */
export const paramError = (msg: string) => new NodeRpcError({ code: -32602, message: msg });

/** `error::not_supported()`: -32601, "Not supported". */
export const notSupported = () => new NodeRpcError({ code: -32601, message: "Not supported" });

/** jsonrpsee's answer to an unregistered method. */
export const methodNotFound = () => new NodeRpcError({ code: -32601, message: "Method not found" });
