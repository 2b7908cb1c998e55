import { randomUUID } from "node:crypto";
import { getChatId, readStreamUsage, readUsage, signResponse, type ChatUsage } from "@0g/compute";
import type { Address } from "viem";
import type { HttpRequest, HttpResponse } from "../server/http.js";
import { authorize, brokerError, proxyContext, type AccountView } from "./broker.js";
import type { ComputeChain } from "./chain.js";
import { completionEvents, completionJson } from "./model/format.js";
import { countPromptTokens, countTokens } from "./model/tokens.js";
import type { ChatCompletionRequest, ChatHandler, ChatRequest, ChatResponse } from "./model/types.js";
import type { ResolvedComputeOptions } from "./options.js";
import type { ProviderState } from "./provider.js";

/** What a provider's chat endpoint works with. */
export type ChatContext = {
  chain: ComputeChain;
  options: ResolvedComputeOptions;
  provider: ProviderState;
  handler: ChatHandler;
  /** Called after a request is billed, with what the user has left (for automatic settlement). */
  onBilled(user: Address, lockedBalance: bigint): void;
};

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/** Headers of a billed answer: the chat id to fetch its signature with, and the provider. */
const exposed = "ZG-Res-Key, Provider, Content-Encoding";

/**
 * `POST /v1/proxy/chat/completions`, as 0G's broker serves it: parse the body, validate the
 * session token and the account, check the balance covers the unsettled fees, this request's
 * input fee and the minimum locked balance, run the model, then bill the request from the
 * answer's `usage` and sign `sha256(request):sha256(response)` with the TEE key. The signature
 * is stored before the response ends, under the `ZG-Res-Key` header's chat id.
 */
export async function serveChat(ctx: ChatContext, request: HttpRequest): Promise<HttpResponse> {
  const { provider, options, chain } = ctx;
  const parsed = parseBody(request.body);
  if (!parsed.ok) return brokerError(`${proxyContext}, get input fee and count`, parsed.message);
  const body = parsed.body;
  if (body.model !== undefined && body.model !== provider.model.name)
    return brokerError(`${proxyContext}, validate request`, `model "${String(body.model)}" is not served by this provider (it serves "${provider.model.name}")`);

  const auth = await authorize(chain, provider, request.headers.authorization, proxyContext);
  if (!auth.ok) return auth.response;
  const { user, account } = auth.value;
  const promptEstimate = countPromptTokens(body.messages);
  const locked = account.balance - account.pendingRefund;
  const total = BigInt(promptEstimate) * options.inputPrice + provider.unsettledFee(user) + options.minLockedBalance;
  if (total > locked)
    return brokerError(
      `${proxyContext}, validate request`,
      `insufficient balance, total fee of ${total} (including response reservation) exceeds the available balance of ${locked}`,
    );

  const stream = body.stream === true;
  const chat: ChatRequest = {
    body,
    rawBody: request.body,
    stream,
    id: `chatcmpl-${randomUUID()}`,
    created: Math.floor((await chain.now()) / 1000),
    model: provider.model.name,
    signal: request.signal,
  };
  let answer: ChatResponse;
  try {
    answer = await ctx.handler(chat);
  } catch (error) {
    return brokerError(`${proxyContext} response, call proxied service`, error instanceof Error ? error.message : String(error));
  }

  const headers = {
    "ZG-Res-Key": chat.id,
    Provider: provider.address,
    "Access-Control-Expose-Headers": exposed,
  };
  const finish = (bytes: Uint8Array) => bill(ctx, { chat, user, account, promptEstimate }, bytes);
  const eventHeaders = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", ...headers };

  if (answer.content !== undefined) {
    if (stream) return { status: 200, headers: eventHeaders, stream: recorded(paced(completionEvents(chat, answer.content, answer.finishReason)), finish) };
    const json = encoder.encode(completionJson(chat, answer.content, answer.finishReason));
    await finish(json);
    return { status: 200, headers: { "content-type": "application/json; charset=utf-8", ...headers }, body: json };
  }
  const status = answer.status ?? 200;
  if (answer.body !== undefined) {
    const bytes = typeof answer.body === "string" ? encoder.encode(answer.body) : answer.body;
    if (status === 200) await finish(bytes);
    return { status, headers: { "content-type": stream ? eventHeaders["content-type"] : "application/json; charset=utf-8", ...answer.headers, ...(status === 200 ? headers : {}) }, body: bytes };
  }
  if (status !== 200) return { status, headers: { ...answer.headers }, body: await collect(answer.stream) };
  return { status, headers: { ...eventHeaders, ...answer.headers, ...headers }, stream: recorded(answer.stream, finish) };
}

