import type { RpcErrorObject } from "../errors/transport.js";
import { isObject, type ParsedBody } from "./json.js";

/** What the response says about one request. */
export type EntryOutcome =
  | { type: "result"; result: unknown }
  | { type: "error"; error: RpcErrorObject }
  | { type: "malformed"; reason: string };

/**
 * Matches a parsed response body to the requests that were sent, by id and never by position.
 * `batch` says whether the body sent was an array. Returns one outcome per requested id.
 */
export function matchResponses(ids: readonly bigint[], parsed: ParsedBody, batch: boolean): Map<bigint, EntryOutcome> {
  const outcomes = new Map<bigint, EntryOutcome>();
  const everyone = (outcome: EntryOutcome) => {
    for (const id of ids) outcomes.set(id, outcome);
    return outcomes;
  };
  const { value } = parsed;

  if (Array.isArray(value)) {
    const byId = new Map<bigint, unknown>();
    for (const envelope of value) {
      if (!isObject(envelope)) continue;
      const id = parsed.idOf(envelope);
      if (typeof id === "bigint" && !byId.has(id)) byId.set(id, envelope);
    }
    for (const id of ids) {
      const envelope = byId.get(id);
      outcomes.set(
        id,
        envelope === undefined
          ? { type: "malformed", reason: `The batch response has no entry for request id ${id}.` }
          : readEnvelope(envelope),
      );
    }
    return outcomes;
  }

  if (!isObject(value)) {
    const kind = value === null ? "null" : typeof value;
    return everyone({ type: "malformed", reason: `Expected a JSON-RPC response object, got ${kind}.` });
  }

  const id = parsed.idOf(value);
  // A response with a null id reports a failure of the whole HTTP request (parse error, invalid
  // request, rate limit): per JSON-RPC 2.0 it is the answer to every request in it.
  if (id === null && "error" in value) return everyone(readEnvelope(value));
  if (batch) {
    return everyone({ type: "malformed", reason: "The response to a batch request is not an array." });
  }
  const [only] = ids;
  if (only === undefined) return outcomes;
  if (id !== only) {
    const reason =
      id === undefined || id === null
        ? "The response has no usable id."
        : `The response id ${id} does not match the request id ${only}.`;
    return everyone({ type: "malformed", reason });
  }
  outcomes.set(only, readEnvelope(value));
  return outcomes;
}

function readEnvelope(envelope: unknown): EntryOutcome {
  if (!isObject(envelope)) return { type: "malformed", reason: "The response entry is not an object." };
  if ("error" in envelope && envelope.error !== undefined && envelope.error !== null) {
    const { error } = envelope;
    if (!isObject(error) || typeof error.code !== "number" || !Number.isInteger(error.code) || typeof error.message !== "string") {
      return { type: "malformed", reason: "The response has an error member that is not a JSON-RPC error object." };
    }
    return {
      type: "error",
      error: { code: error.code, message: error.message, ...("data" in error ? { data: error.data } : {}) },
    };
  }
  if ("result" in envelope) return { type: "result", result: envelope.result };
  return { type: "malformed", reason: "The response has neither a result nor an error." };
}
