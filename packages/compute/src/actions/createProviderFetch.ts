import { InvalidParameterError } from "@0g/core";
import type { Account, Address } from "viem";
import { checkAddress, requireAccount, type AccountParameter } from "../client/account.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { providerError, providerFetch, type FetchFn } from "../client/http.js";
import { readService } from "../client/read.js";
import { toComputeService, type ComputeService } from "../client/service.js";
import { sessionAuthorization } from "../client/session.js";
import type { ComputeWalletClient } from "../client/transaction.js";
import { checkResponse, chatIdOf, setResponseVerification, type ResponseVerification } from "../client/verification.js";
import { ResponseIncompleteError, ServiceNotFoundError, ServiceNotVerifiableError } from "../errors.js";
import { topUpProvider, type TopUpProviderParameters } from "./topUpProvider.js";

/** How long a provider fetch trusts the service it read from chain (URL, model, TEE signer). */
const serviceTtl = 60_000;

export type CreateProviderFetchParameters = ComputeContractsParameter &
  AccountParameter & {
    /** The provider every request goes to. */
    provider: Address;
    /**
     * Check every successful POST's TEE signature against the service's on-chain signer, and that it
     * covers the request and response bytes (`getResponseVerification(response)` tells the outcome).
     * `"strict"`: a response that does not verify errors its body at the end (`res.json()`, the
     * SSE stream's last read) with the typed reason. `false`: no checks. Default `true`.
     */
    verify?: boolean | "strict" | undefined;
    /** Called with each verification once its response has been read through. */
    onVerification?: ((verification: ResponseVerification, response: Response) => void) | undefined;
    /** Authenticate with this API key (`app-sk-...`, from `createApiKey`) instead of ephemeral session tokens. */
    apiKey?: string | undefined;
    /**
     * Before each POST, top up the sub-account when it runs low ({@link topUpProvider}; one check
     * and transfer at a time per provider). `true` uses its defaults. Default `false`.
     */
    autoTopUp?: boolean | Pick<TopUpProviderParameters, "reserve" | "minimumTransfer"> | undefined;
    /** Reject provider error answers with typed errors (`ProviderTokenRevokedError`, ...) instead of returning them. Default `false`. */
    throwOnError?: boolean | undefined;
    /** Milliseconds to wait for an answer's headers; then `ProviderUnreachableError`. Default: no limit. */
    timeout?: number | undefined;
    /** The `fetch` to send with. Default: the global one. */
    fetch?: FetchFn | undefined;
  };

/** A `fetch` bound to one provider: relative URLs resolve against its `{url}/v1/proxy`. */
export type ProviderFetch = ((input: RequestInfo | URL, init?: RequestInit) => Promise<Response>) & {
  /** The provider's address. */
  readonly provider: Address;
  /** The provider's service, read from chain (cached for a minute). */
  service(): Promise<ComputeService>;
};

/**
 * A `fetch` for one provider's OpenAI-compatible API that does what 0G's SDK asks of its callers:
 * adds `Authorization: Bearer app-sk-...` (a cached ephemeral session token of the current
 * generation, or `apiKey`), resolves relative paths against `{url}/v1/proxy`, optionally tops up
 * the sub-account first, and verifies each answer's TEE signature while the caller reads it (for
 * SSE streams too: the stream passes through, and is checked when it ends). A provider that cannot
 * be reached rejects with `ProviderUnreachableError`.
 *
 * @example
 * import { createProviderFetch, getResponseVerification } from "@0g/compute";
 * const chat = createProviderFetch(walletClient, { provider, verify: "strict", autoTopUp: true });
 * const res = await chat("/chat/completions", {
 *   method: "POST",
 *   headers: { "Content-Type": "application/json" },
 *   body: JSON.stringify({ model, messages: [{ role: "user", content: "Hello" }] }),
 * });
 * const completion = await res.json(); // rejects with the reason if the signature is forged
 * console.log(await getResponseVerification(res)); // { valid: true, chatId, signer, text }
 */
