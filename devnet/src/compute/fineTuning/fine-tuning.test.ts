import { decryptModelWithSecret, eciesDecrypt, fineTuningMockModel, fineTuningTaskNonce, verifyFineTuningSettlementSignature } from "@0g/compute";
import { fineTuningServingAbi, ledgerManagerAbi } from "@0g/contracts";
import { download } from "@0g/storage";
import { decodeEventLog, decodeFunctionData, hexToBytes, parseEther, type Address, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDevnet, type Devnet, type ServedDevnet } from "../../create-devnet.js";
import { computeContractAddresses } from "../contracts.js";
import { dataset, fineTuningServing, fineTuningUser, ledgerManager, trainingParams, type FineTuningTestUser } from "./test-helpers.js";
import { unzipStore } from "./zip.js";

let devnet: Devnet;
let served: ServedDevnet;
let provider: Address;
let url: string;
let alice: FineTuningTestUser;
const model = fineTuningMockModel.hash;

beforeAll(async () => {
  devnet = await createDevnet({
    accounts: 5,
    storage: { nodes: 2, mining: false },
    compute: { providers: 1, fineTuning: { trainingTime: 400, ackTimeout: 600 } },
  });
  served = await devnet.serve({ port: 0 });
  provider = devnet.compute.fineTuning.providers[0]!.address;
  url = devnet.compute.fineTuning.providers[0]!.url;
  alice = fineTuningUser(devnet, served.endpoints.rpc, devnet.accounts[1]!.privateKey);
  await alice.fund(provider);
});
afterAll(() => devnet.stop());

