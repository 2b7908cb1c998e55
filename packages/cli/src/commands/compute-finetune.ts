import type { FineTuningDeliverable, FineTuningService, FineTuningTask } from "@0g/compute";
import { readFile, stat, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Address, Hash, Hex } from "viem";
import type { Command } from "../command.js";
import { defineCommand } from "../command.js";
import { connectionOptions, signingPrivateKey } from "../connection.js";
import { ComputeNotFundedError, FineTunedModelNotAcknowledgedError, FineTuningTaskUnknownError, UsageError } from "../errors.js";
import { table } from "../format.js";
import { defineCommandGroup } from "../group.js";
import { colorEnabled, createStyle, writeJson } from "../io.js";
import { flag, oneOf, option, positiveNumber, text } from "../options.js";
import { formatBytes } from "../progress.js";
import { jsonOption } from "./shared.js";
import {
  computeTarget,
  computeWallet,
  fineTuningServices,
  og,
  parseProviderRef,
  resolveFineTuningService,
  type ComputeTarget,
} from "./compute-shared.js";
import { indexerOption, withShutdownSignal } from "./storage-shared.js";

const ftProviderOption = option({
  description: "Fine-tuning provider: 0x address or index in `0g compute services --type fine-tuning`",
  valueName: "<provider>",
  parse: text({ expected: "a 0x address or a service index" }),
});

/** Without --provider, the provider that knows the task is looked for among all of them. */
const taskProviderOption = option({
  description: "The task's provider (default: the one that knows the task)",
  valueName: "<provider>",
  parse: text({ expected: "a 0x address or a service index" }),
});

const taskArgument = { name: "<taskId>", description: "The task id `finetune create` printed (a UUID)" };

function readTaskId(value: string | undefined, command: string): string {
  if (value === undefined) throw new UsageError("Missing argument <taskId>.", { command });
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(value))
    throw new UsageError(`Invalid <taskId> ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}: a task id is a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).`, { command });
  return value.toLowerCase();
}

/**
 * The provider of a task: `--provider` as given, else the only fine-tuning provider, else the one
 * that answers for the task (each is asked once, together).
 */
async function taskProvider(target: ComputeTarget, given: string | undefined, taskId: string, command: string): Promise<FineTuningService> {
  if (given !== undefined) return resolveFineTuningService(target, parseProviderRef(given, { command, name: "--provider", type: "fine-tuning" }), command);
  const services = await fineTuningServices(target);
  if (services.length <= 1) return resolveFineTuningService(target, undefined, command);
  const compute = await import("@0g/compute");
  const found = await Promise.all(
    services.map((s) =>
      compute.getFineTuningTask(target.reader, { provider: s.provider, taskId, contracts: target.contracts }).then(
        () => true,
        () => false,
      ),
    ),
  );
  const index = found.indexOf(true);
  if (index < 0) throw new FineTuningTaskUnknownError({ taskId, providers: services.length });
  return services[index]!;
}

// ---------------------------------------------------------------------------------------------
// models

/** What `0g compute finetune models --json` prints. */
export type FineTuningModelsReport = {
  models: { provider: Address; name: string; hash: Hex; dataType: string; tokenizer: string; description: string }[];
};

export const finetuneModelsCommand = defineCommand({
  name: "compute finetune models",
  summary: "List the models fine-tuning providers train",
  description: "List the pre-trained models the fine-tuning providers fine-tune (their `/v1/model`): name, root hash, data type.",
  options: { ...connectionOptions, provider: ftProviderOption, json: jsonOption },
  examples: [{ description: "Every provider's models", command: "0g compute finetune models" }],
  async run({ options, io }) {
    const command = "compute finetune models";
    const target = await computeTarget(options, io, command);
    const provider =
      options.provider === undefined
        ? undefined
        : (await resolveFineTuningService(target, parseProviderRef(options.provider, { command, name: "--provider", type: "fine-tuning" }), command)).provider;
    const { listFineTuningModels } = await import("@0g/compute");
    const found = await listFineTuningModels(target.reader, { contracts: target.contracts, ...(provider === undefined ? {} : { provider }) });
    const report: FineTuningModelsReport = {
      models: found.map((m) => ({ provider: m.provider, name: m.name, hash: m.hash, dataType: m.dataType, tokenizer: m.tokenizer, description: m.description })),
    };
    if (options.json) return void writeJson(io.stdout, report);
    if (report.models.length === 0) return void io.stdout.write("No fine-tuning models: no fine-tuning provider answered.\n");
    const style = createStyle(colorEnabled(io.stdout, io.env));
    const rows = [["Model", "Type", "Provider", "Root hash"].map((h) => style.bold(h)), ...report.models.map((m) => [m.name, m.dataType, m.provider, m.hash])];
    io.stdout.write(`${table(rows).join("\n")}\n`);
  },
});

