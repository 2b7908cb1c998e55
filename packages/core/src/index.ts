// The public API of @0g/core: explicit named exports only (index.test.ts snapshots this list).

// Errors
export { BaseError, describeErrors, docsBaseUrl, isBaseError } from "./errors/base.js";
export type { BaseErrorParameters, ErrorClass } from "./errors/base.js";
export { coreErrors } from "./errors/catalogue.js";
export { errorCodeRanges } from "./errors/codes.js";
export { InvalidParameterError } from "./errors/general.js";
export { revertOf } from "./errors/revert.js";
export { InvalidDevnetInfoError, NotADevnetError, UnknownNetworkError } from "./errors/network.js";
export {
  HttpRequestError,
  MalformedResponseError,
  RequestAbortedError,
  RpcResponseError,
  TimeoutError,
} from "./errors/transport.js";
export type { RequestContext, RpcErrorObject } from "./errors/transport.js";

// Chains
export { defineZgDevnet, zgDevnet, zgDevnetDefaults, zgGalileo, zgMainnet } from "./chains/definitions.js";
export type { DefineZgDevnetParameters, ZgChain, ZgDevnetChain } from "./chains/definitions.js";

// Network registry
export { networks } from "./networks/definitions.js";
export { devnetInfoMethod, getDevnetInfo, networkFromDevnetInfo } from "./networks/devnet.js";
export type { GetDevnetInfoErrorType, GetDevnetInfoOptions } from "./networks/devnet.js";
export { parseDevnetInfo } from "./networks/parseDevnetInfo.js";
export { getNetwork, listNetworks, registerNetwork, unregisterNetwork } from "./networks/registry.js";
export type {
  ContractName,
  DevnetAccount,
  DevnetInfo,
  EndpointName,
  NetworkContracts,
  NetworkEndpoints,
  NetworkInfo,
} from "./networks/types.js";

// JSON-RPC transport
export { createRpcClient } from "./transport/createRpcClient.js";
export { cutLongJsonStrings, rawJson } from "./transport/json.js";
export type { RawJson } from "./transport/json.js";
export type {
  CreateRpcClientParameters,
  RpcBatchOptions,
  RpcBatchResult,
  RpcClient,
  RpcFetchFn,
  RpcMethod,
  RpcParams,
  RpcRequestArguments,
  RpcRequestBatchFn,
  RpcRequestErrorType,
  RpcRequestFn,
  RpcRequestOptions,
  RpcReturnType,
  RpcSchema,
} from "./transport/types.js";