export function createProviderFetch(client: ComputeWalletClient, parameters: CreateProviderFetchParameters): ProviderFetch {
  const provider = checkAddress("provider", parameters.provider);
  const account: Account | undefined = parameters.apiKey === undefined ? requireAccount(client, parameters.account, "createProviderFetch") : undefined;
  const verify = parameters.verify ?? true;
  if (verify !== true && verify !== false && verify !== "strict")
    throw new InvalidParameterError({ name: "verify", value: verify, expected: 'true, false or "strict"' });
  if (parameters.autoTopUp) requireAccount(client, parameters.account, "createProviderFetch with autoTopUp");

  let cached: { at: number; service: Promise<ComputeService> } | undefined;
  const service = (): Promise<ComputeService> => {
    if (cached === undefined || Date.now() - cached.at > serviceTtl) {
      const reading = (async () => {
        const inference = await computeContract(client, "inference", parameters.contracts);
        const raw = await readService(client, inference, provider);
        if (raw === undefined) throw new ServiceNotFoundError({ provider });
        return toComputeService(raw);
      })();
      cached = { at: Date.now(), service: reading };
      reading.catch(() => (cached = undefined));
    }
    return cached.service;
  };

  const fetchProvider = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const svc = await service();
    const request = typeof Request !== "undefined" && input instanceof Request ? input : undefined;
    const url = resolveUrl(svc, request ? request.url : input instanceof URL ? input.href : String(input));
    const method = (init.method ?? request?.method ?? "GET").toUpperCase();
    const headers = new Headers(request?.headers);
    new Headers(init.headers).forEach((value, name) => headers.set(name, value));
    const body = await bodyBytes(init.body, request, headers);

    if (parameters.apiKey !== undefined) headers.set("Authorization", `Bearer ${parameters.apiKey}`);
    else {
      const inference = await computeContract(client, "inference", parameters.contracts);
      headers.set("Authorization", await sessionAuthorization(client, { account: account!, inference, provider }));
    }
    if (parameters.autoTopUp && method === "POST") {
      const options = parameters.autoTopUp === true ? {} : parameters.autoTopUp;
      await topUpProvider(client, {
        provider,
        ...(parameters.account === undefined ? {} : { account: parameters.account }),
        ...(parameters.contracts === undefined ? {} : { contracts: parameters.contracts }),
        ...(options.reserve === undefined ? {} : { reserve: options.reserve }),
        ...(options.minimumTransfer === undefined ? {} : { minimumTransfer: options.minimumTransfer }),
        ...(parameters.fetch === undefined ? {} : { fetch: parameters.fetch }),
      });
    }

    const { headers: _h, body: _b, method: _m, ...rest } = init;
    const response = await providerFetch(
      url,
      { ...rest, method, headers, ...(body === undefined ? {} : { body: body as BodyInit }), signal: init.signal ?? request?.signal ?? null },
      { timeout: parameters.timeout, fetch: parameters.fetch },
    );
    if (!response.ok) {
      if (!parameters.throwOnError) return response;
      throw providerError({ url, status: response.status, body: await response.text().catch(() => "") });
    }
    if (verify === false || method !== "POST" || response.body === null) return response;
    if (!svc.verifiable && verify !== "strict") return response;
    return verified(response, {
      strict: verify === "strict",
      check: (bytes) =>
        svc.verifiable
          ? checkResponse({ service: svc, chatId: chatIdOf(response.headers, bytes), request: body ?? new Uint8Array(), response: bytes, fetch: parameters.fetch })
          : Promise.resolve({ valid: false, chatId: chatIdOf(response.headers, bytes), error: new ServiceNotVerifiableError({ provider }) }),
      onVerification: parameters.onVerification,
    });
  };
  return Object.assign(fetchProvider, { provider, service });
}