// ---------------------------------------------------------------------------------------------
// create

/** What `0g compute finetune create --json` prints. */
export type FineTuningCreateReport = {
  taskId: string;
  provider: Address;
  model: string;
  preTrainedModelHash: Hex;
  /** The dataset's root on 0G Storage. */
  datasetHash: Hex;
  /** The upload's transaction when `--dataset` was a file (null: given as a root, or already stored). */
  datasetUpload: { file: string; txHash: Hash | null } | null;
  trainingParams: string;
};

const defaultTrainingParams = '{"num_train_epochs":1}';

export const finetuneCreateCommand = defineCommand({
  name: "compute finetune create",
  summary: "Create a fine-tuning task (uploading the dataset if it is a file)",
  description: [
    "Create a fine-tuning task with a provider: the account signs the request, and the provider downloads",
    "the dataset from 0G Storage, counts its tokens, sets the fee (checked against your fine-tuning",
    "sub-account: `0g compute fund 2 --provider <p> --service fine-tuning`), trains and delivers an",
    "encrypted model. --dataset is the dataset's root on 0G Storage, or a JSONL file to upload first.",
  ].join("\n"),
  options: {
    ...connectionOptions,
    provider: option({
      description: "Fine-tuning provider (default: the only one): 0x address or index",
      valueName: "<provider>",
      parse: text({ expected: "a 0x address or a service index" }),
    }),
    model: option({ description: "Pre-trained model: a name from `finetune models`, or its root hash", valueName: "<model>", parse: text() }),
    dataset: option({ description: "Dataset: its 0G Storage root (0x…), or a JSONL file to upload", valueName: "<root|file>", parse: text() }),
    params: option({
      description: "Training parameters: JSON text or @file",
      valueName: "<json|@file>",
      parse: text(),
      defaultLabel: defaultTrainingParams,
    }),
    indexer: indexerOption,
    json: jsonOption,
  },
  examples: [
    { description: "Fund the provider, then fine-tune mock-model on a local file", command: "0g compute fund 2 --provider 0 --service fine-tuning && 0g compute finetune create --model mock-model --dataset ./data.jsonl" },
    { description: "A dataset already on 0G Storage, 3 epochs", command: '0g compute finetune create --provider 0 --model Qwen2.5-0.5B-Instruct --dataset 0x… --params \'{"num_train_epochs":3}\'' },
  ],
  async run({ options, io }) {
    const command = "compute finetune create";
    if (options.model === undefined) throw new UsageError("Missing --model <model>.", { command, details: "`0g compute finetune models` lists the models." });
    if (options.dataset === undefined) throw new UsageError("Missing --dataset <root|file>.", { command, details: "A dataset's 0G Storage root, or a JSONL file to upload." });
    const trainingParams = await readParams(options.params, command);
    const datasetRoot = /^0x[0-9a-fA-F]{64}$/.test(options.dataset) ? (options.dataset.toLowerCase() as Hex) : undefined;
    if (datasetRoot === undefined) {
      const info = await stat(options.dataset).catch(() => undefined);
      if (!info?.isFile())
        throw new UsageError(`Cannot read --dataset ${JSON.stringify(options.dataset)}: not a 0x root (64 hex digits) or a readable file.`, { command });
    }
    const target = await computeTarget(options, io, command);
    const wallet = computeWallet(target);
    const ref = options.provider === undefined ? undefined : parseProviderRef(options.provider, { command, name: "--provider", type: "fine-tuning" });
    const service = await resolveFineTuningService(target, ref, command);
    const provider = service.provider;
    const compute = await import("@0g/compute");
    const { contracts } = target;

    // Check the sub-account before paying for the dataset's upload.
    const funded = await compute.getProvidersWithBalance(wallet, { service: "fine-tuning", contracts });
    if (!funded.some((b) => b.provider === provider && b.balance > b.pendingRefund))
      throw new ComputeNotFundedError({ provider, reason: "no-sub-account", service: "fine-tuning" });

    let datasetHash = datasetRoot;
    let datasetUpload: FineTuningCreateReport["datasetUpload"] = null;
    if (datasetHash === undefined) {
      const file = options.dataset;
      if (!options.json) io.stderr.write(`Uploading ${basename(file)} to 0G Storage…\n`);
      const { upload } = await import("@0g/storage");
      const indexer = options.indexer ?? (typeof target.connection.endpoints.indexer === "string" ? target.connection.endpoints.indexer : undefined);
      const uploaded = await withShutdownSignal(io, (signal) =>
        upload(wallet, {
          data: file,
          signal,
          ...(indexer !== undefined ? { indexer } : {}),
          ...(target.connection.contracts.flow !== undefined ? { flow: target.connection.contracts.flow } : {}),
        }),
      );
      datasetHash = uploaded.root;
      datasetUpload = { file, txHash: uploaded.txHash ?? null };
    }

    let created: Awaited<ReturnType<typeof compute.createFineTuningTask>>;
    try {
      created = await compute.createFineTuningTask(wallet, { provider, model: options.model, datasetHash, trainingParams, contracts });
    } catch (error) {
      if (error instanceof compute.SubAccountNotFoundError || error instanceof compute.ProviderAccountNotFoundError)
        throw new ComputeNotFundedError({ provider, reason: "no-sub-account", service: "fine-tuning", cause: error });
      throw error;
    }
    const report: FineTuningCreateReport = {
      taskId: created.taskId,
      provider,
      model: options.model,
      preTrainedModelHash: created.preTrainedModelHash,
      datasetHash,
      datasetUpload,
      trainingParams,
    };
    if (options.json) return void writeJson(io.stdout, report);
    const style = createStyle(colorEnabled(io.stdout, io.env));
    const rows = [
      ["Provider", provider],
      ["Model", `${options.model} ${style.dim(created.preTrainedModelHash)}`],
      ["Dataset", `${datasetHash}${datasetUpload ? style.dim(` (uploaded ${basename(datasetUpload.file)})`) : ""}`],
      ["Parameters", trainingParams],
    ];
    io.stdout.write(
      [
        `Created fine-tuning task ${style.bold(created.taskId)}`,
        ...table(rows).map((l) => `  ${l}`),
        `Follow it: 0g compute finetune status ${created.taskId} --wait`,
        "",
      ].join("\n"),
    );
  },
});

