// A dApp's inference path against a devnet's providers: discovery, session tokens and API keys,
// chat through the provider fetch and through the `openai` package (plain and streamed), response
// verification, the provider's typed refusals, faults, automatic top-up and settlement status.
import { inferenceServingAbi } from "@0g/contracts";
import OpenAI from "openai";
import { createWalletClient, http, parseEther, type Address, type Hex } from "viem";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ChatIdNotFoundError,
  chatIdHeader,
  computeActions,
  createApiKey,
  createOpenAIOptions,
  createProviderFetch,
  getChatId,
  getProviderModels,
  getRequestHeaders,
  getResponseVerification,
  getService,
  getServiceMetadata,
  getSettlementStatus,
  getSubAccount,
  getUnsettledFee,
  hashUserRequests,
  InvalidResponseSignatureError,
  listServices,
  parseAuthorization,
  ProviderAccountNotFoundError,
  ProviderInsufficientBalanceError,
  ProviderTokenExpiredError,
  ProviderTokenRevokedError,
  ProviderUnreachableError,
  revokeAllTokens,
  revokeApiKey,
  ServiceNotFoundError,
  settlementStatus,
  signTeeSettlement,
  toTeeSettlementData,
  topUpProvider,
  transferFund,
  addLedger,
  verifyResponse,
  type ResponseVerification,
} from "../index.js";
import { providerKeys, startDevnet, type TestDevnet } from "../test/devnet.js";

let env: TestDevnet;
let provider0: Address;
let provider1: Address;
let model: string;
const ask = (content: string, extra: object = {}) => JSON.stringify({ model, messages: [{ role: "user", content }], ...extra });
const post = (body: string): RequestInit => ({ method: "POST", headers: { "Content-Type": "application/json" }, body });

beforeAll(async () => {
  env = await startDevnet();
  provider0 = env.devnet.compute.providers[0]!.address;
  provider1 = env.devnet.compute.providers[1]!.address;
  model = env.devnet.compute.providers[0]!.model;
  // Alice (account 1) funds provider 0; Carol (account 3) funds provider 1.
  await addLedger(env.wallet(1), { amount: parseEther("20") });
  await transferFund(env.wallet(1), { provider: provider0, amount: parseEther("3") });
  await addLedger(env.wallet(3), { amount: parseEther("10") });
  await transferFund(env.wallet(3), { provider: provider1, amount: parseEther("3") });
}, 60_000);
afterAll(() => env?.devnet.stop());
afterEach(() => env.devnet.compute.clearFaults());

describe("service discovery", () => {
  it("lists the services with their metadata, and gets one", async () => {
    const wallet = env.wallet(1);
    const services = await listServices(wallet);
    expect(services.map((s) => s.provider)).toEqual([provider0, provider1]);
    const [first] = services;
    const devnetProvider = env.devnet.compute.providers[0]!;
    expect(first).toEqual({
      provider: provider0,
      serviceType: "chatbot",
      url: devnetProvider.url,
      endpoint: `${devnetProvider.url}/v1/proxy`,
      model,
      inputPrice: devnetProvider.inputPrice,
      outputPrice: devnetProvider.outputPrice,
      updatedAt: expect.any(BigInt),
      verifiability: "TeeML",
      verifiable: true,
      additionalInfo: expect.objectContaining({ targetSeparated: false, providerType: "decentralized", teeVerifier: "devnet" }),
      rawAdditionalInfo: expect.stringContaining("TargetSeparated"),
      teeSignerAddress: devnetProvider.teeSigner,
      teeSignerAcknowledged: true,
      responseSigner: devnetProvider.teeSigner,
    });
    expect(await listServices(wallet, { acknowledgedOnly: true })).toHaveLength(2);
    expect(await getService(wallet, { provider: provider1 })).toEqual(services[1]);
    expect(await getServiceMetadata(wallet, { provider: provider0 })).toEqual({ endpoint: first!.endpoint, model });
    expect(await getServiceMetadata(wallet, { provider: provider0, model: "other" })).toMatchObject({ model: "other" });
    await expect(getService(wallet, { provider: env.devnet.accounts[5]!.address })).rejects.toBeInstanceOf(ServiceNotFoundError);
    expect(await getProviderModels(wallet, { provider: provider0 })).toEqual([
      expect.objectContaining({ id: model, type: "chatbot", pricing: { prompt: String(devnetProvider.inputPrice), completion: String(devnetProvider.outputPrice) } }),
    ]);
  });
});

