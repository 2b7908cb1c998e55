import { randomBytes } from "node:crypto";
import {
  eciesEncrypt,
  encryptModelWithSecret,
  recoverFineTuningTaskRequest,
  signFineTuningSettlement,
  toVerifierInput,
  type FineTuningVerifierMessage,
} from "@0g/compute";
import { fineTuningServingAbi } from "@0g/contracts";
import { isBaseError } from "@0g/core";
import { download, upload } from "@0g/storage";
import { bytesToHex, decodeErrorResult, decodeEventLog, encodeFunctionData, hexToBytes, isAddressEqual, type Account, type Address, type Chain, type Client, type Hex, type Transport } from "viem";
import type { ComputeChain } from "../chain.js";
import { computeContractAddresses } from "../contracts.js";
import type { FineTuningSettlement } from "./api.js";
import { readDataset } from "./dataset.js";
import { fineTunedModelBytes } from "./model.js";
import type { ResolvedFineTuningOptions } from "./options.js";
import { fineTuningServiceArgs, updateFineTuningService } from "./service.js";
import { pendingStates, type FineTuningProviderState, type TaskRecord } from "./state.js";

const fineTuning = computeContractAddresses.fineTuningServing;

/** What a fine-tuning provider's steps work with. */
export type FineTuningContext = {
  chain: ComputeChain;
  chainId: number;
  options: ResolvedFineTuningOptions;
  provider: FineTuningProviderState;
  /** The devnet's 0G Storage: its indexer URL (once served), Flow, and a client paying as the provider. */
  storage: { indexer(): string | undefined; flow: Address; client: Client<Transport, Chain, Account> };
  /** The origin the service's URL names (for `Service.occupied` updates). */
  serviceOrigin(): string;
  /** Bumped by every revert and by stop(): a step that sees it change drops its result. */
  epoch(): number;
};

/** The user's `FineTuningServing` sub-account, or null when there is none. */
export type FineTuningAccountView = { balance: bigint; pendingRefund: bigint; nonce: bigint; acknowledged: boolean };

export async function readFineTuningAccount(chain: ComputeChain, user: Address, provider: Address): Promise<FineTuningAccountView | null> {
  try {
    const a = await chain.read({ address: fineTuning, abi: fineTuningServingAbi, functionName: "getAccount", args: [user, provider] });
    return { balance: a.balance, pendingRefund: a.pendingRefund, nonce: a.nonce, acknowledged: a.acknowledged };
  } catch {
    return null;
  }
}

const messageOf = (error: unknown) => (isBaseError(error) ? error.shortMessage : error instanceof Error ? error.message : String(error));

/** 0G's broker's words when a step fails (`handleTaskFailure` + `HandleExecuteFailure`), and the task ends as Failed. */
function fail(ctx: FineTuningContext, task: TaskRecord, now: number, step: "setup" | "finalizer", reason: string): void {
  ctx.provider.log(task, now, `Error executing task ${task.id}: ${reason}`);
  if (step === "setup") ctx.provider.log(task, now, `setup failed: ${reason}`);
  ctx.provider.set(task, now, "Failed");
}

/**
 * Set-up (0G's `Setup` service): download the dataset from 0G Storage, count its tokens, compute
 * the fee (tokens × epochs × pricePerToken × priceCoefficient + storageFee), and check the
 * sub-account covers it, the nonce is new, both acknowledgements, and the request's signature
 * (whose public key the model key will be sealed to).
 */
