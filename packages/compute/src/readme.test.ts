// The README's examples, run as written (keep them in sync): the quick start against a devnet, the
// protocol core against a stand-in provider built from the same primitives.
import type { Address } from "viem";
import { afterEach, expect, it, vi } from "vitest";
import {
  computeFee, createSessionToken, formatAuthorization, getChatId, readUsage, responseSignerAddress,
  serviceEndpoint, signResponse, verifyResponseSignature, verifySessionToken, type ResponseSignature,
} from "./index.js";
import { provider, tee, userKey } from "./test/keys.js";
import { privateKeyToAccount } from "viem/accounts";
import OpenAI from "openai";
import { createWalletClient, http, parseEther, type Hex } from "viem";
import { computeActions, getResponseVerification } from "./index.js";
import { startDevnet } from "./test/devnet.js";
import { download, upload } from "@0g/storage";

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

it("README: quick start", async () => {
  const t = await startDevnet({ accounts: 2 });
  try {
    const key = t.devnet.accounts[0]!.privateKey as Hex;
    const zgDevnet = t.devnet.chain; // the README's zgDevnet, at this devnet's port
    const client = createWalletClient({ account: privateKeyToAccount(key), chain: zgDevnet, transport: http(t.rpcUrl) })
      .extend(computeActions());

    const [service] = await client.listServices({ acknowledgedOnly: true });
    await client.depositFund({ amount: parseEther("10") });
    await client.transferFund({ provider: service!.provider, amount: parseEther("3") });

    const { model, ...options } = await client.createOpenAIOptions({ provider: service!.provider, verify: "strict", autoTopUp: true });
    const openai = new OpenAI({ ...options, maxRetries: 0 });
    const { data, response } = await openai.chat.completions
      .create({ model, messages: [{ role: "user", content: "Hello, 0G!" }] })
      .withResponse();
    expect(data.choices[0]!.message.content).toMatch(/^You asked: "Hello, 0G!"/);
    expect(await getResponseVerification(response)).toMatchObject({ valid: true, chatId: data.id, signer: service!.teeSignerAddress });

    const stream = await openai.chat.completions.create({ model, stream: true, messages: [{ role: "user", content: "Stream it" }] });
    let out = "";
    for await (const chunk of stream) out += chunk.choices[0]?.delta?.content ?? "";
    expect(out).toMatch(/^You asked: "Stream it"/);

    const { unsettledFee, settlements } = await client.getSettlementStatus({ provider: service!.provider });
    expect(unsettledFee).toBeGreaterThan(0n);
    expect(settlements).toEqual([]);
    await client.retrieveFund();
    const { refunds } = await client.getPendingRefunds();
    expect(refunds).toEqual([expect.objectContaining({ provider: service!.provider, amount: parseEther("3"), unlocked: false })]);
  } finally {
    await t.devnet.stop();
  }
}, 60_000);

it("README: fine-tuning", async () => {
  const t = await startDevnet({ accounts: 2, storage: { nodes: 1 }, compute: { providers: 1, settlement: { auto: false }, fineTuning: { trainingTime: 60 } } });
  try {
    const key = t.devnet.accounts[0]!.privateKey as Hex;
    const client = createWalletClient({ account: privateKeyToAccount(key), chain: t.devnet.chain, transport: http(t.rpcUrl), pollingInterval: 50 })
      .extend(computeActions());
    await client.depositFund({ amount: parseEther("10") });
    const datasetBytes = new TextEncoder().encode('{"instruction":"2+2?","input":"","output":"4"}\n{"instruction":"3+3?","input":"","output":"6"}');

    const [ft] = await client.listFineTuningServices();
    await client.transferFund({ provider: ft!.provider, service: "fine-tuning", amount: parseEther("2") });

    const { root: datasetHash } = await upload(client, { data: datasetBytes, workers: false });
    const { taskId } = await client.createFineTuningTask({
      provider: ft!.provider,
      model: "mock-model",
      datasetHash,
      trainingParams: { num_train_epochs: 1, learning_rate: 0.0002 },
    });
    const seen: string[] = [];
    const { deliverable } = await client.waitForFineTuningDeliverable({ provider: ft!.provider, taskId, onProgress: (task) => seen.push(task.progress), pollingInterval: 25 });
    expect(seen).toContain("Delivered");
    await client.acknowledgeFineTuningDeliverable({ provider: ft!.provider, taskId });
    await client.waitForFineTuningDeliverable({ provider: ft!.provider, taskId, settled: true, pollingInterval: 25 });

    const { data: encrypted } = await download(client, { root: deliverable.modelRootHash, workers: false });
    const model = await client.decryptFineTunedModel({ provider: ft!.provider, taskId, data: encrypted, privateKey: key });
    expect(model).toEqual(t.devnet.compute.fineTuning.expectedModel({ model: "mock-model", dataset: datasetBytes, trainingParams: { num_train_epochs: 1, learning_rate: 0.0002 } }));
  } finally {
    await t.devnet.stop();
  }
}, 90_000);
