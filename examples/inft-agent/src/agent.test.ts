import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { agentAccountAbi } from "@0g/contracts";
import { createDevnet, type Devnet } from "@0g/devnet";
import { createAgentMemory } from "@0g/example-agent-memory";
import {
  agentAccountExecute,
  agentOperatorAccount,
  createAccessProof,
  getAgentAccount,
  loadAgent,
  mintAgent,
  NotAgentControllerError,
  NotARecipientError,
  TokenNotFoundError,
  transferAgent,
} from "@0g/inft";
import { isKvAdmin, KvTransactionFailedError, kvBatch, writeKv } from "@0g/storage";
import { createPublicClient, createWalletClient, http, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { simulateContract } from "viem/actions";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  fundAgentCompute,
  InftAgentDataError,
  memoryStreamOf,
  mintInftAgent,
  runAgent,
  UnverifiedAnswerError,
  type InftAgentMemory,
  type MintInftAgentReturnType,
  type RunAgentReturnType,
} from "./index.js";

let devnet: Devnet;
let rpcUrl: string;
let provider: Address;
const keyOf = (index: number) => devnet.accounts[index]!.privateKey as Hex;
const wallet = (key: Hex) =>
  createWalletClient({ account: privateKeyToAccount(key), chain: devnet.chain, transport: http(rpcUrl, { retryCount: 0 }), pollingInterval: 50 });
const publicClient = () => createPublicClient({ chain: devnet.chain, transport: http(rpcUrl, { retryCount: 0 }), pollingInterval: 50 });

beforeAll(async () => {
  devnet = await createDevnet({ accounts: 8 });
  rpcUrl = (await devnet.serve({ port: 0 })).endpoints.rpc;
  provider = devnet.compute.providers[0]!.address;
});
afterEach(() => devnet.compute.clearFaults());
afterAll(() => devnet.stop());