export async function setupTask(ctx: FineTuningContext, task: TaskRecord): Promise<void> {
  const { chain, provider, options } = ctx;
  const epoch = ctx.epoch();
  const stale = () => ctx.epoch() !== epoch || task.progress !== "SettingUp" || provider.tasks.get(task.id) !== task;
  provider.set(task, await chain.now(), "SettingUp");
  try {
    const indexer = ctx.storage.indexer();
    if (indexer === undefined) throw new Error("0G Storage is not reachable: the devnet is not served over HTTP");
    let dataset: Uint8Array;
    try {
      ({ data: dataset } = await download({ indexer }, { root: task.datasetHash as Hex, workers: false, retry: { count: 0 } }));
    } catch (error) {
      throw new Error(`Error downloading data with root: ${task.datasetHash}: ${messageOf(error)}`);
    }
    if (stale()) return;
    const stats = readDataset(dataset, task.trainingParams);
    const fee = BigInt(stats.tokens) * options.pricePerToken * BigInt(stats.epochs) * task.model.priceCoefficient + task.model.storageFee;
    task.fee = fee;
    task.records = stats.records;
    task.tokens = stats.tokens;
    task.epochs = stats.epochs;

    const account = await readFineTuningAccount(chain, task.user, provider.address);
    if (stale()) return;
    if (account === null) throw new Error(`get account in contract: user ${task.user} has no account with provider ${provider.address}`);
    const available = account.balance - account.pendingRefund;
    if (available < fee) throw new Error(`insufficient account balance after pending refund: required ${fee}, available ${available}`);
    if (account.nonce >= task.nonce) throw new Error(`invalid nonce: expected ${account.nonce}, got ${task.nonce}`);
    const service = await chain.read({ address: fineTuning, abi: fineTuningServingAbi, functionName: "getService", args: [provider.address] });
    if (!service.teeSignerAcknowledged) throw new Error("service TEE signer has not been acknowledged by the 0G team");
    if (!account.acknowledged) throw new Error("user has not acknowledged the provider's TEE signer yet");
    const signer = await recoverFineTuningTaskRequest({ user: task.user, nonce: task.nonce, datasetHash: task.datasetHash, signature: task.signature as Hex });
    if (!signer) throw new Error("signature error");
    if (stale()) return;
    task.userPublicKey = signer.publicKey;
    task.dataset = dataset;
    const now = await chain.now();
    if (stale()) return;
    provider.log(task, now, `Dataset ${task.datasetHash}: ${stats.records} records, ${stats.tokens} tokens, ${stats.epochs} epoch(s); fee ${fee} neuron`);
    provider.set(task, now, "SetUp");
    provider.log(task, now, `Training model for setup task ${task.id} successfully`);
  } catch (error) {
    if (stale()) return;
    fail(ctx, task, await chain.now(), "setup", messageOf(error));
  }
}

/** Training starts (0G's `Executor`): the service is marked occupied, the run's length set in chain time. */
export async function startTraining(ctx: FineTuningContext, task: TaskRecord, now: number): Promise<void> {
  const { options, provider } = ctx;
  const duration = options.speed === undefined ? options.trainingTime : Math.max(1, Math.ceil(((task.tokens * task.epochs) / options.speed) * 1000));
  task.trainingStartedAt = now;
  task.trainingEndsAt = now + duration;
  task.trainingSteps = Math.max(1, Math.min(20, task.epochs * Math.ceil(task.records / 2)));
  task.loggedSteps = 0;
  provider.set(task, now, "Training");
  provider.log(task, now, `Training ${task.model.name} on ${task.records} records for ${task.epochs} epoch(s), ${task.trainingSteps} steps`);
  await occupy(ctx, true);
}

/**
 * A training tick: the trainer's step lines as chain time passes, then `Trained` at the end of the
 * run. Returns true when something changed.
 */
export async function trainingTick(ctx: FineTuningContext, task: TaskRecord, now: number): Promise<boolean> {
  const { provider } = ctx;
  const span = Math.max(1, task.trainingEndsAt - task.trainingStartedAt);
  const done = now >= task.trainingEndsAt ? task.trainingSteps : Math.floor(((now - task.trainingStartedAt) / span) * task.trainingSteps);
  let changed = false;
  for (let step = task.loggedSteps + 1; step <= done; step++) {
    const epoch = (step / task.trainingSteps) * task.epochs;
    const loss = (2.2 * Math.exp(-1.6 * (step / task.trainingSteps)) + 0.15).toFixed(4);
    provider.log(task, now, `{'loss': ${loss}, 'learning_rate': ${(0.0002 * (1 - step / (task.trainingSteps + 1))).toExponential(4)}, 'epoch': ${epoch.toFixed(2)}} step ${step}/${task.trainingSteps}`);
    task.loggedSteps = step;
    changed = true;
  }
  if (now < task.trainingEndsAt) return changed;
  const runtime = ((task.trainingEndsAt - task.trainingStartedAt) / 1000).toFixed(3);
  provider.log(task, now, `{'train_runtime': ${runtime}, 'train_tokens': ${task.tokens * task.epochs}, 'epoch': ${task.epochs.toFixed(2)}}`);
  provider.set(task, now, "Trained");
  provider.log(task, now, `Training model for executor task ${task.id} successfully`);
  if (![...provider.tasks.values()].some((t) => t !== task && pendingStates.includes(t.progress) && t.progress !== "Init")) await occupy(ctx, false);
  return true;
}

/** Sets `Service.occupied` (0G's executor does, around training); a failure is only logged by 0G, so ignored here. */
async function occupy(ctx: FineTuningContext, occupied: boolean): Promise<void> {
  const { provider, chain, options } = ctx;
  if (provider.occupied === occupied) return;
  await provider
    .enqueue(() => updateFineTuningService(chain, provider, fineTuningServiceArgs(provider, options, ctx.serviceOrigin(), occupied)))
    .catch(() => {});
}

