/** One message of an OpenAI chat completion request (content parts are kept as given). */
export type ChatMessage = {
  role: string;
  content?: string | readonly { type: string; text?: string }[] | null;
  name?: string;
};

/** The fields of an OpenAI chat completion request the devnet reads; the rest is passed along as is. */
export type ChatCompletionRequest = {
  model?: string;
  messages: readonly ChatMessage[];
  stream?: boolean;
  max_tokens?: number;
  max_completion_tokens?: number;
  stream_options?: { include_usage?: boolean };
  [field: string]: unknown;
};

/** What a {@link ChatHandler} is asked. */
export type ChatRequest = {
  /** The parsed request body. */
  body: ChatCompletionRequest;
  /** The request body's exact bytes (what the response signature covers). */
  rawBody: Uint8Array;
  /** `body.stream === true`: the client expects server-sent events. */
  stream: boolean;
  /** The completion id to answer with (`chatcmpl-…`); it is also the `ZG-Res-Key` of the response. */
  id: string;
  /** Unix seconds (chain time) to put in `created`. */
  created: number;
  /** The service's model name. */
  model: string;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
};

/**
 * What a {@link ChatHandler} answers:
 * - `{ content }`: the answer's text; the provider formats it as a completion (or a stream of
 *   chunks), counts tokens and adds `usage`, as the built-in model does;
 * - `{ body }`: the whole HTTP body as an OpenAI-compatible server sends it (JSON, or the SSE text
 *   for a stream);
 * - `{ stream }`: the body in pieces, written to the client as they come (SSE for a stream).
 *
 * A `status` other than 200 is passed to the client as is, and the request is not billed.
 * Fees come from the body's `usage` (for a stream: the last chunk with one), as 0G's broker reads it.
 */
export type ChatResponse =
  | { content: string; finishReason?: string; status?: undefined; body?: undefined; stream?: undefined }
  | { status?: number; headers?: Readonly<Record<string, string>>; body: string | Uint8Array; content?: undefined; stream?: undefined }
  | { status?: number; headers?: Readonly<Record<string, string>>; stream: AsyncIterable<string | Uint8Array>; content?: undefined; body?: undefined };

/**
 * A provider's model: answers one chat completion request. The provider around it does what 0G's
 * broker does (session token, balance, billing, TEE signature), so a handler only produces output.
 *
 * @example
 * const upper: ChatHandler = ({ body }) => ({ content: String(body.messages.at(-1)?.content).toUpperCase() });
 * await createDevnet({ compute: { model: { name: "upper", handler: upper } } });
 */
export type ChatHandler = (request: ChatRequest) => ChatResponse | Promise<ChatResponse>;
