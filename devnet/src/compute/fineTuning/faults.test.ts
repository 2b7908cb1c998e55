import { fineTuningDownloadHash, fineTuningMockModel, fineTuningTaskNonce, signFineTuningTaskRequest } from "@0g/compute";
import { keccak256, toHex, type Address, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDevnet, type Devnet, type ServedDevnet } from "../../create-devnet.js";
import { DevnetOptionError, FineTuningDisabledError, FineTuningTaskStateError, UnknownFineTuningProviderError, UnknownFineTuningTaskError } from "../../errors.js";
import { dataset, fineTuningUser, type FineTuningTestUser } from "./test-helpers.js";

let devnet: Devnet;
let served: ServedDevnet;
let provider: Address;
let url: string;
const model = fineTuningMockModel.hash;
const expensive = keccak256(toHex("0g-devnet/model/expensive"));
const user = (i: number) => fineTuningUser(devnet, served.endpoints.rpc, devnet.accounts[i]!.privateKey);

beforeAll(async () => {
  devnet = await createDevnet({
    accounts: 8,
    storage: { nodes: 2, mining: false },
    compute: { providers: 1, fineTuning: { models: ["mock-model", { name: "expensive", priceCoefficient: 10n ** 12n }], trainingTime: 60_000, pickupDelay: 2000 } },
  });
  served = await devnet.serve({ port: 0 });
  provider = devnet.compute.fineTuning.providers[0]!.address;
  url = devnet.compute.fineTuning.providers[0]!.url;
});
afterAll(() => devnet.stop());

/** Moves chain time past the pick-up delay: the provider takes the task up at once. */
const pickUp = () => devnet.increaseTime(3);

const failedWith = async (u: FineTuningTestUser, id: string) => {
  await pickUp();
  await vi.waitFor(async () => expect((await u.task(url, id)).progress).toBe("Failed"), { timeout: 10_000, interval: 30 });
  return u.log(url, id);
};

describe("what set-up refuses (the task fails, with 0G's log lines)", () => {
  it("a fee the sub-account does not cover", async () => {
    const u = user(1);
    await u.fund(provider, { deposit: "3", amount: "1" });
    const root = await u.upload(dataset(5, "money"));
    const { status, body } = await u.createTask(url, { model: expensive, datasetHash: root });
    expect(status).toBe(201);
    const log = await failedWith(u, body.id!);
    const task = devnet.compute.fineTuning.task(body.id!);
    expect(task.fee).toBe(BigInt(task.tokens) * 2n * 1_000_000_000n * 10n ** 12n);
    expect(log).toContain(`setup failed: insufficient account balance after pending refund: required ${task.fee}, available 1000000000000000000`);
    expect(log).toContain(`Error executing task ${body.id}: insufficient account balance`);
    expect((await u.deliverable(provider, body.id!).catch((e: Error) => e.message)) as string).toMatch(/DeliverableNotExists/);
  });

  it("a dataset root no storage node has", async () => {
    const u = user(2);
    await u.fund(provider);
    const root = keccak256(toHex("no such dataset"));
    const { body } = await u.createTask(url, { model, datasetHash: root });
    const log = await failedWith(u, body.id!);
    expect(log).toMatch(new RegExp(`setup failed: Error downloading data with root: ${root}: .*not found`, "i"));
  });

  it("a dataset that is not JSONL, and training parameters that are not JSON", async () => {
    const u = user(2);
    const root = await u.upload(new TextEncoder().encode("this is not json\n"));
    const first = await u.createTask(url, { model, datasetHash: root });
    expect(await failedWith(u, first.body.id!)).toContain("setup failed: dataset is not valid JSONL: each line must be a standalone JSON object");
    const second = await u.createTask(url, { model, datasetHash: await u.upload(dataset(2, "params")), params: "{epochs" });
    expect(await failedWith(u, second.body.id!)).toContain("setup failed: invalid training params: expected a JSON object");
  });

  it("a signature that is not the user's, and a nonce at or below the sub-account's", async () => {
    const u = user(2);
    const root = await u.upload(dataset(2, "signatures"));
    const other = user(3).account;
    const nonce = fineTuningTaskNonce();
    const signature = await signFineTuningTaskRequest({ account: other, nonce, datasetHash: root });
    const body = { userAddress: u.address, datasetHash: root, trainingParams: "{}", preTrainedModelHash: model, fee: "0", nonce: `${nonce}`, signature, wait: false };
    const res = await fetch(`${url}/v1/user/${u.address}/task`, { method: "POST", body: JSON.stringify(body) });
    const { id } = (await res.json()) as { id: string };
    expect(await failedWith(u, id)).toContain("setup failed: signature error");
    const low = await u.createTask(url, { model, datasetHash: root, nonce: 0n });
    expect(await failedWith(u, low.body.id!)).toContain("setup failed: invalid nonce: expected 0, got 0");
  });
});