/**
 * Delivery (0G's `Finalizer`): the deterministic LoRA zip, encrypted with a fresh AES-256 key and
 * signed by the TEE, uploaded to 0G Storage; the key sealed to the user's public key (ECIES); then
 * `addDeliverable(user, taskId, root)`. A failed attempt is retried (3 in all) before the task fails.
 */
export async function deliverTask(ctx: FineTuningContext, task: TaskRecord): Promise<void> {
  const { chain, provider, options } = ctx;
  const epoch = ctx.epoch();
  const stale = () => ctx.epoch() !== epoch || task.progress !== "Delivering" || provider.tasks.get(task.id) !== task;
  provider.set(task, await chain.now(), "Delivering");
  try {
    if (!task.dataset || !task.userPublicKey) throw new Error("the task was not set up");
    if (!task.encrypted) {
      const model = fineTunedModelBytes({ baseModel: task.model, dataset: task.dataset, trainingParams: task.trainingParams, size: options.modelSize });
      const secret = bytesToHex(randomBytes(32));
      const tee = provider.keys.tee;
      task.encrypted = await encryptModelWithSecret({ data: model, secret, signer: { sign: ({ hash }) => tee.sign({ hash }) } });
      task.secret = secret;
      task.encryptedSecret = bytesToHex(await eciesEncrypt({ publicKey: task.userPublicKey, data: hexToBytes(secret) }));
    }
    if (!task.modelRootHash) {
      const indexer = ctx.storage.indexer();
      if (indexer === undefined) throw new Error("0G Storage is not reachable: the devnet is not served over HTTP");
      const encrypted = task.encrypted;
      const uploaded = await provider.enqueue(() =>
        upload(ctx.storage.client, { data: encrypted, indexer, flow: ctx.storage.flow, workers: encrypted.length >= 16 * 1024 * 1024, timeout: 60_000 }),
      );
      if (stale()) return;
      task.modelRootHash = uploaded.root;
    }
    const modelRootHash = task.modelRootHash;
    const data = encodeFunctionData({ abi: fineTuningServingAbi, functionName: "addDeliverable", args: [task.user, task.id, modelRootHash] });
    await provider.enqueue(async () => {
      await simulate(chain, provider.address, data);
      const receipt = await chain.send({ from: provider.address, to: fineTuning, data, gas: 800_000n });
      if (receipt.status !== "0x1") throw new Error(`addDeliverable reverted in ${receipt.transactionHash}`);
    });
    if (stale()) return;
    const now = await chain.now();
    task.deliverTime = Math.floor(now / 1000);
    task.dataset = undefined; // delivered: only the encrypted model is kept (for `/lora` downloads)
    task.attempts = 0;
    task.lastError = undefined;
    provider.set(task, now, "Delivered");
    provider.log(task, now, `Encrypted model uploaded to 0G Storage, root ${modelRootHash}; deliverable added on chain`);
    provider.log(task, now, `Training model for finalizer task ${task.id} successfully`);
  } catch (error) {
    if (stale()) return;
    const now = await chain.now();
    const reason = messageOf(error);
    task.attempts += 1;
    task.lastError = reason;
    if (/PreviousDeliverableNotAcknowledged|previous deliverable not acknowledged/i.test(reason)) {
      provider.log(task, now, `Error executing task ${task.id}: add deliverable failed: previous deliverable not acknowledged`);
      provider.log(
        task,
        now,
        `Task ${task.id} marked permanently failed: previous deliverable not acknowledged. User must call broker.fineTuning.acknowledgeDeliverable(provider, <previous_task_id>) on-chain to release the queue before submitting any new fine-tune task.`,
      );
      provider.set(task, now, "Failed");
    } else if (task.attempts >= 3) fail(ctx, task, now, "finalizer", reason);
    else {
      provider.log(task, now, `Error executing task ${task.id}: ${reason}`);
      provider.log(task, now, `Retrying task ${task.id}`);
      provider.set(task, now, "Trained");
    }
  }
}

/** `eth_call` of a provider transaction: throws the contract's error (name and arguments) instead of mining a failed transaction. */
async function simulate(chain: ComputeChain, from: Address, data: Hex): Promise<void> {
  try {
    await chain.call("eth_call", [{ from, to: fineTuning, data }, "latest"]);
  } catch (error) {
    const revert = (error as { data?: unknown }).data;
    if (typeof revert === "string" && /^0x[0-9a-fA-F]{8,}$/.test(revert)) {
      let name: string | undefined;
      try {
        const { errorName, args } = decodeErrorResult({ abi: fineTuningServingAbi, data: revert as Hex });
        name = `${errorName}(${(args ?? []).map((a) => (typeof a === "bigint" ? a.toString() : JSON.stringify(a))).join(", ")})`;
      } catch {
        name = undefined;
      }
      if (name !== undefined) throw new Error(name);
    }
    throw error;
  }
}