describe("chat through the provider fetch", () => {
  it("answers with a verified completion", async () => {
    const seen: ResponseVerification[] = [];
    const chat = createProviderFetch(env.wallet(1), { provider: provider0, onVerification: (v) => seen.push(v) });
    const body = ask("What is 0G?");
    const res = await chat("/chat/completions", post(body));
    expect(res.status).toBe(200);
    const completion = (await res.json()) as { id: string; choices: { message: { content: string } }[] };
    expect(completion.choices[0]!.message.content).toMatch(/^You asked: "What is 0G\?"/);
    const verification = await getResponseVerification(res);
    expect(verification).toMatchObject({ valid: true, chatId: completion.id, signer: env.devnet.compute.providers[0]!.teeSigner });
    expect(seen).toEqual([verification]);
    // The standalone check agrees, and binds the signature to the exact bodies.
    const again = await verifyResponse(env.wallet(1), { provider: provider0, chatId: completion.id, requestBody: body, responseBody: JSON.stringify(completion, null, 2) });
    expect(again).toMatchObject({ valid: false, error: { name: "ResponseTextMismatchError", part: "response" } }); // re-serialized: not the bytes received
    const res2 = await chat("chat/completions", post(body));
    const text = await res2.text();
    expect(await verifyResponse(env.wallet(1), { provider: provider0, chatId: getChatId({ headers: res2.headers, body: text })!, requestBody: body, responseBody: text })).toMatchObject({
      valid: true,
    });
    expect(await verifyResponse(env.wallet(1), { provider: provider0, chatId: "chatcmpl-unknown" })).toMatchObject({
      valid: false,
      error: { name: "ResponseSignatureUnavailableError" },
    });
  });

  it("streams server-sent events through and verifies the whole stream at its end", async () => {
    const chat = createProviderFetch(env.wallet(1), { provider: provider0, verify: "strict" });
    const res = await chat(`${env.devnet.compute.providers[0]!.url}/v1/proxy/chat/completions`, post(ask("Stream me an answer", { stream: true })));
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let sse = "";
    let chunks = 0;
    let pending: Promise<ResponseVerification> | undefined = getResponseVerification(res);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      sse += decoder.decode(value, { stream: true });
    }
    expect(chunks).toBeGreaterThan(3);
    expect(sse.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(await pending).toMatchObject({ valid: true, chatId: res.headers.get(chatIdHeader) });
    pending = undefined;
  });

  it("refuses URLs of other hosts (the token is for this provider)", async () => {
    const chat = createProviderFetch(env.wallet(1), { provider: provider0 });
    await expect(chat("https://example.com/v1/proxy/chat/completions", post(ask("hi")))).rejects.toMatchObject({ name: "InvalidParameterError" });
    expect((await chat("/models")).status).toBe(200); // GETs are not verified
  });

  it("a lying provider: verification false, and in strict mode the body errors", async () => {
    env.devnet.compute.lie(0);
    const loose = createProviderFetch(env.wallet(1), { provider: provider0 });
    const res = await loose("/chat/completions", post(ask("Are you honest?")));
    await res.json(); // readable: the caller decides
    const verification = await getResponseVerification(res);
    expect(verification).toMatchObject({ valid: false });
    expect(verification!.valid === false && verification!.error).toBeInstanceOf(InvalidResponseSignatureError);

    const strict = createProviderFetch(env.wallet(1), { provider: provider0, verify: "strict" });
    const forged = await strict("/chat/completions", post(ask("Are you honest?")));
    await expect(forged.json()).rejects.toBeInstanceOf(InvalidResponseSignatureError);
    const stream = await strict("/chat/completions", post(ask("Are you honest?", { stream: true })));
    await expect(stream.text()).rejects.toMatchObject({ code: 4021 });
  });
});

