import {
  computeFee,
  formatAuthorization,
  readStreamUsage,
  readUsage,
  responseSignerAddress,
  settlementStatus,
  verifyResponseSignature,
  InvalidResponseSignatureError,
} from "@0g/compute";
import { inferenceServingAbi, ledgerManagerAbi } from "@0g/contracts";
import { parseEther, type Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevnet, type Devnet, type ServedDevnet } from "../create-devnet.js";
import { ComputeDisabledError, UnknownComputeProviderError } from "../errors.js";
import { computeContractAddresses } from "./contracts.js";
import { builtinModelName } from "./options.js";
import { computeUser, type ComputeTestUser, inferenceServing, ledgerManager } from "./test-helpers.js";

let devnet: Devnet;
let served: ServedDevnet;
let alice: ComputeTestUser;
let provider0: Address;
let url0: string;

beforeAll(async () => {
  devnet = await createDevnet({ storage: false, compute: { settlement: { auto: false } } });
  served = await devnet.serve({ port: 0 });
  alice = computeUser(devnet, served.endpoints.rpc, devnet.accounts[1]!.privateKey);
  provider0 = devnet.compute.providers[0]!.address;
  url0 = devnet.compute.providers[0]!.url;
  await alice.fund(provider0);
});
afterAll(() => devnet.stop());

describe("the compute layer on chain", () => {
  it("deploys 0G's compute contracts at the addresses 0G's SDK knows for chain 31337", async () => {
    // Named as in @0g/core's network registry.
    expect(devnet.contracts).toMatchObject({
      computeLedger: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
      computeInference: "0x0165878A594ca255338adfa4d48449f69242Eb8F",
      computeFineTuning: "0xA51c1fc2f0D1a1b8494Ed1FE312d7C3a78Ed91C0",
    });
    expect(devnet.contracts.computeLedger).toBe(computeContractAddresses.ledgerManager);
    const info = await alice.publicClient.readContract({
      address: ledgerManager,
      abi: ledgerManagerAbi,
      functionName: "getServiceInfo",
      args: [inferenceServing],
    });
    expect(info.fullName).toBe("inference-v1.0");
    expect(info.isRecommended).toBe(true);
    // Hardhat's account #0 is past the nonces whose CREATE addresses these are.
    expect(await alice.publicClient.getTransactionCount({ address: devnet.accounts[0]!.address })).toBe(13);
  });

  it("registers every provider's service with its served URL, stake and acknowledged TEE signer", async () => {
    const [services] = await alice.publicClient.readContract({ address: inferenceServing, abi: inferenceServingAbi, functionName: "getAllServices", args: [0n, 50n] });
    expect(services).toHaveLength(2);
    for (const [i, p] of devnet.compute.providers.entries()) {
      expect(p.url).toBe(`${served.endpoints.rpc}/compute/${i}`);
      const service = await alice.service(p.address);
      expect(service).toMatchObject({
        provider: p.address,
        serviceType: "chatbot",
        url: p.url,
        model: builtinModelName,
        verifiability: "TeeML",
        inputPrice: p.inputPrice,
        outputPrice: p.outputPrice,
        teeSignerAddress: p.teeSigner,
        teeSignerAcknowledged: true,
      });
      expect(JSON.parse(service.additionalInfo)).toMatchObject({ TargetSeparated: false, ProviderType: "decentralized" });
      expect(p.address).not.toBe(p.teeSigner);
      expect(devnet.accounts.map((a) => a.address)).not.toContain(p.address);
    }
    expect(devnet.info().endpoints.computeProviders).toEqual(devnet.compute.providers.map((p) => p.url));
  });
});