describe("what the provider refuses at once (HTTP 400, 0G's wording)", () => {
  it("an unknown model, a user without a sub-account, a missing field, a second unfinished task, a busy queue", async () => {
    const u = user(4);
    const root = await u.upload(dataset(2, "refusals"));
    expect(await u.createTask(url, { model: keccak256(toHex("no model")), datasetHash: root })).toEqual({
      status: 400,
      body: { error: "Provider: register service: unsupported model" },
    });
    expect((await u.createTask(url, { model, datasetHash: root })).body.error).toMatch(/^Provider: register service: get account in contract: AccountNotExists/);
    const missing = await fetch(`${url}/v1/user/${u.address}/task`, { method: "POST", body: JSON.stringify({ userAddress: u.address }) });
    expect(await missing.json()).toEqual({
      error: "Provider: bind service: Key: 'Task.PreTrainedModelHash' Error:Field validation for 'PreTrainedModelHash' failed on the 'required' tag",
    });

    await u.fund(provider);
    const first = await u.createTask(url, { model, datasetHash: root });
    expect(first.status).toBe(201);
    expect(await u.createTask(url, { model, datasetHash: root })).toEqual({
      status: 400,
      body: { error: "Provider: register service: cannot create a new task while there is an unfinished task" },
    });
    // Another user while the first task is pending: refused unless it waits in the queue.
    const v = user(5);
    await v.fund(provider);
    const rootV = await v.upload(dataset(2, "queue"));
    expect((await v.createTask(url, { model, datasetHash: rootV })).body.error).toBe(
      "Provider: register service: cannot create a new task while there are in-progress tasks",
    );
    const queued = await v.createTask(url, { model, datasetHash: rootV, wait: true });
    expect(queued.status).toBe(201);
    expect(await v.log(url, queued.body.id!)).toMatch(/There are 1 tasks in the queue ahead\./);
    expect(await (await fetch(`${url}/v1/task/pending`)).text()).toBe("2");

    // The queued task has not started: the user cancels it, and it ends as Failed, unpaid.
    expect(await v.cancel(url, queued.body.id!)).toEqual({ status: 200, body: `task ${queued.body.id} cancelled` });
    expect((await v.task(url, queued.body.id!)).progress).toBe("Failed");
    expect(await v.log(url, queued.body.id!)).toContain("cancelled by the user");
    // The first one, picked up, trains (for a minute of chain time): too late to cancel.
    await pickUp();
    await vi.waitFor(async () => expect((await u.task(url, first.body.id!)).progress).toBe("Training"), { timeout: 10_000, interval: 20 });
    expect(await u.cancel(url, first.body.id!)).toEqual({ status: 400, body: JSON.stringify({ error: "Provider: cancel task: Failed to cancel task: record not found." }) });
    expect(devnet.compute.fineTuning.providers[0]!.occupied).toBe(true);
    expect(await (await fetch(`${url}/v1/task/pending`)).text()).toBe("1");
    await devnet.compute.fineTuning.complete(first.body.id!);
    expect(await (await fetch(`${url}/v1/task/pending`)).text()).toBe("0");
    expect((await v.subAccount(provider)).balance).toBe(2n * 10n ** 18n);
  });

  it("cancelling someone else's task or with a bad signature; reading and downloading only one's own", async () => {
    const u = user(6);
    await u.fund(provider);
    const { body } = await u.createTask(url, { model, datasetHash: await u.upload(dataset(2, "cancel")) });
    const id = body.id!;
    const mallory = user(7);
    // A signature of something else, on u's path: not u's.
    const signature = await mallory.account.signMessage({ message: "hello" });
    const forged = await fetch(`${url}/v1/user/${u.address}/task/${id}/cancel`, { method: "POST", body: JSON.stringify({ signature }) });
    expect(await forged.json()).toEqual({ error: "Provider: cancel task: signature verification failed: address mismatch" });
    // Mallory's own signature on her own path: the task is not hers.
    expect((await mallory.cancel(url, id)).body).toBe(JSON.stringify({ error: "Provider: cancel task: Failed to cancel task: record not found." }));
    await pickUp();
    await vi.waitFor(() => expect(devnet.compute.fineTuning.task(id).progress).toBe("Training"), { timeout: 10_000, interval: 20 });

    // Another user cannot read it; the owner can, and the model is not delivered yet.
    const other = await fetch(`${url}/v1/user/${mallory.address}/task/${id}`);
    expect(await other.json()).toEqual({ error: "Provider: get task: get service from db: record not found" });
    const timestamp = Math.floor(Date.now() / 1000);
    const early = await fetch(`${url}/v1/user/${u.address}/task/${id}/lora`, {
      method: "POST",
      body: JSON.stringify({ signature: await u.account.signMessage({ message: { raw: fineTuningDownloadHash(id, timestamp) } }), timestamp }),
    });
    expect(((await early.json()) as { error: string }).error).toMatch(/is not delivered \(progress Training\)/);

    // Finish it now; the encrypted model is then downloadable from the provider (0G's TEE fallback).
    await devnet.compute.fineTuning.complete(id);
    expect(devnet.compute.fineTuning.providers[0]!.occupied).toBe(false);
    const lora = await fetch(`${url}/v1/user/${u.address}/task/${id}/lora`, {
      method: "POST",
      body: JSON.stringify({ signature: await u.account.signMessage({ message: { raw: fineTuningDownloadHash(id, timestamp) } }), timestamp }),
    });
    expect(lora.headers.get("content-disposition")).toBe(`attachment; filename="lora_model_${id}.zip"`);
    const bytes = new Uint8Array(await lora.arrayBuffer());
    expect(keccak256(bytes)).toBe(keccak256(await storageBytes(u, devnet.compute.fineTuning.task(id).modelRootHash!)));
    const stale = await fetch(`${url}/v1/user/${u.address}/task/${id}/lora`, {
      method: "POST",
      body: JSON.stringify({ signature: await u.account.signMessage({ message: { raw: fineTuningDownloadHash(id, 1000) } }), timestamp: 1000 }),
    });
    expect(((await stale.json()) as { error: string }).error).toMatch(/signature expired/);
  });
});

