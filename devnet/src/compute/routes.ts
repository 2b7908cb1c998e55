import { getAddress, isAddress, isAddressEqual } from "viem";
import type { HttpPrefixRoute, HttpRequest, HttpResponse } from "../server/http.js";
import { authorize, brokerError, jsonHeaders } from "./broker.js";
import { serveChat, type ChatContext } from "./chat.js";
import { proxyModels } from "./model/proxy.js";
import { providerPath } from "./service.js";

/**
 * One endpoint of a provider's API: a method and a path pattern (below `/compute/<i>`) whose
 * groups are handed to `handle`. Inference providers serve {@link inferenceEndpoints}; fine-tuning
 * providers will serve their own table (`/v1/user/:addr/task`, `/v1/model`, ...) through the same
 * {@link providerRoute}.
 */
export type ProviderEndpoint<Context> = {
  method: "GET" | "POST";
  pattern: RegExp;
  handle(ctx: Context, request: HttpRequest, params: readonly string[]): Promise<HttpResponse>;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const json = (value: unknown, status = 200): HttpResponse => ({ status, headers: jsonHeaders, body: JSON.stringify(value) });

/**
 * The endpoints of an inference provider, as 0G's broker serves them:
 * - `POST /v1/proxy/chat/completions`: OpenAI chat, streamed with `stream: true` ({@link serveChat});
 * - `GET /v1/proxy/signature/:chatId`: `{ text, signature, signing_address, signing_algo }`;
 * - `GET /v1/proxy/models` (the model's own list) and `GET /v1/models` (the catalogue 0G's SDK reads in `getProviderModels`);
 * - `GET /v1/user/:address/unsettledfee`: `{ unsettledFee }` for the token's own address (0G's SDK auto-funding);
 * - `GET /v1/quote`: a stand-in for the TDX quote that names the TEE signer and says it is not a quote.
 */
export const inferenceEndpoints: readonly ProviderEndpoint<ChatContext>[] = [
  { method: "POST", pattern: /^\/v1\/proxy\/chat\/completions$/, handle: (ctx, request) => serveChat(ctx, request) },
  {
    method: "GET",
    pattern: /^\/v1\/proxy\/signature\/([^/]+)$/,
    async handle({ provider }, _request, [chatId]) {
      const signature = provider.signatures.get(decodeURIComponent(chatId!).toLowerCase());
      if (!signature) return brokerError("Provider proxy: handle proxied service, prepare HTTP request", "Chat id not found or expired, chat_id_not_found");
      return json(signature);
    },
  },
  {
    method: "GET",
    pattern: /^\/v1\/proxy\/models$/,
    async handle({ provider, chain }) {
      if (provider.model.kind === "proxy") {
        const { status, body } = await proxyModels(provider.model);
        return { status, headers: jsonHeaders, body };
      }
      const created = Math.floor((await chain.now()) / 1000);
      return json({ object: "list", data: [{ id: provider.model.name, object: "model", created, owned_by: "0g-devnet" }] });
    },
  },
  {
    method: "GET",
    pattern: /^\/v1\/models$/,
    async handle({ provider, options }) {
      return json({
        object: "list",
        data: [
          {
            id: provider.model.name,
            object: "model",
            provider: provider.address,
            owned_by: "0g-devnet",
            type: "chatbot",
            description: provider.model.kind === "builtin" ? "The devnet's deterministic built-in model: the same messages always get the same answer." : undefined,
            pricing: { prompt: options.inputPrice.toString(), completion: options.outputPrice.toString() },
            tee_attested: false,
          },
        ],
      });
    },
  },
  {
    method: "GET",
    pattern: /^\/v1\/user\/([^/]+)\/unsettledfee$/,
    async handle({ provider, chain }, request, [address]) {
      const context = "Provider: get unsettled fee";
      if (!isAddress(address!, { strict: false })) return brokerError(context, `invalid user address ${address}`);
      const auth = await authorize(chain, provider, request.headers.authorization, context);
      if (!auth.ok) return auth.response;
      if (!isAddressEqual(auth.value.user, address!)) return brokerError(context, "the session token is not this user's");
      return json({ user: getAddress(address!), provider: provider.address, unsettledFee: provider.unsettledFee(auth.value.user).toString() });
    },
  },
  {
    method: "GET",
    pattern: /^\/v1\/quote$/,
    async handle({ provider }) {
      return json({
        devnet: true,
        quote: null,
        note: "Not a TDX quote: a 0G devnet provider runs in no TEE. Its TEE signer key is derived from a public label; do not trust it outside the devnet.",
        signing_address: provider.keys.tee.address,
        signing_algo: "ecdsa",
        provider: provider.address,
      });
    },
  },
];

/**
 * The HTTP route of provider `ctx.provider` at `prefix` (an inference provider's `/compute/<i>` by
 * default; fine-tuning providers are at `/compute/fine-tuning/<i>`): latency first, then the
 * endpoint whose method and pattern match; `up()` false while the provider is stopped (the server
 * drops the connection).
 */
export function providerRoute<Context extends { provider: Pick<ChatContext["provider"], "index" | "running" | "latency"> }>(
  ctx: Context,
  endpoints: readonly ProviderEndpoint<Context>[],
  prefix: string = providerPath(ctx.provider.index),
): HttpPrefixRoute {
  const { provider } = ctx;
  return {
    prefix,
    up: () => provider.running,
    async serve(request) {
      if (provider.latency > 0) await sleep(provider.latency);
      const allowed: string[] = [];
      for (const endpoint of endpoints) {
        const match = endpoint.pattern.exec(request.path);
        if (!match) continue;
        if (request.method !== endpoint.method && !(endpoint.method === "GET" && request.method === "HEAD")) {
          allowed.push(endpoint.method);
          continue;
        }
        return endpoint.handle(ctx, request, match.slice(1));
      }
      if (allowed.length > 0)
        return { ...brokerError("Provider", `method ${request.method} not allowed on ${request.path}`, 405), headers: { ...jsonHeaders, allow: allowed.join(", ") } };
      return brokerError("Provider", `no endpoint at ${request.path === "" ? "/" : request.path}`, 404);
    },
  };
}