async function readParams(value: string | undefined, command: string): Promise<string> {
  if (value === undefined) return defaultTrainingParams;
  let textValue = value;
  if (value.startsWith("@")) {
    try {
      textValue = await readFile(value.slice(1), "utf8");
    } catch (error) {
      throw new UsageError(`Cannot read --params file ${JSON.stringify(value.slice(1))}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, { command });
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(textValue);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new UsageError("Invalid value for --params: expected a JSON object, e.g. '{\"num_train_epochs\":1}'.", { command });
  return JSON.stringify(parsed);
}

// ---------------------------------------------------------------------------------------------
// status, logs, tasks

/** A task in `--json` output. */
export type FineTuningTaskEntry = {
  taskId: string;
  provider: Address;
  progress: string;
  preTrainedModelHash: Hex;
  datasetHash: Hex;
  trainingParams: string;
  /** Neuron (decimal string); "0" until the provider has counted the dataset. */
  fee: string;
  createdAt: string;
  deliveredAt: string | null;
};

/** What `0g compute finetune status --json` prints. */
export type FineTuningStatusReport = FineTuningTaskEntry & {
  /** The delivered model on chain, once delivered. */
  deliverable: { modelRootHash: Hex; acknowledged: boolean; settled: boolean; keyPublished: boolean } | null;
};

function taskEntry(task: FineTuningTask, provider: Address): FineTuningTaskEntry {
  return {
    taskId: task.id,
    provider,
    progress: task.progress,
    preTrainedModelHash: task.preTrainedModelHash,
    datasetHash: task.datasetHash,
    trainingParams: task.trainingParams,
    fee: task.fee.toString(),
    createdAt: task.createdAt.toISOString(),
    deliveredAt: task.deliverTime?.toISOString() ?? null,
  };
}

function deliverableEntry(d: FineTuningDeliverable): NonNullable<FineTuningStatusReport["deliverable"]> {
  return { modelRootHash: d.modelRootHash, acknowledged: d.acknowledged, settled: d.settled, keyPublished: d.encryptedSecret !== "0x" };
}

const delivered = new Set(["Delivered", "UserAcknowledged", "Finished"]);

export const finetuneStatusCommand = defineCommand({
  name: "compute finetune status",
  summary: "Show a fine-tuning task's progress (--wait: until delivered)",
  description: [
    "Show a task's progress (Init, SettingUp, SetUp, Training, Trained, Delivering, Delivered,",
    "UserAcknowledged, Finished or Failed), fee and, once delivered, its model on chain. --wait polls until",
    "the model is delivered (exit 1 if the task fails), printing each new state on stderr.",
  ].join("\n"),
  arguments: [taskArgument],
  options: {
    ...connectionOptions,
    provider: taskProviderOption,
    wait: flag("Wait until the model is delivered"),
    timeout: option({ description: "Seconds --wait waits at most", valueName: "<seconds>", parse: positiveNumber(), default: 3600 }),
    json: jsonOption,
  },
  examples: [
    { description: "Where a task is", command: "0g compute finetune status 0b7c…" },
    { description: "Wait for the model", command: "0g compute finetune status 0b7c… --wait" },
  ],
  async run({ options, positionals, io }) {
    const command = "compute finetune status";
    const taskId = readTaskId(positionals[0], command);
    const target = await computeTarget(options, io, command);
    const { provider } = await taskProvider(target, options.provider, taskId, command);
    const compute = await import("@0g/compute");
    const { contracts } = target;
    let task: FineTuningTask;
    let deliverable: FineTuningDeliverable | undefined;
    if (options.wait) {
      const result = await withShutdownSignal(io, (signal) =>
        compute.waitForFineTuningDeliverable(target.reader, {
          provider,
          taskId,
          contracts,
          timeout: options.timeout * 1000,
          signal,
          onProgress: options.json ? undefined : (t) => io.stderr.write(`${new Date().toISOString()}  ${t.progress}\n`),
        }),
      );
      task = result.task;
      deliverable = result.deliverable;
    } else {
      task = await compute.getFineTuningTask(target.reader, { provider, taskId, contracts });
      if (delivered.has(task.progress))
        deliverable = await compute.getFineTuningDeliverable(target.reader, { provider, taskId, contracts }).catch((error: unknown) => {
          if (error instanceof compute.FineTuningDeliverableNotFoundError) return undefined;
          throw error;
        });
    }
    const report: FineTuningStatusReport = { ...taskEntry(task, provider), deliverable: deliverable ? deliverableEntry(deliverable) : null };
    if (options.json) return void writeJson(io.stdout, report);
    const style = createStyle(colorEnabled(io.stdout, io.env));
    const progress = task.progress === "Failed" ? style.red(task.progress) : delivered.has(task.progress) ? style.green(task.progress) : style.yellow(task.progress);
    const rows = [
      ["Task", task.id],
      ["Provider", provider],
      ["Progress", progress],
      ["Model", task.preTrainedModelHash],
      ["Dataset", task.datasetHash],
      ["Parameters", task.trainingParams],
      ["Fee", task.fee === 0n ? style.dim("(not set yet)") : og(task.fee)],
      ["Created", report.createdAt],
      ["Delivered", report.deliveredAt ?? style.dim("(not yet)")],
    ];
    if (report.deliverable) {
      const d = report.deliverable;
      rows.push(
        ["Model root", d.modelRootHash],
        ["Acknowledged", d.acknowledged ? "yes" : `no  ${style.dim(`(0g compute finetune ack ${task.id})`)}`],
        ["Settled", d.settled ? (d.keyPublished ? "yes, model key published" : "yes, without the key (penalty)") : "not yet"],
      );
    }
    io.stdout.write(`${table(rows).join("\n")}\n`);
  },
});

/** What `0g compute finetune logs --json` prints. */
export type FineTuningLogsReport = { taskId: string; provider: Address; log: string };

export const finetuneLogsCommand = defineCommand({
  name: "compute finetune logs",
  summary: "Print a fine-tuning task's log",
  description: "Print the provider's log of a task: set-up, training, delivery and settlement lines, and the reason when it failed.",
  arguments: [taskArgument],
  options: { ...connectionOptions, provider: taskProviderOption, json: jsonOption },
  examples: [{ description: "A task's log", command: "0g compute finetune logs 0b7c…" }],
  async run({ options, positionals, io }) {
    const command = "compute finetune logs";
    const taskId = readTaskId(positionals[0], command);
    const target = await computeTarget(options, io, command);
    const { provider } = await taskProvider(target, options.provider, taskId, command);
    const { getFineTuningTaskLog } = await import("@0g/compute");
    const log = await getFineTuningTaskLog(target.reader, { provider, taskId, contracts: target.contracts });
    if (options.json) return void writeJson(io.stdout, { taskId, provider, log } satisfies FineTuningLogsReport);
    io.stdout.write(log.endsWith("\n") || log === "" ? log : `${log}\n`);
  },
});

/** What `0g compute finetune tasks --json` prints. */
export type FineTuningTasksReport = { tasks: FineTuningTaskEntry[] };

export const finetuneTasksCommand = defineCommand({
  name: "compute finetune tasks",
  summary: "List the account's fine-tuning tasks",
  description: "List the account's fine-tuning tasks with every provider (or one), newest first.",
  options: { ...connectionOptions, provider: ftProviderOption, json: jsonOption },
  examples: [{ description: "Every task of the devnet's first account", command: "0g compute finetune tasks" }],
  async run({ options, io }) {
    const command = "compute finetune tasks";
    const target = await computeTarget(options, io, command);
    const services =
      options.provider === undefined
        ? await fineTuningServices(target)
        : [await resolveFineTuningService(target, parseProviderRef(options.provider, { command, name: "--provider", type: "fine-tuning" }), command)];
    const { listFineTuningTasks } = await import("@0g/compute");
    const lists = await Promise.all(
      services.map(async (s) => (await listFineTuningTasks(target.reader, { provider: s.provider, contracts: target.contracts })).map((t) => taskEntry(t, s.provider))),
    );
    const tasks = lists.flat().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    if (options.json) return void writeJson(io.stdout, { tasks } satisfies FineTuningTasksReport);
    if (tasks.length === 0) return void io.stdout.write("No fine-tuning tasks.\n");
    const style = createStyle(colorEnabled(io.stdout, io.env));
    const rows = [["Task", "Progress", "Created", "Provider"].map((h) => style.bold(h)), ...tasks.map((t) => [t.taskId, t.progress, t.createdAt, t.provider])];
    io.stdout.write(`${table(rows).join("\n")}\n`);
  },
});

// ---------------------------------------------------------------------------------------------
// cancel, ack

/** What `0g compute finetune cancel --json` prints. */
export type FineTuningCancelReport = { taskId: string; provider: Address; message: string };

export const finetuneCancelCommand = defineCommand({
  name: "compute finetune cancel",
  summary: "Cancel a fine-tuning task before it trains",
  description: "Cancel a task that has not started training (Init, SettingUp, SetUp); it ends as Failed and nothing is charged.",
  arguments: [taskArgument],
  options: { ...connectionOptions, provider: taskProviderOption, json: jsonOption },
  examples: [{ description: "Cancel a queued task", command: "0g compute finetune cancel 0b7c…" }],
  async run({ options, positionals, io }) {
    const command = "compute finetune cancel";
    const taskId = readTaskId(positionals[0], command);
    const target = await computeTarget(options, io, command);
    const wallet = computeWallet(target);
    const { provider } = await taskProvider(target, options.provider, taskId, command);
    const { cancelFineTuningTask } = await import("@0g/compute");
    const message = await cancelFineTuningTask(wallet, { provider, taskId, contracts: target.contracts });
    if (options.json) return void writeJson(io.stdout, { taskId, provider, message } satisfies FineTuningCancelReport);
    io.stdout.write(`Cancelled task ${taskId}${message.trim() === "" ? "" : ` (${message.trim()})`}\n`);
  },
});

/** What `0g compute finetune ack --json` prints. */
export type FineTuningAckReport = { taskId: string; provider: Address; transactionHash: Hash };

export const finetuneAckCommand = defineCommand({
  name: "compute finetune ack",
  summary: "Acknowledge a delivered model (the provider then publishes its key)",
  description: [
    "Acknowledge a delivered model on chain (FineTuningServing.acknowledgeDeliverable): you accept it and",
    "its fee; the provider then settles and publishes the model key sealed to your account, which",
    "`finetune download` uses. Without it, the provider settles after its acknowledgement window with a",
    "penalty share of the fee and no key.",
  ].join("\n"),
  arguments: [taskArgument],
  options: { ...connectionOptions, provider: taskProviderOption, json: jsonOption },
  examples: [{ description: "Accept the model of a delivered task", command: "0g compute finetune ack 0b7c…" }],
  async run({ options, positionals, io }) {
    const command = "compute finetune ack";
    const taskId = readTaskId(positionals[0], command);
    const target = await computeTarget(options, io, command);
    const wallet = computeWallet(target);
    const { provider } = await taskProvider(target, options.provider, taskId, command);
    const { acknowledgeFineTuningDeliverable } = await import("@0g/compute");
    const sent = await acknowledgeFineTuningDeliverable(wallet, { provider, taskId, contracts: target.contracts });
    if (options.json) return void writeJson(io.stdout, { taskId, provider, transactionHash: sent.transactionHash } satisfies FineTuningAckReport);
    const style = createStyle(colorEnabled(io.stdout, io.env));
    io.stdout.write(
      `Acknowledged the model of task ${taskId}  ${style.dim(sent.transactionHash)}\nThe provider now settles and publishes its key: 0g compute finetune download ${taskId} --out model.zip\n`,
    );
  },
});

// ---------------------------------------------------------------------------------------------
// download

/** What `0g compute finetune download --json` prints. */
export type FineTuningDownloadReport = {
  taskId: string;
  provider: Address;
  /** The decrypted model file written. */
  path: string;
  size: number;
  /** The encrypted model's root on 0G Storage. */
  modelRootHash: Hex;
  /** Where the encrypted model came from. */
  source: "storage" | "tee";
};

export const finetuneDownloadCommand = defineCommand({
  name: "compute finetune download",
  summary: "Download and decrypt a fine-tuned model",
  description: [
    "Download the encrypted model of an acknowledged task from 0G Storage (every segment verified against",
    "its root; --from tee asks the provider's TEE instead), open its key (sealed to your account's key)",
    "and decrypt it, checking the TEE's signature, into --out (0G's providers deliver a zip of the LoRA",
    "adapter). If the provider has not settled yet, it waits for the key (--timeout).",
  ].join("\n"),
  arguments: [taskArgument],
  options: {
    ...connectionOptions,
    provider: taskProviderOption,
    out: option({ description: "Where to write the decrypted model", valueName: "<file>", parse: text() }),
    overwrite: flag("Replace --out if it exists"),
    from: option({ description: "Where to get the encrypted model: storage or tee", valueName: "<source>", parse: oneOf(["storage", "tee"] as const), default: "storage" as "storage" | "tee" }),
    indexer: indexerOption,
    timeout: option({ description: "Seconds to wait for the provider to publish the key", valueName: "<seconds>", parse: positiveNumber(), default: 300 }),
    json: jsonOption,
  },
  examples: [
    { description: "After `finetune ack`: the decrypted model", command: "0g compute finetune download 0b7c… --out model.zip" },
    { description: "From the provider's TEE instead of 0G Storage", command: "0g compute finetune download 0b7c… --out model.zip --from tee --overwrite" },
  ],
  async run({ options, positionals, io }) {
    const command = "compute finetune download";
    const taskId = readTaskId(positionals[0], command);
    const out = options.out;
    if (out === undefined) throw new UsageError("Missing --out <file>.", { command });
    const { FileExistsError, download } = await import("@0g/storage");
    if (!options.overwrite && (await stat(out).then(() => true, () => false))) throw new FileExistsError({ path: out });
    const target = await computeTarget(options, io, command);
    const wallet = computeWallet(target);
    const privateKey = signingPrivateKey(options, io.env, target.connection, command);
    const { provider } = await taskProvider(target, options.provider, taskId, command);
    const compute = await import("@0g/compute");
    const { contracts } = target;

    let deliverable = await compute.getFineTuningDeliverable(wallet, { provider, taskId, contracts });
    if (!deliverable.acknowledged) throw new FineTunedModelNotAcknowledgedError({ taskId });
    if (!deliverable.settled) {
      if (!options.json) io.stderr.write("Waiting for the provider to settle and publish the model key…\n");
      deliverable = (
        await withShutdownSignal(io, (signal) =>
          compute.waitForFineTuningDeliverable(wallet, { provider, taskId, contracts, settled: true, timeout: options.timeout * 1000, signal }),
        )
      ).deliverable;
    }
    const encrypted = await withShutdownSignal(io, async (signal) => {
      if (options.from === "tee") return compute.downloadFineTunedModel(wallet, { provider, taskId, contracts });
      const indexer = options.indexer ?? (typeof target.connection.endpoints.indexer === "string" ? target.connection.endpoints.indexer : undefined);
      const found = await download(wallet, { root: deliverable.modelRootHash, signal, ...(indexer !== undefined ? { indexer } : {}) });
      return found.data;
    });
    const model = await compute.decryptFineTunedModel(wallet, { provider, taskId, data: encrypted, privateKey, contracts });
    try {
      await writeFile(out, model, { flag: options.overwrite ? "w" : "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new FileExistsError({ path: out });
      throw new UsageError(`Cannot write ${JSON.stringify(out)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, { command });
    }
    const report: FineTuningDownloadReport = { taskId, provider, path: out, size: model.length, modelRootHash: deliverable.modelRootHash, source: options.from };
    if (options.json) return void writeJson(io.stdout, report);
    io.stdout.write(`Wrote the fine-tuned model of task ${taskId} to ${out} (${formatBytes(model.length)}, decrypted and checked against the TEE's signature)\n`);
  },
});

