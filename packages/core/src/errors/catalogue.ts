import { BaseError, describeErrors } from "./base.js";
import { InvalidParameterError } from "./general.js";
import { InvalidDevnetInfoError, NotADevnetError, UnknownNetworkError } from "./network.js";
import {
  HttpRequestError,
  MalformedResponseError,
  RequestAbortedError,
  RpcResponseError,
  TimeoutError,
} from "./transport.js";

/**
 * Every error of `@0g/core` with its stable code and description; the docs build the Errors page
 * from it.
 *
 * @example
 * import { coreErrors } from "@0g/core";
 * const timeout = coreErrors.find((e) => e.code === 1102); // { name: "TimeoutError", ... }
 */
export const coreErrors = /*#__PURE__*/ describeErrors([
  BaseError,
  InvalidParameterError,
  HttpRequestError,
  TimeoutError,
  RpcResponseError,
  MalformedResponseError,
  RequestAbortedError,
  UnknownNetworkError,
  InvalidDevnetInfoError,
  NotADevnetError,
]);