// Accounts 0 and 1 are the demo's; the tests use 2 and up.
describe("an INFT agent: minted, run, transferred", () => {
  const aliceKey = () => keyOf(2);
  const bobKey = () => keyOf(3);
  let minted: MintInftAgentReturnType;
  let first: RunAgentReturnType;
  let oldAgentKey: Hex;
  let scribbled: number;
  let moved: Awaited<ReturnType<typeof transferAgent>>;

  it("alice mints it: the agent key owns the memory stream and operates the account", async () => {
    const alice = wallet(aliceKey());
    minted = await mintInftAgent(alice, { name: "Ada", prompt: "You are Ada.", provider, encryptionKey: aliceKey() });
    const loaded = await loadAgent(alice, { tokenId: minted.tokenId, encryptionKey: aliceKey() });
    oldAgentKey = loaded.agentKey!;
    expect(loaded.data).toEqual(minted.profile);
    expect(minted.profile).toMatchObject({ compute: { provider, model: devnet.compute.providers[0]!.model }, memory: { writer: minted.operator, namespace: "agent" } });
    expect(agentOperatorAccount(oldAgentKey).address).toBe(minted.operator);
    expect(minted.profile.memory.stream).toBe(memoryStreamOf(oldAgentKey));
    // The KV node made the agent key the stream's admin (its first writer); the holder is not.
    expect(await isKvAdmin(alice, { streamId: minted.profile.memory.stream, account: minted.operator })).toBe(true);
    expect(await isKvAdmin(alice, { streamId: minted.profile.memory.stream, account: alice.account.address })).toBe(false);
  });

  it("alice runs it: a verified answer from the compute provider, and the exchange remembered in KV", async () => {
    const alice = wallet(aliceKey());
    await fundAgentCompute(alice, { provider });
    first = await runAgent(alice, { tokenId: minted.tokenId, question: "What is 0G Storage KV?", encryptionKey: aliceKey() });
    expect(first).toMatchObject({ name: "Ada", verified: true, signer: devnet.compute.providers[0]!.teeSigner, visits: 1, remembered: [], handover: undefined });
    expect(first.answer).toContain('You asked: "What is 0G Storage KV?"');
    expect(first.memory).toEqual({ stream: minted.profile.memory.stream, writer: minted.operator });

    const memory = createAgentMemory<InftAgentMemory>({ client: alice, stream: first.memory.stream, namespace: "agent" });
    expect(await memory.get("visits")).toBe(1);
    expect(await memory.history("history", { limit: 1 })).toEqual([
      { value: [{ question: "What is 0G Storage KV?", answer: first.answer, askedBy: alice.account.address, chatId: first.chatId }], version: first.memoryVersion },
    ]);
  });

  it("alice transfers it to bob; a write alice makes to the old stream afterwards is not inherited", async () => {
    const [alice, bob] = [wallet(aliceKey()), wallet(bobKey())];
    const accessProofs = await createAccessProof(bob, { tokenId: minted.tokenId, encryptionKey: bobKey() });
    moved = await transferAgent(alice, { tokenId: minted.tokenId, to: bob.account.address, accessProofs });
    expect(moved.operator).not.toBe(minted.operator);
    // Alice kept the old agent key, still the old stream's admin: she scribbles on it after the transfer.
    const old = createAgentMemory<InftAgentMemory>({ client: wallet(oldAgentKey), stream: minted.profile.memory.stream, namespace: "agent" });
    ({ version: scribbled } = await old.set("visits", 999));
    expect(await old.get("visits")).toBe(999);
  });

  it("bob runs it: the memory moves to his agent key as it was at the transfer, and he sees alice's visit", async () => {
    const bob = wallet(bobKey());
    await fundAgentCompute(bob, { provider });
    const second = await runAgent(bob, { tokenId: minted.tokenId, question: "What did you discuss before?", encryptionKey: bobKey() });
    const { agentKey, data } = await loadAgent(bob, { tokenId: minted.tokenId, encryptionKey: bobKey() });
    const newOperator = agentOperatorAccount(agentKey!).address;

    expect(second.visits).toBe(2); // alice's 1 + bob's, not alice's later 999
    expect(second.remembered).toEqual([{ question: "What is 0G Storage KV?", answer: first.answer, askedBy: wallet(aliceKey()).account.address, chatId: first.chatId }]);
    // Cut after alice's last write as the agent (the transfer's own envelope upload may follow it), before her scribble.
    expect(second.handover).toEqual({ stream: minted.profile.memory.stream, writer: minted.operator, version: expect.any(Number), block: Number(moved.blockNumber) });
    expect(second.handover!.version).toBeGreaterThanOrEqual(first.memoryVersion);
    expect(second.handover!.version).toBeLessThan(scribbled);
    expect(second.memory).toEqual({ stream: memoryStreamOf(agentKey!), writer: newOperator });
    // The token's data now points at the new stream, owned by the new key.
    expect(data).toMatchObject({ memory: { stream: second.memory.stream, writer: newOperator } });
    expect(await isKvAdmin(bob, { streamId: second.memory.stream, account: newOperator })).toBe(true);
    expect(await isKvAdmin(bob, { streamId: second.memory.stream, account: minted.operator })).toBe(false);

    // A second run needs no handover and keeps counting.
    const third = await runAgent(bob, { tokenId: minted.tokenId, question: "And now?", encryptionKey: bobKey() });
    expect(third).toMatchObject({ visits: 3, handover: undefined, memory: second.memory });
    expect(third.remembered.map((e) => e.question)).toEqual(["What is 0G Storage KV?", "What did you discuss before?"]);
  });

  it("alice cannot run it: the new data is not sealed to her (NotARecipientError)", async () => {
    const alice = wallet(aliceKey());
    const error = await runAgent(alice, { tokenId: minted.tokenId, question: "Still mine?", encryptionKey: aliceKey() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotARecipientError);
    await expect(loadAgent(alice, { tokenId: minted.tokenId, encryptionKey: aliceKey() })).rejects.toBeInstanceOf(NotARecipientError);
  });

  it("alice's old agent key can act neither through the agent's account nor in its memory", async () => {
    const alice = wallet(aliceKey());
    const oldAgent = agentOperatorAccount(oldAgentKey);
    const { address: account, operator, holder } = await getAgentAccount(alice, { tokenId: minted.tokenId });
    expect(holder).toBe(wallet(bobKey()).account.address);
    expect(operator).not.toBe(oldAgent.address);
    // Refused before sending, and by the account contract itself.
    await expect(agentAccountExecute(alice, { tokenId: minted.tokenId, to: alice.account.address, value: 0n, account: oldAgent })).rejects.toBeInstanceOf(
      NotAgentControllerError,
    );
    await expect(
      simulateContract(publicClient(), { address: account, abi: agentAccountAbi, functionName: "execute", args: [alice.account.address, 0n, "0x"], account: oldAgent }),
    ).rejects.toThrow(/revert/i);
    // The KV node refuses its writes to the agent's memory stream.
    const { data } = await loadAgent(wallet(bobKey()), { tokenId: minted.tokenId, encryptionKey: bobKey() });
    const stream = (data as { memory: { stream: Hex } }).memory.stream;
    const error = await writeKv(wallet(oldAgentKey), { batch: kvBatch().set(stream, "agent/visits", "1000") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KvTransactionFailedError);
    expect(error).toMatchObject({ result: "SenderNoWritePermission" });
  });
});

it("two transfers before the next run: the memory is cut where its writer was first replaced", async () => {
  const [aKey, bKey, cKey] = [keyOf(6), keyOf(7), keyOf(4)];
  const [a, b, c] = [wallet(aKey), wallet(bKey), wallet(cKey)];
  await fundAgentCompute(a, { provider });
  const { tokenId, operator } = await mintInftAgent(a, { name: "Relay", prompt: "Pass it on.", provider, encryptionKey: aKey });
  await runAgent(a, { tokenId, question: "First?", encryptionKey: aKey });
  const toB = await transferAgent(a, { tokenId, to: b.account.address, receiver: b.account });
  await transferAgent(b, { tokenId, to: c.account.address, receiver: c.account });
  await fundAgentCompute(c, { provider });
  const run = await runAgent(c, { tokenId, question: "Second?", encryptionKey: cKey });
  expect(run).toMatchObject({ visits: 2, handover: { writer: operator, block: Number(toB.blockNumber) } });
  expect(run.remembered.map((e) => e.question)).toEqual(["First?"]);
});

describe("runAgent refuses", () => {
  it("a token that does not exist (TokenNotFoundError)", async () => {
    const key = keyOf(4);
    await expect(runAgent(wallet(key), { tokenId: 1_000_000n, question: "Hello?", encryptionKey: key })).rejects.toBeInstanceOf(TokenNotFoundError);
  });

  it("a token that is not an INFT agent (InftAgentDataError)", async () => {
    const key = keyOf(4);
    const { tokenId } = await mintAgent(wallet(key), { data: { name: "not an agent" }, encryptionKey: key });
    const error = await runAgent(wallet(key), { tokenId, question: "Hello?", encryptionKey: key }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InftAgentDataError);
    expect(error).toMatchObject({ code: 10100, tokenId });
  });

  it("a provider whose answer does not verify: nothing is returned or remembered (UnverifiedAnswerError)", async () => {
    const key = keyOf(5);
    const holder = wallet(key);
    await fundAgentCompute(holder, { provider });
    const { tokenId, profile } = await mintInftAgent(holder, { name: "Liar's client", prompt: "Be brief.", provider, encryptionKey: key });
    devnet.compute.lie(0);
    const error = await runAgent(holder, { tokenId, question: "Hello?", encryptionKey: key }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnverifiedAnswerError);
    expect(error).toMatchObject({ code: 10101, provider });
    const memory = createAgentMemory<InftAgentMemory>({ client: holder, stream: profile.memory.stream, namespace: "agent" });
    expect([await memory.get("visits"), await memory.get("history")]).toEqual([0, []]);
    devnet.compute.lie(0, false);
    expect(await runAgent(holder, { tokenId, question: "Hello?", encryptionKey: key })).toMatchObject({ visits: 1, verified: true });
  });
});

it("the demo runs against a served devnet", async () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ["--conditions=@0g/source", "--import", "tsx", join(here, "demo.ts"), rpcUrl], {
    cwd: join(here, ".."),
    timeout: 60_000,
  });
  expect(stdout).toMatch(/alice minted agent #\d+ "Ada"/);
  expect(stdout).toContain("memory: 1 visit(s)");
  expect(stdout).toContain('Ada remembers: alice asked "What is 0G Storage KV?"');
  expect(stdout).toContain("memory: 2 visit(s)");
  expect(stdout).toMatch(/alice runs it: NotARecipientError \(code 5002\)/);
  expect(stdout).toContain("is no longer it");
});
