import { ledgerManagerAbi } from "@0g/contracts";
import { download, upload } from "@0g/storage";
import { http, createPublicClient, createWalletClient, keccak256, parseEther, toHex, type Address, type Chain, type Hex, type HttpTransport, type WalletClient } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FineTunedModelDecryptionError,
  FineTuningDeliverableNotAcknowledgedError,
  FineTuningDeliverableNotFoundError,
  FineTuningInsufficientBalanceError,
  FineTuningModelNotFoundError,
  FineTuningSecretUnavailableError,
  FineTuningTaskFailedError,
  FineTuningTaskNotCancellableError,
  FineTuningTaskNotFoundError,
  FineTuningTimeoutError,
  ProviderUnreachableError,
  SubAccountNotFoundError,
} from "../errors.js";
import { computeActions } from "../decorators.js";
import { createDevnet, type Devnet } from "../test/devnet.js";
import { acknowledgeFineTuningDeliverable } from "./acknowledgeFineTuningDeliverable.js";
import { cancelFineTuningTask } from "./cancelFineTuningTask.js";
import { createFineTuningTask } from "./createFineTuningTask.js";
import { decryptFineTunedModel } from "./decryptFineTunedModel.js";
import { downloadFineTunedModel } from "./downloadFineTunedModel.js";
import { getFineTuningDeliverable } from "./getFineTuningDeliverable.js";
import { getFineTuningTask } from "./getFineTuningTask.js";
import { getFineTuningTaskLog } from "./getFineTuningTaskLog.js";
import { listFineTuningModels } from "./listFineTuningModels.js";
import { listFineTuningServices } from "./listFineTuningServices.js";
import { listFineTuningTasks } from "./listFineTuningTasks.js";
import { waitForFineTuningDeliverable } from "./waitForFineTuningDeliverable.js";

// The fine-tuning client against a real devnet: its fine-tuning provider, its 0G Storage, its chain.
// The provider settles only when told (`autoSettle: false`), and picks tasks up after 2 s of chain
// time (`pickUp()` moves time on), so every step can be looked at.

let devnet: Devnet;
let rpc: string;
let provider: Address;
type Wallet = WalletClient<HttpTransport, Chain, PrivateKeyAccount>;
const trainingParams = { num_train_epochs: 1, learning_rate: 0.0002 };
const wait = { pollingInterval: 25, timeout: 20_000 } as const;

beforeAll(async () => {
  devnet = await createDevnet({
    accounts: 8,
    storage: { nodes: 2, mining: false },
    compute: {
      providers: 1,
      settlement: { auto: false },
      fineTuning: { models: ["mock-model", { name: "expensive", priceCoefficient: 10n ** 12n }], trainingTime: 300, pickupDelay: 2000, autoSettle: false },
    },
  });
  rpc = (await devnet.serve({ port: 0 })).endpoints.rpc;
  provider = devnet.compute.fineTuning.providers[0]!.address;
});
afterAll(() => devnet.stop());

const wallet = (i: number): Wallet =>
  createWalletClient({ account: privateKeyToAccount(devnet.accounts[i]!.privateKey), chain: devnet.chain, transport: http(rpc, { retryCount: 0 }), pollingInterval: 50 });
const pickUp = () => devnet.increaseTime(3);
/** A client over the RPC URL, as apps have: the contracts are found with `devnet_info`. */
const reader = () => createPublicClient({ chain: devnet.chain, transport: http(rpc, { retryCount: 0 }) });

/** Opens a ledger and moves `amount` 0G into the fine-tuning sub-account with the provider. */
async function fund(w: Wallet, amount = "2") {
  const send = async (functionName: "addLedger" | "transferFund", args: readonly unknown[], value?: bigint) =>
    w.writeContract({ address: devnet.contracts.computeLedger!, abi: ledgerManagerAbi, functionName, args, ...(value ? { value } : {}) } as never).then((hash) =>
      devnet.publicClient.waitForTransactionReceipt({ hash }),
    );
  await send("addLedger", [""], parseEther("5"));
  await send("transferFund", [provider, "fine-tuning-v1.0", parseEther(amount)]);
}