/** Bills a completed answer, signs it (with the wrong key when lying) and stores the signature. */
async function bill(
  ctx: ChatContext,
  { chat, user, account, promptEstimate }: { chat: ChatRequest; user: Address; account: AccountView; promptEstimate: number },
  bytes: Uint8Array,
): Promise<void> {
  const { provider, options } = ctx;
  const text = utf8.decode(bytes);
  let usage: ChatUsage | undefined;
  try {
    usage = chat.stream ? readStreamUsage(text) : readUsage(text);
  } catch {
    usage = undefined;
  }
  // 0G's broker without usage: the estimate for the prompt, a word count for the answer.
  const promptTokens = usage?.promptTokens ?? promptEstimate;
  const completionTokens = usage?.completionTokens ?? countTokens(outputText(text, chat.stream));
  const inputFee = BigInt(promptTokens) * options.inputPrice;
  const outputFee = BigInt(completionTokens) * options.outputPrice;
  provider.bill({ requestHash: randomUUID(), userAddress: user, fee: inputFee + outputFee, inputFee, outputFee });

  const signed = await signResponse({ account: provider.lying ? provider.keys.liar : provider.keys.tee, request: chat.rawBody, response: bytes });
  // A lying provider still claims its registered TEE signer.
  const signature = { ...signed, signing_address: provider.keys.tee.address };
  provider.remember(chat.id, signature);
  const upstreamId = getChatId({ body: text });
  if (upstreamId !== undefined && upstreamId !== chat.id) provider.remember(upstreamId, signature);
  ctx.onBilled(user, account.balance - account.pendingRefund - provider.unsettledFee(user));
}

/** Passes the chunks on and hands the whole body to `done` once the source is exhausted. */
async function* recorded(source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, done: (bytes: Uint8Array) => Promise<void>) {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) {
    const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
    chunks.push(bytes);
    yield bytes;
  }
  await done(Buffer.concat(chunks));
}

/** The built-in stream, a macrotask between chunks so they leave as separate writes. */
async function* paced(events: Iterable<string>) {
  for (const event of events) {
    yield event;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

async function collect(source: AsyncIterable<string | Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
  return Buffer.concat(chunks);
}

function parseBody(raw: Uint8Array): { ok: true; body: ChatCompletionRequest } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(raw));
  } catch (error) {
    return { ok: false, message: `failed to unmarshal reqBody: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, message: "failed to unmarshal reqBody: not a JSON object" };
  const messages = (value as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) return { ok: false, message: "messages field not found in reqBody" };
  if (!messages.every((m) => typeof m === "object" && m !== null && typeof (m as { role?: unknown }).role === "string"))
    return { ok: false, message: "failed to unmarshal reqBody: every message needs a role" };
  return { ok: true, body: value as ChatCompletionRequest };
}

/** The answer's text from a completion or an SSE stream (`message.content` / `delta.content`). */
function outputText(text: string, stream: boolean): string {
  const contents = (value: unknown): string => {
    const choices = (value as { choices?: unknown } | null)?.choices;
    if (!Array.isArray(choices)) return "";
    return choices
      .map((c: { message?: { content?: unknown }; delta?: { content?: unknown } }) => {
        const content = c?.message?.content ?? c?.delta?.content;
        return typeof content === "string" ? content : "";
      })
      .join("");
  };
  const json = (s: string): unknown => {
    try {
      return JSON.parse(s);
    } catch {
      return null;
    }
  };
  if (!stream) return contents(json(text));
  let out = "";
  for (const line of text.split("\n")) {
    const data = line.trim();
    if (!data.startsWith("data:") || data === "data: [DONE]") continue;
    out += contents(json(data.slice(5).trim()));
  }
  return out;
}