/** A path (`/chat/completions`, `chat/completions`) under the endpoint, or an absolute URL under the provider's. */
function resolveUrl(service: ComputeService, input: string): string {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(input)) return `${service.endpoint}/${input.replace(/^\/+/, "")}`;
  const base = service.url.replace(/\/+$/, "");
  if (input === base || input.startsWith(`${base}/`) || input.startsWith(`${base}?`)) return input;
  throw new InvalidParameterError({ name: "input", value: input, expected: `a path, or a URL under the provider's ${base} (the session token is for it only)` });
}

/** The request body as the exact bytes that will be sent (and hashed); sets the content type of forms and blobs. */
async function bodyBytes(body: BodyInit | null | undefined, request: Request | undefined, headers: Headers): Promise<Uint8Array | undefined> {
  if (body === undefined || body === null) {
    if (request === undefined || request.body === null) return undefined;
    return new Uint8Array(await request.clone().arrayBuffer());
  }
  if (typeof body === "string") return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  const wrapped = new Response(body);
  const type = wrapped.headers.get("content-type");
  if (type !== null && !headers.has("content-type")) headers.set("content-type", type);
  return new Uint8Array(await wrapped.arrayBuffer());
}

/**
 * The response with its body passed through and recorded; at its end the verification runs, is
 * recorded for `getResponseVerification`, and in strict mode a failure errors the body.
 */
function verified(
  response: Response,
  {
    strict,
    check,
    onVerification,
  }: { strict: boolean; check: (bytes: Uint8Array) => Promise<ResponseVerification>; onVerification: ((v: ResponseVerification, r: Response) => void) | undefined },
): Response {
  const reader = response.body!.getReader();
  const events = /^text\/event-stream/i.test(response.headers.get("content-type") ?? "");
  const chunks: Uint8Array[] = [];
  let settle!: (v: ResponseVerification) => void;
  const verification = new Promise<ResponseVerification>((resolve) => (settle = resolve));
  let settled = false;
  const finish = (v: ResponseVerification) => {
    if (settled) return;
    settled = true;
    settle(v);
    try {
      onVerification?.(v, wrapped);
    } catch {
      // the caller's callback
    }
  };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        finish({ valid: false, chatId: undefined, error: new ResponseIncompleteError({ cause: error }) });
        controller.error(error);
        return;
      }
      if (!next.done) {
        chunks.push(next.value);
        if (!events || !endsWithDone(chunks)) {
          controller.enqueue(next.value);
          return;
        }
        // The stream's last event: clients stop reading here (the openai package cancels the body),
        // so hold it back, read the source to its end, and verify before handing it over.
        const held = [next.value];
        try {
          for (;;) {
            const rest = await reader.read();
            if (rest.done) break;
            chunks.push(rest.value);
            held.push(rest.value);
          }
        } catch (error) {
          finish({ valid: false, chatId: undefined, error: new ResponseIncompleteError({ cause: error }) });
          controller.error(error);
          return;
        }
        const v = await check(concat(chunks));
        finish(v);
        if (strict && !v.valid) return controller.error(v.error);
        for (const chunk of held) controller.enqueue(chunk);
        controller.close();
        return;
      }
      const v = await check(concat(chunks));
      finish(v);
      if (strict && !v.valid) controller.error(v.error);
      else controller.close();
    },
    cancel(reason) {
      finish({ valid: false, chatId: undefined, error: new ResponseIncompleteError({ cause: reason }) });
      return reader.cancel(reason);
    },
  });
  const wrapped = new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
  setResponseVerification(wrapped, verification);
  return wrapped;
}

/** True when the SSE text received so far ends with its `data: [DONE]` event. */
function endsWithDone(chunks: readonly Uint8Array[]): boolean {
  let tail = "";
  for (let i = chunks.length - 1; i >= 0 && tail.length < 64; i--) tail = new TextDecoder().decode(chunks[i]) + tail;
  return /(?:^|\n)data: ?\[DONE\]\s*$/.test(tail);
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