/**
 * What a delivered task waits for (0G's `Settlement` service): the user's acknowledgement (then
 * `UserAcknowledged` and, with auto-settlement, the full fee with the sealed key), or the end of the
 * acknowledgement window (`min(ackTimeout, lockTime / 2)` after delivery: the penalty, no key).
 * `force` settles now regardless of auto-settlement; `unacknowledged` ignores the window.
 * Returns the settlement if one was made.
 */
export async function settleDue(
  ctx: FineTuningContext,
  task: TaskRecord,
  now: number,
  { force = false, unacknowledged = false }: { force?: boolean; unacknowledged?: boolean } = {},
): Promise<FineTuningSettlement | undefined> {
  const { chain, provider, options } = ctx;
  const epoch = ctx.epoch();
  let deliverable: { acknowledged: boolean; settled: boolean };
  try {
    deliverable = await chain.read({ address: fineTuning, abi: fineTuningServingAbi, functionName: "getDeliverable", args: [task.user, provider.address, task.id] });
  } catch {
    return undefined;
  }
  if (ctx.epoch() !== epoch || provider.tasks.get(task.id) !== task) return undefined;
  if (deliverable.settled) {
    // Settled or abandoned outside the provider's own flow.
    provider.set(task, now, "Finished");
    return undefined;
  }
  if (deliverable.acknowledged) {
    if (task.progress === "Delivered") provider.set(task, now, "UserAcknowledged");
    if (!options.autoSettle && !force) return undefined;
    return settleTask(ctx, task, true);
  }
  if (!options.autoSettle && !force) return undefined;
  const lockTime = Number(await chain.read({ address: fineTuning, abi: fineTuningServingAbi, functionName: "lockTime", args: [] }));
  const window = Math.min(options.ackTimeout, Math.floor(lockTime / 2));
  if (!unacknowledged && now < (task.deliverTime + window) * 1000) return undefined;
  provider.log(task, now, `task ${task.id} ack timeout: settling without the user's acknowledgement (penalty fee, no secret)`);
  return settleTask(ctx, task, false);
}

/** `settleFees(VerifierInput)` signed by the TEE (EIP-712), as 0G's broker's `doSettlement`. */
async function settleTask(ctx: FineTuningContext, task: TaskRecord, acknowledged: boolean): Promise<FineTuningSettlement | undefined> {
  const { chain, chainId, provider } = ctx;
  const epoch = ctx.epoch();
  const message: FineTuningVerifierMessage = {
    id: task.id,
    encryptedSecret: acknowledged ? task.encryptedSecret! : "0x",
    modelRootHash: task.modelRootHash!,
    nonce: task.nonce,
    taskFee: task.fee,
    user: task.user,
  };
  const signature = await signFineTuningSettlement({ account: provider.keys.tee, chainId, verifyingContract: fineTuning, message });
  const data = encodeFunctionData({ abi: fineTuningServingAbi, functionName: "settleFees", args: [toVerifierInput({ message, signature })] });
  try {
    const receipt = await provider.enqueue(async () => {
      if (ctx.epoch() !== epoch) return undefined;
      await simulate(chain, provider.address, data);
      return chain.send({ from: provider.address, to: fineTuning, data, gas: 800_000n });
    });
    if (!receipt || ctx.epoch() !== epoch) return undefined;
    if (receipt.status !== "0x1") throw new Error(`settleFees reverted in ${receipt.transactionHash}`);
    let fee = 0n;
    for (const log of receipt.logs) {
      if (!isAddressEqual(log.address, fineTuning)) continue;
      try {
        const event = decodeEventLog({ abi: fineTuningServingAbi, data: log.data, topics: log.topics });
        if (event.eventName === "FeesSettled") fee = event.args.fee;
      } catch {
        // another event
      }
    }
    const settlement: FineTuningSettlement = {
      provider: provider.index,
      taskId: task.id,
      user: task.user,
      acknowledged,
      taskFee: task.fee,
      fee,
      nonce: task.nonce,
      encryptedSecret: message.encryptedSecret,
      transactionHash: receipt.transactionHash,
    };
    const now = await chain.now();
    task.settlement = settlement;
    task.lastError = undefined;
    provider.settlements.push(settlement);
    provider.set(task, now, "Finished");
    provider.log(task, now, `Settle task ${task.id} successfully`);
    return settlement;
  } catch (error) {
    if (ctx.epoch() !== epoch) return undefined;
    const reason = messageOf(error);
    if (task.lastError !== reason) provider.log(task, await chain.now(), `Settle task ${task.id} failed: ${reason}`);
    task.lastError = reason;
    return undefined;
  }
}