async function storageBytes(u: FineTuningTestUser, root: Hex): Promise<Uint8Array> {
  const { download } = await import("@0g/storage");
  return (await download(u.wallet, { root, workers: false })).data;
}

describe("faults and the devnet API", () => {
  it("a stopped provider drops connections and its tasks stand still until it starts again", async () => {
    const u = user(1);
    const root = await u.upload(dataset(2, "stopped"));
    devnet.compute.fineTuning.stopProvider(0);
    expect(devnet.compute.fineTuning.providers[0]!.running).toBe(false);
    const error = await fetch(`${url}/v1/model`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    devnet.compute.fineTuning.startProvider(0);
    await u.fund(provider, { amount: "1" });
    const { body } = await u.createTask(url, { model, datasetHash: root });
    devnet.compute.fineTuning.stopProvider(0);
    await devnet.increaseTime(3600);
    await devnet.compute.fineTuning.advance();
    expect(devnet.compute.fineTuning.task(body.id!).progress).toBe("Init");
    await expect(devnet.compute.fineTuning.complete(body.id!)).rejects.toBeInstanceOf(FineTuningTaskStateError);
    devnet.compute.fineTuning.clearFaults();
    expect((await devnet.compute.fineTuning.complete(body.id!)).progress).toBe("Delivered");
    await expect(devnet.compute.fineTuning.complete(body.id!, { until: "Finished" })).rejects.toThrow(/not acknowledged/);
  });

  it("typed errors for unknown providers, tasks and options, and a devnet without fine-tuning", async () => {
    expect(() => devnet.compute.fineTuning.stopProvider(3)).toThrow(UnknownFineTuningProviderError);
    expect(() => devnet.compute.fineTuning.task("00000000-0000-4000-8000-000000000000")).toThrow(UnknownFineTuningTaskError);
    await expect(createDevnet({ storage: false, compute: { fineTuning: true } })).rejects.toBeInstanceOf(DevnetOptionError);
    await expect(createDevnet({ compute: { fineTuning: { providers: 0 } } })).rejects.toThrow(/compute\.fineTuning\.providers/);
    const off = await createDevnet({ storage: false, accounts: 1, compute: { providers: 1 } });
    try {
      expect(off.compute.fineTuning.enabled).toBe(false);
      expect(() => off.compute.fineTuning.tasks()).toThrow(FineTuningDisabledError);
      await expect(off.compute.fineTuning.settle()).rejects.toBeInstanceOf(FineTuningDisabledError);
    } finally {
      await off.stop();
    }
  });
});