// ---------------------------------------------------------------------------------------------

/** The subcommands of `0g compute finetune`, in the order its help lists them. */
export const finetuneCommands: readonly Command[] = [
  finetuneModelsCommand,
  finetuneCreateCommand,
  finetuneStatusCommand,
  finetuneLogsCommand,
  finetuneTasksCommand,
  finetuneCancelCommand,
  finetuneAckCommand,
  finetuneDownloadCommand,
];

/** `0g compute finetune <command>`: fine-tuning tasks, from dataset to decrypted model. */
export const computeFinetuneCommand: Command = defineCommandGroup({
  name: "compute finetune",
  summary: "Fine-tune models: create tasks, follow them, get the model",
  description: [
    "Fine-tuning on 0G Compute: fund a fine-tuning provider (`0g compute fund 2 --provider 0 --service",
    "fine-tuning`), create a task from a dataset, follow it until the model is delivered, acknowledge it,",
    "then download and decrypt the model.",
  ].join("\n"),
  commands: finetuneCommands,
  examples: [
    { description: "Create a task from a local dataset", command: "0g compute finetune create --model mock-model --dataset ./data.jsonl" },
    { description: "Wait for it, accept the model, get it", command: "0g compute finetune status <taskId> --wait && 0g compute finetune ack <taskId> && 0g compute finetune download <taskId> --out model.zip" },
  ],
});
