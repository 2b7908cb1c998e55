import { InvalidParameterError } from "../errors/general.js";
import type { RpcParams } from "./types.js";

/** A request on the wire. Ids are bigints so they stay exact above 2^53. */
export type WireRequest = { id: bigint; method: string; params: RpcParams | undefined };

type RawJsonFn = (text: string) => unknown;
const rawJSON = (JSON as unknown as { rawJSON?: RawJsonFn }).rawJSON;

/**
 * Serializes one request. The id is written as an exact JSON integer; bigints inside `params` are
 * written as exact JSON integers too (with `JSON.rawJSON`, Node >= 22). `params` is omitted when
 * undefined, as 0G's own clients do.
 */
export function serializeRequest({ id, method, params }: WireRequest): string {
  const paramsJson = params === undefined ? "" : `,"params":${stringifyParams(params, method)}`;
  return `{"jsonrpc":"2.0","id":${id.toString()},"method":${JSON.stringify(method)}${paramsJson}}`;
}

function stringifyParams(params: RpcParams, method: string): string {
  try {
    return JSON.stringify(params, (_key, value: unknown) => {
      if (typeof value !== "bigint") return value;
      if (rawJSON === undefined) {
        throw new InvalidParameterError({
          name: "params",
          value,
          expected: "no bigint (this runtime lacks JSON.rawJSON; pass a number or a string)",
        });
      }
      return rawJSON(value.toString());
    });
  } catch (error) {
    if (error instanceof InvalidParameterError) throw error;
    throw new InvalidParameterError({
      name: "params",
      value: `params of ${method}`,
      expected: `JSON-serializable params (${error instanceof Error ? error.message : String(error)})`,
    });
  }
}

/** A parsed response body that can still tell each envelope's id exactly. */
export type ParsedBody = {
  value: unknown;
  /** The id of a top-level response object: a bigint, `null`, or `undefined` when absent or not an integer. */
  idOf(envelope: object): bigint | null | undefined;
};

type ReviverWithSource = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

/**
 * Parses a response body. Ids are read without precision loss: when an id is a number beyond 2^53,
 * the body is parsed again with a reviver that reads the id's source text (`context.source`).
 * Returns `undefined` when the body is not JSON.
 */
export function parseBody(text: string): ParsedBody | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const envelopes = Array.isArray(value) ? value : [value];
  const needsSource = envelopes.some(
    (e) => isObject(e) && typeof e.id === "number" && Number.isInteger(e.id) && !Number.isSafeInteger(e.id),
  );
  if (!needsSource) return { value, idOf: (envelope) => readId(envelope, undefined) };

  const sources = new WeakMap<object, string>();
  const reviver: ReviverWithSource = function (key, v, context) {
    if (key === "id" && typeof v === "number" && context?.source !== undefined && isObject(this)) {
      sources.set(this, context.source);
    }
    return v;
  };
  value = JSON.parse(text, reviver as (this: unknown, key: string, value: unknown) => unknown);
  return { value, idOf: (envelope) => readId(envelope, sources) };
}

const integerPattern = /^-?\d+$/;

function readId(envelope: object, sources: WeakMap<object, string> | undefined): bigint | null | undefined {
  const id = (envelope as { id?: unknown }).id;
  if (id === null) return null;
  if (typeof id === "number") {
    if (Number.isSafeInteger(id)) return BigInt(id);
    const source = sources?.get(envelope);
    if (source !== undefined && integerPattern.test(source)) return BigInt(source);
    // Without source access the id cannot be known exactly; it matches nothing rather than the wrong request.
    return undefined;
  }
  // Some servers echo ids as strings.
  if (typeof id === "string" && integerPattern.test(id)) return BigInt(id);
  return undefined;
}

/** True for plain JSON objects (not arrays, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