function jsonl(records: number, topic: string): Uint8Array {
  const lines = Array.from({ length: records }, (_, i) => JSON.stringify({ instruction: `${topic} question ${i}?`, input: "", output: `${topic} answer ${i}.` }));
  return new TextEncoder().encode(lines.join("\n"));
}

const uploadDataset = async (w: Wallet, data: Uint8Array) => (await upload(w, { data, workers: false })).root;

describe("discovery", () => {
  it("lists the fine-tuning services and their models", async () => {
    const services = await listFineTuningServices(reader());
    const p = devnet.compute.fineTuning.providers[0]!;
    expect(services).toEqual([
      {
        provider,
        url: p.url,
        quota: { cpuCount: 8n, nodeMemory: 32n, gpuCount: 1n, nodeStorage: 500n, gpuType: "devnet (no GPU)" },
        pricePerToken: p.pricePerToken,
        occupied: false,
        models: ["mock-model", "expensive"],
        teeSignerAddress: p.teeSigner,
        teeSignerAcknowledged: true,
      },
    ]);
    const models = await listFineTuningModels(reader(), { provider });
    expect(models.map((m) => [m.name, m.provider])).toEqual([
      ["mock-model", provider],
      ["expensive", provider],
    ]);
    expect(models[0]).toMatchObject({ hash: "0xcb42b5ca9e998c82dd239ef2d20d22a4ae16b3dc0ce0a855c93b52c7c2bab6dc", dataType: "text" });
    expect(await listFineTuningModels(reader())).toEqual(models);
    const bound = reader().extend(computeActions());
    expect(await bound.listFineTuningServices()).toEqual(services);
    expect(await bound.listFineTuningModels({ provider })).toEqual(models);
  });
});

