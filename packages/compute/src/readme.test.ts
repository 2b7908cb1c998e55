// The README's protocol-core example, run as written against a stand-in provider built from the
// same primitives (keep them in sync).
import type { Address } from "viem";
import { afterEach, expect, it, vi } from "vitest";
import {
  computeFee, createSessionToken, formatAuthorization, getChatId, readUsage, responseSignerAddress,
  serviceEndpoint, signResponse, verifyResponseSignature, verifySessionToken, type ResponseSignature,
} from "./index.js";
import { provider, tee, userKey } from "./test/keys.js";
import { privateKeyToAccount } from "viem/accounts";

afterEach(() => {
  vi.unstubAllGlobals();
});

it("README: protocol core example", async () => {
  const key = userKey;
  const generation = 0n;
  const providerAddress = provider.address;
  const service = {
    provider: provider.address,
    url: "https://provider.example",
    model: "qwen-2.5-7b",
    inputPrice: 100n,
    outputPrice: 1000n,
    teeSignerAddress: tee.address as Address,
    additionalInfo: JSON.stringify({ TargetSeparated: false, TEEVerifier: "dstack" }),
  };
  const readAccount = async (_user: Address) => ({ generation: 0n, revokedBitmap: 0n });

  // The stand-in provider: checks the token, answers, signs sha256(request):sha256(response).
  const signatures = new Map<string, ResponseSignature>();
  vi.stubGlobal("fetch", async (url: string, init?: RequestInit) => {
    if (url.endsWith("/chat/completions")) {
      const headers = new Headers(init?.headers);
      const req = { headers: { authorization: headers.get("authorization") ?? undefined } };
      // Provider: the checks of 0G's broker, in its order; the user's address or a typed error.
      const user = await verifySessionToken(req.headers.authorization ?? "", {
        provider: providerAddress,
        account: (user) => readAccount(user),
      });
      const chatId = crypto.randomUUID();
      const text = JSON.stringify({ id: `chatcmpl-${chatId}`, object: "chat.completion", user, choices: [{ message: { role: "assistant", content: "hello" } }], usage: { prompt_tokens: 8, completion_tokens: 2, total_tokens: 10 } });
      signatures.set(chatId, await signResponse({ account: tee, request: String(init?.body), response: text }));
      return new Response(text, { headers: { "ZG-Res-Key": chatId } });
    }
    const chatId = url.split("/signature/")[1]!;
    return Response.json(signatures.get(chatId));
  });

  // Client: an ephemeral session token (token id 255, 24 h), as 0G's SDK sends it.
  const account = privateKeyToAccount(key);
  const signed = await createSessionToken({ account, provider: service.provider, generation });
  const body = JSON.stringify({ model: service.model, messages: [{ role: "user", content: "hi" }] });
  const res = await fetch(`${serviceEndpoint(service.url)}/chat/completions`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: formatAuthorization(signed) },
    body,
  });
  const text = await res.text();
  const fee = computeFee({ usage: readUsage(text)!, inputPrice: service.inputPrice, outputPrice: service.outputPrice });

  const chatId = getChatId({ headers: res.headers, body: text });
  const answer = await (await fetch(`${serviceEndpoint(service.url)}/signature/${chatId}`)).json();
  await verifyResponseSignature({ signature: answer, signer: responseSignerAddress(service), request: body, response: text });

  expect(fee).toBe(8n * 100n + 2n * 1000n);
  expect(JSON.parse(text).user).toBe(account.address);
  await expect(verifyResponseSignature({ signature: answer, signer: responseSignerAddress(service), request: body, response: `${text} ` })).rejects.toMatchObject({ code: 4023 });
});