describe("a chat round trip with @0g/compute", () => {
  it("answers, signs sha256(request):sha256(response) with the TEE key, and bills the usage", async () => {
    const service = await alice.service(provider0);
    const token = await alice.token(provider0);
    const before = devnet.compute.unsettledFee(0, alice.address);
    const body = { model: service.model, messages: [{ role: "user", content: "What is 0G?" }] };
    const { res, request, response, chatId } = await alice.chat(service.url, token, body);
    expect(res.status).toBe(200);
    expect(chatId).toBe(res.headers.get("ZG-Res-Key"));
    const completion = JSON.parse(response);
    expect(completion.id).toBe(chatId);
    expect(completion.choices[0].message.content).toMatch(/^You asked: "What is 0G\?"/);

    const signature = await alice.signature(service.url, chatId!, service.model);
    expect(signature.status).toBe(200);
    const verified = await verifyResponseSignature({ signature: signature.body, signer: responseSignerAddress(service), request, response });
    expect(verified.signer).toBe(service.teeSignerAddress);

    const fee = computeFee({ usage: readUsage(response)!, inputPrice: service.inputPrice, outputPrice: service.outputPrice });
    expect(devnet.compute.unsettledFee(0, alice.address) - before).toBe(fee);
    const unsettled = await fetch(`${service.url}/v1/user/${alice.address}/unsettledfee`, { headers: { authorization: formatAuthorization(token) } });
    expect(await unsettled.json()).toMatchObject({ unsettledFee: String(before + fee) });

    // Deterministic: the same messages, the same answer.
    const again = await alice.chat(service.url, token, body);
    expect(JSON.parse(again.response).choices[0].message.content).toBe(completion.choices[0].message.content);
  });

  it("streams server-sent events with usage in the final chunk, signed over the whole stream", async () => {
    const service = await alice.service(provider0);
    const token = await alice.token(provider0);
    const { res, request, response, chatId } = await alice.chat(service.url, token, {
      model: service.model,
      stream: true,
      messages: [{ role: "user", content: "Stream me an answer" }],
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(response.split("\n\n").length).toBeGreaterThan(6);
    expect(readStreamUsage(response)?.completionTokens).toBeGreaterThan(5);
    const signature = await alice.signature(service.url, chatId!);
    await verifyResponseSignature({ signature: signature.body, signer: service.teeSignerAddress, request, response });
  });

  it("settles on demand: TEE-signed, on chain, balances moved", async () => {
    const owed = devnet.compute.unsettledFee(0, alice.address);
    expect(owed).toBeGreaterThan(0n);
    const accountBefore = await alice.subAccount(provider0);
    const providerBefore = await alice.publicClient.getBalance({ address: provider0 });
    const [settled, ...rest] = await devnet.compute.settle({ provider: 0 });
    expect(rest).toEqual([]);
    expect(settled).toMatchObject({ provider: 0, user: alice.address, status: "SUCCESS", unsettledAmount: 0n, requests: 3 });
    expect(settled!.data.totalFee).toBe(owed);
    expect(devnet.compute.unsettledFee(0, alice.address)).toBe(0n);

    const accountAfter = await alice.subAccount(provider0);
    expect(accountBefore.balance - accountAfter.balance).toBe(owed);
    expect(accountAfter.nonce).toBe(settled!.data.nonce);
    const receipt = await alice.publicClient.getTransactionReceipt({ hash: settled!.transactionHash! });
    expect(receipt.from).toBe(provider0.toLowerCase());
    const gas = receipt.gasUsed * receipt.effectiveGasPrice;
    expect((await alice.publicClient.getBalance({ address: provider0 })) - providerBefore).toBe(owed - gas);
    const ledger = await alice.publicClient.readContract({ address: ledgerManager, abi: ledgerManagerAbi, functionName: "getLedger", args: [alice.address] });
    expect(ledger.totalBalance).toBe(parseEther("10") - owed);
    expect(devnet.compute.settlements).toContainEqual(settled);
    expect(await devnet.compute.settle()).toEqual([]);

    // The same settlement again: the contract refuses its nonce.
    await devnet.impersonate(provider0);
    const { result } = await alice.publicClient.simulateContract({
      account: provider0,
      address: inferenceServing,
      abi: inferenceServingAbi,
      functionName: "settleFeesWithTEE",
      args: [[settled!.data]],
    });
    expect(result).toEqual([settlementStatus.INVALID_NONCE]);
  });
});

describe("what the provider refuses", () => {
  const errorOf = async (res: Response) => ({ status: res.status, error: ((await res.json()) as { error: string }).error });
  const refusal = ({ res, response }: { res: Response; response: string }) => ({ status: res.status, error: (JSON.parse(response) as { error: string }).error });
  const ask = (content = "hi") => ({ model: builtinModelName, messages: [{ role: "user", content }] });

  it("a revoked API key and tokens of an older generation", async () => {
    const key = await alice.token(provider0, { kind: "persistent", tokenId: 7 });
    expect((await alice.chat(url0, key, ask())).res.status).toBe(200);
    await alice.write({ address: inferenceServing, abi: inferenceServingAbi, functionName: "revokeToken", args: [provider0, 7] });
    const revoked = await alice.chat(url0, key, ask());
    expect(refusal(revoked)).toEqual({
      status: 400,
      error: "Provider proxy: handle proxied service, validate request: session validation failed: The session token has been revoked.",
    });
    const ephemeral = await alice.token(provider0);
    await alice.write({ address: inferenceServing, abi: inferenceServingAbi, functionName: "revokeAllTokens", args: [provider0] });
    expect(refusal(await alice.chat(url0, ephemeral, ask())).error).toMatch(/session validation failed: .*generation/i);
    expect((await alice.chat(url0, await alice.token(provider0), ask())).res.status).toBe(200);
  });

  it("an expired token, also when chain time moved past it", async () => {
    const old = await alice.token(provider0, { duration: 1000, timestamp: Date.now() - 5000 });
    expect(refusal(await alice.chat(url0, old, ask())).error).toMatch(/session validation failed: The session token has expired/);
    const id = await devnet.snapshot();
    const fresh = await alice.token(provider0, { duration: 60_000 });
    await devnet.increaseTime(3600);
    expect(refusal(await alice.chat(url0, fresh, ask())).error).toMatch(/has expired/);
    await devnet.revert(id);
  });

  it("a token for another provider, and a user without an account", async () => {
    const provider1 = devnet.compute.providers[1]!;
    const forZero = await alice.token(provider0);
    expect(refusal(await alice.chat(provider1.url, forZero, ask())).error).toMatch(/session validation failed: The session token is for a different provider/);
    expect(refusal(await alice.chat(provider1.url, await alice.token(provider1.address), ask())).error).toMatch(
      /get account from contract: user 0x[0-9a-fA-F]{40} has no account with provider/,
    );
    const missing = await fetch(`${url0}/v1/proxy/chat/completions`, { method: "POST", body: JSON.stringify(ask()) });
    expect((await errorOf(missing)).error).toMatch(/The Authorization header is missing/);
  });

  it("a balance that does not cover the fees and the minimum locked balance", async () => {
    const bob = computeUser(devnet, served.endpoints.rpc, devnet.accounts[2]!.privateKey);
    await bob.fund(provider0, { deposit: "3", amount: "1" }); // the contract's minimum transfer: 1 0G, not above 0G's 1 0G reserve
    const refused = refusal(await bob.chat(url0, await bob.token(provider0), ask()));
    expect(refused.status).toBe(400);
    expect(refused.error).toMatch(
      /^Provider proxy: handle proxied service, validate request: insufficient balance, total fee of \d+ \(including response reservation\) exceeds the available balance of 1000000000000000000$/,
    );
    await bob.write({ address: ledgerManager, abi: ledgerManagerAbi, functionName: "transferFund", args: [provider0, "inference-v1.0", parseEther("1")] });
    expect((await bob.chat(url0, await bob.token(provider0), ask())).res.status).toBe(200);
  });

  it("malformed bodies, other models, unknown chat ids and paths", async () => {
    const token = await alice.token(provider0);
    const raw = await fetch(`${url0}/v1/proxy/chat/completions`, { method: "POST", body: "{nope", headers: { authorization: formatAuthorization(token) } });
    expect((await errorOf(raw)).error).toMatch(/^Provider proxy: handle proxied service, get input fee and count: failed to unmarshal reqBody/);
    expect(refusal(await alice.chat(url0, token, { ...ask(), model: "gpt-5" })).error).toMatch(/model "gpt-5" is not served/);
    expect(await alice.signature(url0, "chatcmpl-unknown")).toEqual({
      status: 400,
      body: { error: "Provider proxy: handle proxied service, prepare HTTP request: Chat id not found or expired, chat_id_not_found" },
    });
    expect((await fetch(`${url0}/v1/nothing`)).status).toBe(404);
    expect((await fetch(`${url0}/v1/proxy/chat/completions`)).status).toBe(405);
  });
});

describe("faults", () => {
  const ask = { model: builtinModelName, messages: [{ role: "user", content: "Are you honest?" }] };

  it("a lying provider's signatures do not verify against its on-chain TEE signer", async () => {
    const service = await alice.service(provider0);
    devnet.compute.lie(0);
    try {
      expect(devnet.compute.providers[0]!.lying).toBe(true);
      const { request, response, chatId } = await alice.chat(url0, await alice.token(provider0), ask);
      const signature = await alice.signature(url0, chatId!);
      expect((signature.body as { signing_address: string }).signing_address).toBe(service.teeSignerAddress);
      // It claims its TEE signer, but the signature recovers to another key.
      await expect(verifyResponseSignature({ signature: signature.body, signer: service.teeSignerAddress, request, response })).rejects.toBeInstanceOf(
        InvalidResponseSignatureError,
      );
    } finally {
      devnet.compute.clearFaults(0);
    }
    const { request, response, chatId } = await alice.chat(url0, await alice.token(provider0), ask);
    await verifyResponseSignature({ signature: (await alice.signature(url0, chatId!)).body, signer: service.teeSignerAddress, request, response });
  });

  it("a stopped provider drops connections until it is started again", async () => {
    devnet.compute.stopProvider(0);
    expect(devnet.compute.providers[0]!.running).toBe(false);
    const error = await fetch(`${url0}/v1/quote`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as Error).message)).toBe("fetch failed");
    devnet.compute.startProvider(0);
    expect(await (await fetch(`${url0}/v1/quote`)).json()).toMatchObject({ devnet: true, quote: null, signing_address: devnet.compute.providers[0]!.teeSigner });
  });

  it("latency delays every answer", async () => {
    devnet.compute.setLatency(1, 150);
    const start = Date.now();
    await fetch(`${devnet.compute.providers[1]!.url}/v1/quote`);
    expect(Date.now() - start).toBeGreaterThanOrEqual(140);
    devnet.compute.clearFaults();
    expect(devnet.compute.providers[1]!.latency).toBe(0);
  });

  it("typed errors for unknown providers and a disabled layer", async () => {
    expect(() => devnet.compute.lie(5)).toThrow(UnknownComputeProviderError);
    const off = await createDevnet({ storage: false, compute: false, accounts: 1 });
    try {
      expect(off.compute.enabled).toBe(false);
      expect(off.contracts.computeLedger).toBeUndefined();
      await expect(off.compute.settle()).rejects.toBeInstanceOf(ComputeDisabledError);
      expect(() => off.compute.stopProvider(0)).toThrow(ComputeDisabledError);
    } finally {
      await off.stop();
    }
  });
});