describe("from a dataset on 0G Storage to a decrypted model", () => {
  it("creates a task, follows it, acknowledges, waits for the settlement, downloads and decrypts the model", async () => {
    const w = wallet(1);
    await fund(w);
    const data = jsonl(6, "fine-tuning");
    const datasetHash = await uploadDataset(w, data);

    const { taskId, preTrainedModelHash, nonce } = await createFineTuningTask(w, { provider, model: "mock-model", datasetHash, trainingParams });
    expect(preTrainedModelHash).toBe("0xcb42b5ca9e998c82dd239ef2d20d22a4ae16b3dc0ce0a855c93b52c7c2bab6dc");
    expect((await getFineTuningTask(w, { provider, taskId })).progress).toBe("Init");
    await expect(getFineTuningDeliverable(w, { provider, taskId })).rejects.toBeInstanceOf(FineTuningDeliverableNotFoundError);

    await pickUp();
    const seen: string[] = [];
    const { task, deliverable } = await waitForFineTuningDeliverable(w, { provider, taskId, ...wait, onProgress: (t) => seen.push(t.progress) });
    expect(seen.at(-1)).toBe("Delivered");
    expect(seen).toContain("Training");
    expect(task).toMatchObject({ id: taskId, user: w.account.address, datasetHash, nonce, progress: "Delivered", modelType: "customized" });
    expect(task.fee).toBe(devnet.compute.fineTuning.task(taskId).fee);
    expect(task.fee).toBeGreaterThan(0n);
    expect(deliverable).toMatchObject({ id: taskId, acknowledged: false, settled: false, encryptedSecret: "0x" });
    expect((await listFineTuningTasks(w, { provider })).map((t) => t.id)).toEqual([taskId]);
    expect(await getFineTuningTaskLog(w, { provider, taskId })).toContain(`Training model for finalizer task ${taskId} successfully`);

    // The encrypted model is on 0G Storage; it cannot be opened before the acknowledgement and the settlement.
    const { data: encrypted } = await download(w, { root: deliverable.modelRootHash, workers: false });
    const privateKey = devnet.accounts[1]!.privateKey;
    await expect(decryptFineTunedModel(w, { provider, taskId, data: encrypted, privateKey })).rejects.toBeInstanceOf(FineTuningDeliverableNotAcknowledgedError);
    const acknowledged = await acknowledgeFineTuningDeliverable(w, { provider, taskId });
    expect(acknowledged.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    await expect(decryptFineTunedModel(w, { provider, taskId, data: encrypted, privateKey })).rejects.toMatchObject({ name: "FineTuningSecretUnavailableError", reason: "unsettled" });

    const before = await subAccountBalance(w.account.address);
    const [settlement] = await devnet.compute.fineTuning.settle();
    expect(settlement).toMatchObject({ taskId, acknowledged: true, fee: task.fee });
    const settled = await waitForFineTuningDeliverable(w, { provider, taskId, settled: true, ...wait });
    expect(settled.task.progress).toBe("Finished");
    expect(settled.deliverable).toMatchObject({ acknowledged: true, settled: true });
    expect(settled.deliverable.encryptedSecret).not.toBe("0x");
    expect(before - (await subAccountBalance(w.account.address))).toBe(task.fee);

    const model = await decryptFineTunedModel(w, { provider, taskId, data: encrypted, privateKey });
    expect(model).toEqual(devnet.compute.fineTuning.expectedModel({ model: "mock-model", dataset: data, trainingParams }));
    // The provider's TEE download gives the same file; another key cannot open it.
    expect(await downloadFineTunedModel(w, { provider, taskId })).toEqual(encrypted);
    await expect(decryptFineTunedModel(w, { provider, taskId, data: encrypted, privateKey: devnet.accounts[2]!.privateKey })).rejects.toBeInstanceOf(
      FineTuningDeliverableNotFoundError,
    );
    const tampered = encrypted.slice();
    tampered[200]! ^= 1;
    await expect(decryptFineTunedModel(w, { provider, taskId, data: tampered, privateKey })).rejects.toBeInstanceOf(FineTunedModelDecryptionError);
  });

  it("gets no key after a penalty settlement of an unacknowledged deliverable", async () => {
    const w = wallet(2);
    await fund(w);
    const { taskId } = await createFineTuningTask(w, { provider, model: "mock-model", datasetHash: await uploadDataset(w, jsonl(3, "penalty")), trainingParams });
    await pickUp();
    const { deliverable } = await waitForFineTuningDeliverable(w, { provider, taskId, ...wait });
    const [settlement] = await devnet.compute.fineTuning.settle({ unacknowledged: true });
    expect(settlement).toMatchObject({ taskId, acknowledged: false, encryptedSecret: "0x" });
    const { data } = await download(w, { root: deliverable.modelRootHash, workers: false });
    const privateKey = devnet.accounts[2]!.privateKey;
    await expect(decryptFineTunedModel(w, { provider, taskId, data, privateKey })).rejects.toMatchObject({ name: "FineTuningSecretUnavailableError", reason: "penalty" });
    await expect(decryptFineTunedModel(w, { provider, taskId, data, privateKey })).rejects.toBeInstanceOf(FineTuningSecretUnavailableError);
  });
});

async function subAccountBalance(user: Address): Promise<bigint> {
  const { fineTuningServingAbi } = await import("@0g/contracts");
  const account = await devnet.publicClient.readContract({ address: devnet.contracts.computeFineTuning!, abi: fineTuningServingAbi, functionName: "getAccount", args: [user, provider] });
  return account.balance;
}

describe("typed errors", () => {
  it("no sub-account, an unknown model, an unknown task", async () => {
    const w = wallet(3);
    const datasetHash = keccak256(toHex("anything"));
    await expect(createFineTuningTask(w, { provider, model: "mock-model", datasetHash, trainingParams })).rejects.toBeInstanceOf(SubAccountNotFoundError);
    await fund(w);
    const error = await createFineTuningTask(w, { provider, model: "gpt-9", datasetHash, trainingParams }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FineTuningModelNotFoundError);
    expect((error as FineTuningModelNotFoundError).available).toEqual(["mock-model", "expensive"]);
    await expect(getFineTuningTask(w, { provider, taskId: "00000000-0000-4000-8000-000000000000" })).rejects.toBeInstanceOf(FineTuningTaskNotFoundError);
  });

  it("a fee the sub-account does not cover: FineTuningInsufficientBalanceError with the amounts", async () => {
    const w = wallet(4);
    await fund(w, "1");
    const datasetHash = await uploadDataset(w, jsonl(4, "expensive"));
    const { taskId } = await createFineTuningTask(w, { provider, model: "expensive", datasetHash, trainingParams });
    await pickUp();
    const error = (await waitForFineTuningDeliverable(w, { provider, taskId, ...wait }).catch((e: unknown) => e)) as FineTuningInsufficientBalanceError;
    expect(error).toBeInstanceOf(FineTuningInsufficientBalanceError);
    expect(error.required).toBe(devnet.compute.fineTuning.task(taskId).fee);
    expect(error.available).toBe(parseEther("1"));
  });

  it("a dataset root that is not on 0G Storage: FineTuningTaskFailedError with the provider's reason", async () => {
    const w = wallet(3);
    const root = keccak256(toHex("missing dataset"));
    const { taskId } = await createFineTuningTask(w, { provider, model: "mock-model", datasetHash: root, trainingParams });
    await pickUp();
    const error = (await waitForFineTuningDeliverable(w, { provider, taskId, ...wait }).catch((e: unknown) => e)) as FineTuningTaskFailedError;
    expect(error).toBeInstanceOf(FineTuningTaskFailedError);
    expect(error.reason).toMatch(new RegExp(`^setup failed: Error downloading data with root: ${root}`));
    expect(error.log).toContain("creating task....");
  });

  it("cancels before pick-up; afterwards the task cannot be cancelled and waiting for it fails", async () => {
    const w = wallet(5);
    await fund(w);
    const { taskId } = await createFineTuningTask(w, { provider, model: "mock-model", datasetHash: await uploadDataset(w, jsonl(2, "cancel")), trainingParams });
    await expect(waitForFineTuningDeliverable(w, { provider, taskId, pollingInterval: 20, timeout: 100 })).rejects.toBeInstanceOf(FineTuningTimeoutError);
    expect(await cancelFineTuningTask(w, { provider, taskId })).toBe(`task ${taskId} cancelled`);
    expect((await getFineTuningTask(w, { provider, taskId })).progress).toBe("Failed");
    await expect(cancelFineTuningTask(w, { provider, taskId })).rejects.toBeInstanceOf(FineTuningTaskNotCancellableError);
    const failed = (await waitForFineTuningDeliverable(w, { provider, taskId, ...wait }).catch((e: unknown) => e)) as FineTuningTaskFailedError;
    expect(failed).toBeInstanceOf(FineTuningTaskFailedError);
    expect(failed.reason).toMatch(/cancelled by the user/);
  });

  it("a stopped provider: ProviderUnreachableError, then it answers again", async () => {
    const w = wallet(5);
    devnet.compute.fineTuning.stopProvider(0);
    try {
      await expect(listFineTuningTasks(w, { provider })).rejects.toBeInstanceOf(ProviderUnreachableError);
      await expect(listFineTuningModels(reader(), { provider })).rejects.toBeInstanceOf(ProviderUnreachableError);
      expect(await listFineTuningModels(reader())).toEqual([]); // every provider: the unreachable ones are skipped
    } finally {
      devnet.compute.fineTuning.startProvider(0);
    }
    expect(await listFineTuningTasks(w, { provider })).toHaveLength(1);
  });
});

describe("snapshots", () => {
  it("a revert takes the provider's tasks back with the chain", async () => {
    const w = wallet(6);
    await fund(w);
    const datasetHash: Hex = await uploadDataset(w, jsonl(2, "revert"));
    const id = await devnet.snapshot();
    const { taskId } = await createFineTuningTask(w, { provider, model: "mock-model", datasetHash, trainingParams });
    await devnet.compute.fineTuning.complete(taskId);
    expect((await getFineTuningDeliverable(w, { provider, taskId })).id).toBe(taskId);
    await devnet.revert(id);
    await expect(getFineTuningTask(w, { provider, taskId })).rejects.toBeInstanceOf(FineTuningTaskNotFoundError);
    await expect(getFineTuningDeliverable(w, { provider, taskId })).rejects.toBeInstanceOf(FineTuningDeliverableNotFoundError);
    expect(await listFineTuningTasks(w, { provider })).toEqual([]);
  });
});