describe("chat through the openai package", () => {
  it("creates completions, plain and streamed, verified by the fetch", async () => {
    const verifications: ResponseVerification[] = [];
    const { model: serviceModel, ...options } = await createOpenAIOptions(env.wallet(1), {
      provider: provider0,
      verify: "strict",
      onVerification: (v) => verifications.push(v),
    });
    expect(options.baseURL).toBe(`${env.devnet.compute.providers[0]!.url}/v1/proxy`);
    expect(parseAuthorization(`Bearer ${options.apiKey}`).token).toMatchObject({ tokenId: 255, provider: provider0 });
    const openai = new OpenAI({ ...options, maxRetries: 0 });
    const { data, response } = await openai.chat.completions.create({ model: serviceModel, messages: [{ role: "user", content: "Hello from openai" }] }).withResponse();
    expect(data.choices[0]!.message.content).toMatch(/^You asked: "Hello from openai"/);
    expect(await getResponseVerification(response)).toMatchObject({ valid: true, chatId: data.id });

    const stream = await openai.chat.completions.create({ model: serviceModel, stream: true, messages: [{ role: "user", content: "Stream from openai" }] });
    let content = "";
    for await (const chunk of stream) content += chunk.choices[0]?.delta?.content ?? "";
    expect(content).toMatch(/^You asked: "Stream from openai"/);
    expect(verifications.map((v) => v.valid)).toEqual([true, true]);

    // A forged answer makes create() reject with the typed reason.
    env.devnet.compute.lie(0);
    await expect(openai.chat.completions.create({ model: serviceModel, messages: [{ role: "user", content: "Lie" }] })).rejects.toBeInstanceOf(
      InvalidResponseSignatureError,
    );
    const lying = await openai.chat.completions.create({ model: serviceModel, stream: true, messages: [{ role: "user", content: "Lie" }] });
    await expect(
      (async () => {
        for await (const _ of lying);
      })(),
    ).rejects.toBeInstanceOf(InvalidResponseSignatureError);
  });

  it("an API key works as the openai apiKey until it is revoked", async () => {
    const wallet = env.wallet(1);
    const key = await createApiKey(wallet, { provider: provider0 });
    expect(key).toMatchObject({ tokenId: 0, expiresAt: 0, apiKey: expect.stringMatching(/^app-sk-/) });
    expect(key.headers.Authorization).toBe(`Bearer ${key.apiKey}`);
    const { fetch, baseURL } = await createOpenAIOptions(wallet, { provider: provider0, apiKey: key.apiKey });
    const openai = new OpenAI({ baseURL, apiKey: key.apiKey, fetch, maxRetries: 0 });
    expect((await openai.chat.completions.create({ model, messages: [{ role: "user", content: "key" }] })).choices).toHaveLength(1);
    await revokeApiKey(wallet, { provider: provider0, tokenId: key.tokenId });
    expect((await getSubAccount(wallet, { provider: provider0 })).revokedTokenIds).toEqual([0]);
    const refused = await openai.chat.completions.create({ model, messages: [{ role: "user", content: "key" }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as Error).message).toMatch(/session validation failed: The session token has been revoked/);
    // The next key skips the revoked id.
    expect((await createApiKey(wallet, { provider: provider0 })).tokenId).toBe(1);
  });
});

describe("the provider's refusals, typed", () => {
  it("a revoked API key, and every token after revokeAllTokens", async () => {
    const wallet = env.wallet(1);
    const { apiKey, tokenId } = await createApiKey(wallet, { provider: provider0, tokenId: 9 });
    await revokeApiKey(wallet, { provider: provider0, tokenId });
    const withKey = createProviderFetch(wallet, { provider: provider0, apiKey, throwOnError: true });
    const error = await withKey("/chat/completions", post(ask("hi"))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderTokenRevokedError);
    expect(error).toMatchObject({ status: 400, providerMessage: expect.stringMatching(/has been revoked/) });

    // Without throwOnError the answer comes back as it is.
    const plain = createProviderFetch(wallet, { provider: provider0, apiKey });
    expect((await plain("/chat/completions", post(ask("hi")))).status).toBe(400);

    // revokeAllTokens kills the cached ephemeral token; the action forgets it, so the next request mints one.
    const headers = await getRequestHeaders(wallet, { provider: provider0 });
    const id = await env.devnet.snapshot();
    try {
      await revokeAllTokens(wallet, { provider: provider0 });
      const old = await fetch(`${env.devnet.compute.providers[0]!.url}/v1/proxy/chat/completions`, { ...post(ask("hi")), headers: { ...headers, "Content-Type": "application/json" } });
      expect(old.status).toBe(400);
      const fresh = await getRequestHeaders(wallet, { provider: provider0 });
      expect(parseAuthorization(fresh.Authorization).token.generation).toBe(1);
      const chat = createProviderFetch(wallet, { provider: provider0, throwOnError: true });
      expect((await chat("/chat/completions", post(ask("hi")))).status).toBe(200);
    } finally {
      await env.devnet.revert(id);
    }
  });

  it("an expired API key", async () => {
    const wallet = env.wallet(1);
    const { apiKey } = await createApiKey(wallet, { provider: provider0, expiresIn: 60_000 });
    const chat = createProviderFetch(wallet, { provider: provider0, apiKey, throwOnError: true });
    expect((await chat("/chat/completions", post(ask("hi")))).status).toBe(200);
    const id = await env.devnet.snapshot();
    try {
      await env.devnet.increaseTime(3600); // the provider judges expiry by chain time
      await expect(chat("/chat/completions", post(ask("hi")))).rejects.toBeInstanceOf(ProviderTokenExpiredError);
    } finally {
      await env.devnet.revert(id);
    }
  });

  it("no sub-account, and a balance below the provider's reserve", async () => {
    const bob = env.wallet(2);
    const chat = createProviderFetch(bob, { provider: provider0, throwOnError: true });
    await expect(chat("/chat/completions", post(ask("hi")))).rejects.toBeInstanceOf(ProviderAccountNotFoundError);
    await addLedger(bob, { amount: parseEther("3") });
    await transferFund(bob, { provider: provider0, amount: parseEther("1") }); // all of it is the provider's 1 0G reserve
    const error = await chat("/chat/completions", post(ask("hi"))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderInsufficientBalanceError);
    expect((error as ProviderInsufficientBalanceError).providerMessage).toMatch(/insufficient balance/);
  });

  it("a provider that is down or slow", async () => {
    const chat = createProviderFetch(env.wallet(3), { provider: provider1 });
    env.devnet.compute.stopProvider(1);
    await expect(chat("/chat/completions", post(ask("hi")))).rejects.toMatchObject({ name: "ProviderUnreachableError", reason: "connection" });
    await expect(getUnsettledFee(env.wallet(3), { provider: provider1 })).rejects.toBeInstanceOf(ProviderUnreachableError);
    env.devnet.compute.startProvider(1);
    env.devnet.compute.setLatency(1, 500);
    const slow = createProviderFetch(env.wallet(3), { provider: provider1, timeout: 100 });
    await expect(slow("/chat/completions", post(ask("hi")))).rejects.toMatchObject({ name: "ProviderUnreachableError", reason: "timeout" });
    env.devnet.compute.clearFaults(1);
    expect((await chat("/chat/completions", post(ask("hi")))).status).toBe(200);
  });
});

describe("automatic top-up", () => {
  it("pays exactly once for concurrent requests, and not again while funded", async () => {
    const dave = env.wallet(4);
    const user = dave.account.address;
    await addLedger(dave, { amount: parseEther("10") });
    await transferFund(dave, { provider: provider0, amount: parseEther("1") });
    const ledgerBefore = await env.devnet.publicClient.readContract({
      address: env.devnet.contracts.computeLedger!,
      abi: (await import("@0g/contracts")).ledgerManagerAbi,
      functionName: "getLedger",
      args: [user],
    });
    const fromBlock = (await env.devnet.publicClient.getBlockNumber()) + 1n;
    const chat = createProviderFetch(dave, { provider: provider0, autoTopUp: true, throwOnError: true, verify: "strict" });
    const answers = await Promise.all([1, 2, 3, 4, 5].map((i) => chat("/chat/completions", post(ask(`question ${i}`))).then((r) => r.json())));
    expect(answers).toHaveLength(5);
    const ledgerAfter = await env.devnet.publicClient.readContract({
      address: env.devnet.contracts.computeLedger!,
      abi: (await import("@0g/contracts")).ledgerManagerAbi,
      functionName: "getLedger",
      args: [user],
    });
    expect(ledgerBefore.availableBalance - ledgerAfter.availableBalance).toBe(parseEther("1"));
    const topUps = await env.devnet.publicClient.getContractEvents({
      address: env.devnet.contracts.computeInference!,
      abi: inferenceServingAbi,
      eventName: "BalanceUpdated",
      args: { user, provider: provider0 },
      fromBlock,
    });
    expect(topUps).toHaveLength(1);
    // Funded: the explicit action finds nothing to do, and says why.
    const checked = await topUpProvider(dave, { provider: provider0, reserve: parseEther("1") });
    expect(checked).toMatchObject({ transferred: 0n, transaction: undefined });
    expect(checked.unsettledFee).toBe(env.devnet.compute.unsettledFee(0, user));
    expect(checked.unsettledFee).toBeGreaterThan(0n);
  });
});

describe("settlement status", () => {
  it("shows unsettled fees, the nonce and decoded settlement results, INVALID_NONCE for a replay", async () => {
    const wallet = env.wallet(1);
    const user = wallet.account.address;
    const before = await getSettlementStatus(wallet, { provider: provider0 });
    expect(before.unsettledFee).toBe(env.devnet.compute.unsettledFee(0, user));
    expect(before.unsettledFee).toBeGreaterThan(0n);
    expect(before).toMatchObject({ nonce: 0n, settlements: [] });

    const [settled] = await env.devnet.compute.settle({ provider: 0, user });
    expect(settled?.status).toBe("SUCCESS");
    const after = await getSettlementStatus(wallet, { provider: provider0 });
    expect(after.unsettledFee).toBe(0n);
    expect(after.nonce).toBe(settled!.data.nonce);
    expect(after.settlements).toEqual([
      { status: 0, statusName: "SUCCESS", unsettledAmount: 0n, blockNumber: expect.any(BigInt), transactionHash: settled!.transactionHash, logIndex: expect.any(Number) },
    ]);

    // A settlement with the used nonce, signed by the provider's TEE key: previewed, then sent.
    const inference = env.devnet.contracts.computeInference!;
    const settlement = {
      requestsHash: hashUserRequests([{ requestHash: "replay", userAddress: user, fee: 1n, inputFee: 1n, outputFee: 0n }]),
      nonce: settled!.data.nonce,
      provider: provider0,
      user,
      totalFee: 1n,
    };
    const signature = await signTeeSettlement({ account: providerKeys(0).tee, chainId: env.devnet.chainId, verifyingContract: inference, settlement });
    const data = toTeeSettlementData({ settlement, signature });
    const [failedUsers, failureReasons] = await env.devnet.publicClient.readContract({
      account: provider0,
      address: inference,
      abi: inferenceServingAbi,
      functionName: "previewSettlementResults",
      args: [[data]],
    });
    expect(failedUsers).toEqual([user]);
    expect(failureReasons).toEqual([settlementStatus.INVALID_NONCE]);
    await env.devnet.impersonate(provider0);
    const providerWallet = createWalletClient({ account: provider0, chain: env.devnet.chain, transport: http(env.rpcUrl) });
    const hash: Hex = await providerWallet.writeContract({ address: inference, abi: inferenceServingAbi, functionName: "settleFeesWithTEE", args: [[data]] });
    await env.devnet.publicClient.waitForTransactionReceipt({ hash });
    await env.devnet.stopImpersonating(provider0);
    const replayed = await getSettlementStatus(wallet, { provider: provider0 });
    expect(replayed.nonce).toBe(settled!.data.nonce);
    expect(replayed.settlements.map((s) => s.statusName)).toEqual(["SUCCESS", "INVALID_NONCE"]);
    expect(replayed.settlements[1]).toMatchObject({ status: 4, unsettledAmount: 1n, transactionHash: hash });
    // Someone else's view: no fee asked, the same events.
    const seen = await getSettlementStatus(env.wallet(2), { provider: provider0, user });
    expect(seen.unsettledFee).toBeUndefined();
    expect(seen.settlements).toHaveLength(2);
    // Another provider's settlements are not listed.
    expect((await getSettlementStatus(wallet, { provider: provider1, user })).settlements).toEqual([]);
  });
});

describe("computeActions()", () => {
  it("binds every action to the client", async () => {
    const client = env.wallet(3).extend(computeActions());
    expect((await client.listServices()).length).toBe(2);
    expect(await client.getLedger()).toMatchObject({ user: env.devnet.accounts[3]!.address });
    const chat = client.createProviderFetch({ provider: provider1, verify: "strict" });
    const res = await chat("/chat/completions", post(ask("decorated")));
    await res.json();
    expect(await getResponseVerification(res)).toMatchObject({ valid: true });
    expect(await client.getSubAccount({ provider: provider1 })).toMatchObject({ acknowledged: true });
    const bad = env.wallet(3).extend(computeActions({ contracts: { inference: env.devnet.accounts[0]!.address } }));
    await expect(bad.listServices()).rejects.toBeTruthy();
    expect(new ChatIdNotFoundError().code).toBe(4131);
  });
});
