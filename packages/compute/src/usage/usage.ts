import { InvalidUsageError } from "../errors.js";

/** Token counts of one completion (OpenAI's `usage`, camel-cased). */
export type ChatUsage = {
  /** `usage.prompt_tokens`: billed at the service's `inputPrice`. */
  promptTokens: number;
  /** `usage.completion_tokens`: billed at the service's `outputPrice`. */
  completionTokens: number;
  /** `usage.total_tokens` (prompt + completion when absent). */
  totalTokens: number;
};

/**
 * The `usage` of a (non-streamed) completion: the parsed object or its JSON text. `undefined` when
 * the completion has no usage (or it is `null`).
 *
 * @throws {InvalidUsageError} when `usage` is there but its counts are not non-negative integers.
 * @example
 * readUsage(await res.json()); // { promptTokens: 12, completionTokens: 30, totalTokens: 42 }
 */
export function readUsage(completion: unknown): ChatUsage | undefined {
  const value = typeof completion === "string" ? parseJson(completion) : completion;
  if (typeof value !== "object" || value === null) return undefined;
  return toUsage((value as { usage?: unknown }).usage);
}

/**
 * The `usage` of a streamed completion (the SSE text, `data: {...}` lines up to `data: [DONE]`),
 * read as 0G's provider bills it: the last chunk with a non-empty usage wins (OpenAI sends it in
 * the final chunk when `stream_options.include_usage` is set); all-zero usages are skipped.
 * `undefined` when no chunk has one.
 *
 * @throws {InvalidUsageError}
 * @example
 * readStreamUsage(sseText); // { promptTokens: 12, completionTokens: 30, totalTokens: 42 }
 */
export function readStreamUsage(sse: string): ChatUsage | undefined {
  let usage: ChatUsage | undefined;
  for (const line of sse.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed.startsWith("data:")) continue;
    const data = trimmed.slice(5).trim();
    if (data === "[DONE]") break;
    const chunk = parseJson(data);
    if (typeof chunk !== "object" || chunk === null) continue;
    const found = toUsage((chunk as { usage?: unknown }).usage);
    if (found !== undefined && (found.promptTokens !== 0 || found.completionTokens !== 0 || found.totalTokens !== 0)) usage = found;
  }
  return usage;
}

function toUsage(usage: unknown): ChatUsage | undefined {
  if (usage === undefined || usage === null) return undefined;
  if (typeof usage !== "object" || Array.isArray(usage)) throw new InvalidUsageError({ value: usage });
  const { prompt_tokens, completion_tokens, total_tokens } = usage as Record<string, unknown>;
  const promptTokens = count("prompt_tokens", prompt_tokens ?? 0);
  const completionTokens = count("completion_tokens", completion_tokens ?? 0);
  const totalTokens = total_tokens === undefined || total_tokens === null ? promptTokens + completionTokens : count("total_tokens", total_tokens);
  return { promptTokens, completionTokens, totalTokens };
}

function count(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) throw new InvalidUsageError({ field, value });
  return value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
