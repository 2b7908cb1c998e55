import { countPromptTokens, countTokens, splitTokens, truncateTokens } from "./tokens.js";
import type { ChatRequest } from "./types.js";

/** OpenAI's `usage` object. */
export type OpenAiUsage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };

/** Tokens per streamed chunk of a formatted answer. */
const tokensPerChunk = 4;

/**
 * The answer text of a request, cut to `max_completion_tokens` / `max_tokens` when given (then
 * `finish_reason` is `"length"`), and its usage.
 */
export function shapeAnswer(request: ChatRequest, content: string, finishReason = "stop") {
  const limit = request.body.max_completion_tokens ?? request.body.max_tokens;
  let text = content;
  let finish = finishReason;
  if (typeof limit === "number" && Number.isInteger(limit) && limit >= 0 && countTokens(content) > limit) {
    text = truncateTokens(content, limit);
    finish = "length";
  }
  const prompt = countPromptTokens(request.body.messages);
  const completion = countTokens(text);
  const usage: OpenAiUsage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  return { text, finish, usage };
}

/** A non-streamed completion (`chat.completion`) with `usage`, as JSON text. */
export function completionJson(request: ChatRequest, content: string, finishReason?: string): string {
  const { text, finish, usage } = shapeAnswer(request, content, finishReason);
  return JSON.stringify({
    id: request.id,
    object: "chat.completion",
    created: request.created,
    model: request.model,
    choices: [{ index: 0, message: { role: "assistant", content: text }, logprobs: null, finish_reason: finish }],
    usage,
  });
}

/**
 * A streamed completion as server-sent events: a role chunk, the text in chunks of a few tokens,
 * a chunk with `finish_reason`, a final chunk with `usage` (as OpenAI sends with
 * `stream_options.include_usage`; 0G's broker bills from it), and `data: [DONE]`.
 */
export function* completionEvents(request: ChatRequest, content: string, finishReason?: string): Generator<string> {
  const { text, finish, usage } = shapeAnswer(request, content, finishReason);
  const chunk = (choices: unknown[], extra: object = {}) =>
    `data: ${JSON.stringify({ id: request.id, object: "chat.completion.chunk", created: request.created, model: request.model, choices, ...extra })}\n\n`;
  yield chunk([{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }]);
  for (const piece of splitTokens(text, tokensPerChunk))
    yield chunk([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]);
  yield chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finish }]);
  yield chunk([], { usage });
  yield "data: [DONE]\n\n";
}