describe("fine-tuning providers on chain", () => {
  it("registers each provider on FineTuningServing with stake, models and an acknowledged TEE signer, at /compute/fine-tuning/<i>", async () => {
    const [p] = devnet.compute.fineTuning.providers;
    expect(p!.url).toBe(`${served.endpoints.rpc}/compute/fine-tuning/0`);
    const service = await alice.publicClient.readContract({ address: fineTuningServing, abi: fineTuningServingAbi, functionName: "getService", args: [provider] });
    expect(service).toMatchObject({
      provider,
      url: p!.url,
      models: ["mock-model", "Qwen2.5-0.5B-Instruct"],
      teeSignerAddress: p!.teeSigner,
      teeSignerAcknowledged: true,
      occupied: false,
      pricePerToken: p!.pricePerToken,
    });
    expect(devnet.info().endpoints.computeFineTuningProviders).toEqual([p!.url]);
    expect(devnet.compute.providers.map((q) => q.address)).not.toContain(provider);
    // Inference providers stay where they were.
    expect(devnet.compute.providers[0]!.url).toBe(`${served.endpoints.rpc}/compute/0`);
  });

  it("serves 0G's model list, model lookup, quote and queue counter", async () => {
    const models = (await (await fetch(`${url}/v1/model`)).json()) as { name: string; hash: string }[];
    expect(models.map((m) => m.name)).toEqual(["mock-model", "Qwen2.5-0.5B-Instruct"]);
    expect(await (await fetch(`${url}/v1/model/mock-model`)).json()).toMatchObject({ name: "mock-model", hash: model, dataType: "text" });
    expect(await (await fetch(`${url}/v1/model/${model}`)).json()).toMatchObject({ name: "mock-model" });
    expect(await (await fetch(`${url}/v1/model/nope`)).json()).toEqual({ error: "Provider: get customized model: Model nope not found" });
    const desc = await fetch(`${url}/v1/model/desc/mock-model`);
    expect(desc.headers.get("content-type")).toBe("application/zip");
    expect(new TextDecoder().decode(unzipStore(new Uint8Array(await desc.arrayBuffer())).get("README.md"))).toMatch(/^# mock-model/);
    expect(JSON.parse(await (await fetch(`${url}/v1/quote`)).text())).toMatchObject({ report_data: devnet.compute.fineTuning.providers[0]!.teeSigner });
    expect(await (await fetch(`${url}/v1/task/pending`)).text()).toBe("0");
  });
});

describe("a task from dataset to decrypted model", () => {
  const data = dataset(6);
  let taskId: string;
  let root: `0x${string}`;

  it("takes a task for a dataset on 0G Storage, sets it up (fee from the tokens), trains it as chain time passes", async () => {
    root = await alice.upload(data);
    const created = await alice.createTask(url, { model, datasetHash: root });
    expect(created.status).toBe(201);
    taskId = created.body.id!;
    expect(taskId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const seen = new Set<string>();
    await vi.waitFor(
      async () => {
        const task = await alice.task(url, taskId);
        seen.add(task.progress);
        expect(task.progress).toBe("Delivered");
      },
      { timeout: 15_000, interval: 30 },
    );
    expect(seen.has("Training")).toBe(true);
    const task = await alice.task(url, taskId);
    const inside = devnet.compute.fineTuning.task(taskId);
    expect(inside).toMatchObject({ records: 6, epochs: 2, provider: 0, user: alice.address, model: "mock-model" });
    expect(BigInt(task.fee)).toBe(BigInt(inside.tokens) * 2n * devnet.compute.fineTuning.providers[0]!.pricePerToken);
    expect(task).toMatchObject({ userAddress: alice.address, preTrainedModelHash: model, datasetHash: root, trainingParams, modelType: 1, deliverIndex: 0 });
    expect(task.deliverTime).toBeGreaterThan(0);

    const log = await alice.log(url, taskId);
    expect(log).toMatch(/^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] creating task\.\.\.\.\n/);
    for (const line of [
      `Training model for setup task ${taskId} successfully`,
      "{'loss': ",
      `Training model for executor task ${taskId} successfully`,
      `Training model for finalizer task ${taskId} successfully`,
    ])
      expect(log).toContain(line);
  });

  it("delivers on chain: the encrypted model on 0G Storage, its key sealed to the user", async () => {
    const task = devnet.compute.fineTuning.task(taskId);
    const deliverable = await alice.deliverable(provider, taskId);
    expect(deliverable).toMatchObject({ id: taskId, modelRootHash: task.modelRootHash, acknowledged: false, settled: false, encryptedSecret: "0x" });
    // The file on 0G Storage opens with the secret the user's key unseals.
    const { data: encrypted } = await download(alice.wallet, { root: deliverable.modelRootHash as `0x${string}`, workers: false });
    const secret = await eciesDecrypt({ privateKey: alice.privateKey, data: hexToBytes(task.encryptedSecret!) });
    expect(`0x${Buffer.from(secret).toString("hex")}`).toBe(task.secret);
    const plain = await decryptModelWithSecret({ data: encrypted, secret, teeSigner: devnet.compute.fineTuning.providers[0]!.teeSigner });
    expect(plain).toEqual(devnet.compute.fineTuning.expectedModel({ model: "mock-model", dataset: data, trainingParams }));
    const files = unzipStore(plain);
    expect([...files.keys()]).toEqual(["adapter_config.json", "adapter_model.safetensors", "training_summary.json"]);
    expect(JSON.parse(new TextDecoder().decode(files.get("adapter_config.json")))).toMatchObject({ base_model_name_or_path: "mock-model", peft_type: "LORA" });
    expect(files.get("adapter_model.safetensors")!.length).toBeGreaterThan(65_536);
  });

  it("settles once the user acknowledges: the whole fee, the sealed key, FeesSettled, Finished", async () => {
    const before = await alice.subAccount(provider);
    const providerBefore = await alice.publicClient.getBalance({ address: provider });
    await alice.acknowledge(provider, taskId);
    await vi.waitFor(async () => expect((await alice.task(url, taskId)).progress).toBe("Finished"), { timeout: 5000, interval: 30 });

    const task = devnet.compute.fineTuning.task(taskId);
    const settlement = task.settlement!;
    expect(settlement).toMatchObject({ provider: 0, taskId, user: alice.address, acknowledged: true, fee: task.fee, taskFee: task.fee, encryptedSecret: task.encryptedSecret });
    expect(devnet.compute.fineTuning.settlements).toContainEqual(settlement);
    const deliverable = await alice.deliverable(provider, taskId);
    expect(deliverable).toMatchObject({ acknowledged: true, settled: true, encryptedSecret: task.encryptedSecret });

    const after = await alice.subAccount(provider);
    expect(before.balance - after.balance).toBe(task.fee);
    expect(after.nonce).toBe(task.nonce);
    const receipt = await alice.publicClient.getTransactionReceipt({ hash: settlement.transactionHash });
    const settled = receipt.logs
      .filter((l) => l.address.toLowerCase() === fineTuningServing.toLowerCase())
      .map((l) => {
        try {
          return decodeEventLog({ abi: fineTuningServingAbi, data: l.data, topics: l.topics });
        } catch {
          return undefined;
        }
      })
      .find((e) => e?.eventName === "FeesSettled");
    expect(settled?.args).toMatchObject({ user: alice.address, provider, deliverableId: taskId, fee: task.fee, acknowledged: true, nonce: task.nonce });
    const gas = receipt.gasUsed * receipt.effectiveGasPrice;
    expect((await alice.publicClient.getBalance({ address: provider })) - providerBefore).toBe(task.fee - gas);
    const ledger = await alice.publicClient.readContract({ address: ledgerManager, abi: ledgerManagerAbi, functionName: "getLedger", args: [alice.address] });
    expect(ledger.totalBalance).toBe(parseEther("10") - task.fee);
    expect(await alice.log(url, taskId)).toContain(`Settle task ${taskId} successfully`);
  });
});

describe("penalty settlement", () => {
  it("settles an unacknowledged deliverable after the acknowledgement window: penalty share, empty secret", async () => {
    const bob = fineTuningUser(devnet, served.endpoints.rpc, devnet.accounts[2]!.privateKey);
    await bob.fund(provider);
    const root = await bob.upload(dataset(4, "penalties"));
    const { body } = await bob.createTask(url, { model, datasetHash: root });
    const taskId = body.id!;
    const delivered = await devnet.compute.fineTuning.complete(taskId);
    expect(delivered.progress).toBe("Delivered");
    const before = await bob.subAccount(provider);

    await devnet.increaseTime(300); // inside the 600 s window: nothing yet
    await devnet.compute.fineTuning.advance();
    expect(devnet.compute.fineTuning.task(taskId).progress).toBe("Delivered");
    await devnet.increaseTime(301);
    await vi.waitFor(() => expect(devnet.compute.fineTuning.task(taskId).progress).toBe("Finished"), { timeout: 5000, interval: 20 });

    const task = devnet.compute.fineTuning.task(taskId);
    const penalty = await bob.publicClient.readContract({ address: fineTuningServing, abi: fineTuningServingAbi, functionName: "penaltyPercentage" });
    expect(task.settlement).toMatchObject({ acknowledged: false, encryptedSecret: "0x", taskFee: task.fee, fee: (task.fee * penalty) / 100n });
    expect(await bob.deliverable(provider, taskId)).toMatchObject({ acknowledged: false, settled: true, encryptedSecret: "0x" });
    expect((before.balance - (await bob.subAccount(provider)).balance)).toBe((task.fee * penalty) / 100n);
    expect(task.log).toMatch(/ack timeout: settling without the user's acknowledgement/);
    // The signature sent is the TEE's, over the empty secret.
    const tx = await bob.publicClient.getTransaction({ hash: task.settlement!.transactionHash });
    const [input] = decodeFunctionData({ abi: fineTuningServingAbi, data: tx.input }).args as unknown as [{ signature: Hex; encryptedSecret: Hex }];
    expect(input.encryptedSecret).toBe("0x");
    const message = { id: taskId, encryptedSecret: "0x" as Hex, modelRootHash: task.modelRootHash!, nonce: task.nonce, taskFee: task.fee, user: bob.address };
    const verifyingContract = computeContractAddresses.fineTuningServing;
    const signer = devnet.compute.fineTuning.providers[0]!.teeSigner;
    expect(await verifyFineTuningSettlementSignature({ chainId: devnet.chainId, verifyingContract, message, signature: input.signature, signer })).toBe(true);
  });
});

describe("snapshots", () => {
  it("cover the tasks: a revert brings a task back to where it was, and it moves on again", async () => {
    const carol = fineTuningUser(devnet, served.endpoints.rpc, devnet.accounts[3]!.privateKey);
    await carol.fund(provider);
    const root = await carol.upload(dataset(3, "snapshots"));
    const id = await devnet.snapshot();
    const nonce = fineTuningTaskNonce();
    const { body } = await carol.createTask(url, { model, datasetHash: root, nonce });
    const taskId = body.id!;
    await devnet.compute.fineTuning.complete(taskId);
    expect((await carol.deliverable(provider, taskId)).id).toBe(taskId);

    await devnet.revert(id);
    expect(() => devnet.compute.fineTuning.task(taskId)).toThrow(/No fine-tuning provider has task/);
    expect(await (await fetch(`${url}/v1/user/${carol.address}/task`)).json()).toEqual([]);
    // The same request again: the same task id (derived from provider, user, nonce and dataset).
    const again = await carol.createTask(url, { model, datasetHash: root, nonce });
    expect(again).toEqual({ status: 201, body: { id: taskId } });
    const delivered = await devnet.compute.fineTuning.complete(taskId);
    expect(delivered.progress).toBe("Delivered");

    // Delivered → acknowledged and settled → revert: delivered and unpaid again, the settlement gone.
    const settled = devnet.compute.fineTuning.settlements.length;
    const beforeAck = await devnet.snapshot();
    await carol.acknowledge(provider, taskId);
    await vi.waitFor(() => expect(devnet.compute.fineTuning.task(taskId).progress).toBe("Finished"), { timeout: 5000, interval: 20 });
    expect(devnet.compute.fineTuning.settlements).toHaveLength(settled + 1);
    await devnet.revert(beforeAck);
    expect(devnet.compute.fineTuning.task(taskId)).toMatchObject({ progress: "Delivered", settlement: undefined });
    expect(devnet.compute.fineTuning.settlements).toHaveLength(settled);
    expect(await carol.deliverable(provider, taskId)).toMatchObject({ acknowledged: false, settled: false });
    expect((await carol.task(url, taskId)).progress).toBe("Delivered");
  });
});
