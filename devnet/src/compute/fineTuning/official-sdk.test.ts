import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import type * as Sdk from "@0gfoundation/0g-compute-ts-sdk";
import type * as Ethers from "ethers";
import { parseEther } from "viem";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createDevnet, type Devnet, type ServedDevnet } from "../../create-devnet.js";
import { dataset, fineTuningUser, trainingParams } from "./test-helpers.js";

// 0G's official compute SDK (npm @0gfoundation/0g-compute-ts-sdk@0.9.0), unmodified: it finds
// FineTuningServing by chain id 31337, creates and cancels tasks at the devnet's fine-tuning
// provider, acknowledges the deliverable, downloads the encrypted model from the provider (its TEE
// path) and decrypts it with `decryptModel`.
let devnet: Devnet;
let served: ServedDevnet;
let dir: string;

beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
  devnet = await createDevnet({ accounts: 3, storage: { nodes: 2, mining: false }, compute: { providers: 1, fineTuning: { trainingTime: 100, pickupDelay: 5000 } } });
  served = await devnet.serve({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), "0g-devnet-ft-"));
});
afterAll(async () => {
  await devnet.stop();
  await rm(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

// The SDK's CommonJS build, as Node apps load it: its ES build bundles axios for the browser, whose
// `responseType: "stream"` (the TEE download) is a web stream the SDK cannot pipe to a file.
// The signer must be a Wallet of the ethers that build loads (it checks `instanceof Wallet`).
const require = createRequire(import.meta.url);
const { createZGComputeNetworkBroker } = require("@0gfoundation/0g-compute-ts-sdk") as typeof Sdk;
const { JsonRpcProvider, Wallet } = createRequire(require.resolve("@0gfoundation/0g-compute-ts-sdk"))("ethers") as typeof Ethers;
type SdkSigner = Parameters<typeof createZGComputeNetworkBroker>[0];

async function broker(accountIndex: number) {
  const rpc = new JsonRpcProvider(served.endpoints.rpc, undefined, { staticNetwork: true, pollingInterval: 50 });
  const wallet = new Wallet(devnet.accounts[accountIndex]!.privateKey, rpc) as unknown as SdkSigner;
  return createZGComputeNetworkBroker(wallet, undefined, undefined, undefined, 1_000_000_000);
}

it("runs 0G's SDK fine-tuning flow against the devnet: task, log, acknowledgement, TEE download, decryptModel", async () => {
  const zg = await broker(1);
  const ft = zg.fineTuning!;
  const [service] = await ft.listService();
  const p = devnet.compute.fineTuning.providers[0]!;
  expect({ provider: service!.provider, url: service!.url, teeSignerAddress: service!.teeSignerAddress }).toEqual({
    provider: p.address,
    url: p.url,
    teeSignerAddress: p.teeSigner,
  });
  const [standard = [], customized = []] = (await ft.listModel()) ?? [];
  expect(standard.map(([name]) => name)).toEqual(["mock-model"]); // the SDK's list for chain 31337
  expect(customized.map(([name, info]) => [name, info.provider])).toEqual([
    ["mock-model", p.address],
    ["Qwen2.5-0.5B-Instruct", p.address],
  ]);

  await zg.ledger.addLedger(10);
  await zg.ledger.transferFund(p.address, "fine-tuning", parseEther("3"));
  expect((await ft.getAccount(p.address)).balance).toBe(parseEther("3"));

  // 0G's SDK uploads datasets with a Go binary; the kit's @0g/storage does it here.
  const data = dataset(5, "the SDK");
  const root = await fineTuningUser(devnet, served.endpoints.rpc, devnet.accounts[1]!.privateKey).upload(data);
  const paramsPath = join(dir, "training_params.json");
  await writeFile(paramsPath, trainingParams);

  const taskId = await ft.createTask(p.address, "mock-model", root, paramsPath);
  expect(devnet.compute.fineTuning.task(taskId)).toMatchObject({ user: devnet.accounts[1]!.address, model: "mock-model" });
  await devnet.compute.fineTuning.complete(taskId);
  const task = await ft.getTask(p.address, taskId);
  expect(task).toMatchObject({ id: taskId, progress: "Delivered", datasetHash: root });
  expect((await ft.listTask(p.address)).map((t) => t.id)).toEqual([taskId]);
  expect(await ft.getLog(p.address, taskId)).toContain(`Training model for finalizer task ${taskId} successfully`);

  await ft.acknowledgeDeliverable(p.address, taskId);
  await vi.waitFor(() => expect(devnet.compute.fineTuning.task(taskId).progress).toBe("Finished"), { timeout: 5000, interval: 20 });

  const encryptedPath = join(dir, `lora_model_${taskId}.zip`);
  await ft.downloadLoRAFromTEE(p.address, taskId, encryptedPath);
  const decryptedPath = join(dir, "model.zip");
  await ft.decryptModel(p.address, taskId, encryptedPath, decryptedPath);
  const decrypted = new Uint8Array(await readFile(decryptedPath));
  expect(decrypted).toEqual(devnet.compute.fineTuning.expectedModel({ model: "mock-model", dataset: data, trainingParams }));
}, 60_000);

it("cancels a task through 0G's SDK", async () => {
  const zg = await broker(2);
  const ft = zg.fineTuning!;
  const p = devnet.compute.fineTuning.providers[0]!;
  await zg.ledger.addLedger(5);
  await zg.ledger.transferFund(p.address, "fine-tuning", parseEther("2"));
  const root = await fineTuningUser(devnet, served.endpoints.rpc, devnet.accounts[2]!.privateKey).upload(dataset(2, "cancel"));
  const paramsPath = join(dir, "params2.json");
  await writeFile(paramsPath, trainingParams);
  devnet.compute.fineTuning.stopProvider(0);
  // The SDK's requests fail while the provider is stopped...
  await expect(ft.listTask(p.address)).rejects.toThrow();
  devnet.compute.fineTuning.startProvider(0);
  const taskId = await ft.createTask(p.address, "Qwen2.5-0.5B-Instruct", root, paramsPath);
  // The provider has not picked it up yet (5 s of chain time): the cancellation wins.
  expect(await ft.cancelTask(p.address, taskId)).toBe(`task ${taskId} cancelled`);
  expect((await ft.getTask(p.address, taskId)).progress).toBe("Failed");
  await expect(ft.cancelTask(p.address, taskId)).rejects.toThrow("HTTP error! Status: 400"); // the SDK reads cancel answers as text
});
