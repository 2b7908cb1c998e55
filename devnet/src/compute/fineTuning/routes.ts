import { fineTuningCancelHash, fineTuningDownloadHash, type FineTuningTaskRequest } from "@0g/compute";
import { getAddress, hashMessage, isAddress, isAddressEqual, recoverAddress, stringToBytes, type Hex } from "viem";
import type { HttpRequest, HttpResponse } from "../../server/http.js";
import { brokerError, jsonHeaders } from "../broker.js";
import type { ProviderEndpoint } from "../routes.js";
import type { FineTuningContext } from "./pipeline.js";
import { readFineTuningAccount } from "./pipeline.js";
import { activeStates, cancellableStates, pendingStates, taskId, taskJson, type TaskRecord } from "./state.js";
import { zipStore } from "./zip.js";

/** What a fine-tuning provider's endpoints work with. */
export type FineTuningRouteContext = FineTuningContext & {
  /** Runs the provider's due steps soon (a task was created or cancelled). */
  wake(): void;
};

/** The largest queue of pending tasks a provider accepts (0G's `MaxTaskQueueSize`). */
export const maxTaskQueueSize = 10;
/** How long a signed download request stays valid (0G's broker: 5 minutes). */
const downloadSignatureWindow = 300;

const json = (value: unknown, status = 200): HttpResponse => ({ status, headers: jsonHeaders, body: JSON.stringify(value) });
const text = (value: string, status = 200): HttpResponse => ({ status, headers: { "content-type": "text/plain; charset=utf-8" }, body: value });
const fail = (context: string, message: string) => brokerError(`Provider: ${context}`, message);
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseJson(request: HttpRequest): Record<string, unknown> | string {
  try {
    const value = JSON.parse(new TextDecoder().decode(request.body)) as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return "json: cannot unmarshal into Go value of type struct";
    return value as Record<string, unknown>;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The user's task by id, as the path names them (another user's task is "not found"). */
function findTask({ provider }: FineTuningRouteContext, user: string, id: string): TaskRecord | undefined {
  const task = provider.tasks.get(id.toLowerCase());
  return task && task.user.toLowerCase() === user.toLowerCase() ? task : undefined;
}

/**
 * `POST /v1/user/:address/task`, as 0G's broker's `CreateTask`: the body binds (every field but
 * `wait` required), the model is one the provider trains, the user has a sub-account that
 * acknowledged the TEE signer, has no unfinished task, and the provider's queue is empty (or the
 * request says `wait`). The dataset, fee, balance and signature are checked at set-up, as 0G does.
 */
async function createTask(ctx: FineTuningRouteContext, request: HttpRequest, [pathUser]: readonly string[]): Promise<HttpResponse> {
  const { provider, chain, options } = ctx;
  const body = parseJson(request);
  if (typeof body === "string") return fail("bind service", body);
  const required = ["userAddress", "preTrainedModelHash", "datasetHash", "trainingParams", "fee", "nonce", "signature"] as const;
  for (const key of required)
    if (typeof body[key] !== "string" || body[key] === "")
      return fail("bind service", `Key: 'Task.${key[0]!.toUpperCase()}${key.slice(1)}' Error:Field validation for '${key[0]!.toUpperCase()}${key.slice(1)}' failed on the 'required' tag`);
  const task = body as unknown as FineTuningTaskRequest;
  if (!isAddress(task.userAddress, { strict: false })) return fail("register service", `invalid user address ${task.userAddress}`);
  if (!isAddress(pathUser!, { strict: false }) || !isAddressEqual(getAddress(pathUser!), getAddress(task.userAddress)))
    return fail("register service", "the user address of the path and of the task differ");
  if (!/^\d+$/.test(task.nonce) || BigInt(task.nonce) >= 2n ** 256n) return fail("register service", `invalid nonce ${task.nonce}`);
  const user = getAddress(task.userAddress);

  const model = options.models.find((m) => m.hash === task.preTrainedModelHash.toLowerCase());
  if (!model) return fail("register service", "unsupported model");
  const account = await readFineTuningAccount(chain, user, provider.address);
  if (account === null) return fail("register service", `get account in contract: AccountNotExists(${user}, ${provider.address}): no account with provider; transfer funds to it with LedgerManager.transferFund(provider, "fine-tuning-v1.0", amount)`);
  if (!account.acknowledged) return fail("register service", "provider signer should be acknowledged before creating a task");
  if (provider.tasksOf(user).some((t) => t.progress !== "Finished" && t.progress !== "Failed"))
    return fail("register service", "cannot create a new task while there is an unfinished task");
  const pending = [...provider.tasks.values()].filter((t) => pendingStates.includes(t.progress)).length;
  if (pending > maxTaskQueueSize) return fail("register service", "task queue is full");
  if (pending !== 0 && task.wait !== true) return fail("register service", "cannot create a new task while there are in-progress tasks");

  const id = taskId(provider.address, user, BigInt(task.nonce), task.datasetHash);
  if (provider.tasks.has(id)) return fail("register service", `create task in db: task ${id} exists (reuse of nonce ${task.nonce})`);
  const now = await chain.now();
  const record: TaskRecord = {
    id,
    user,
    userAddress: task.userAddress,
    userPublicKey: undefined,
    model,
    datasetHash: task.datasetHash,
    trainingParams: task.trainingParams,
    fee: /^\d+$/.test(task.fee) ? BigInt(task.fee) : 0n,
    nonce: BigInt(task.nonce),
    signature: task.signature,
    wait: task.wait === true,
    progress: "Init",
    createdAt: now,
    updatedAt: now,
    deliverTime: 0,
    log: [],
    dataset: undefined,
    records: 0,
    tokens: 0,
    epochs: 0,
    trainingStartedAt: 0,
    trainingEndsAt: 0,
    trainingSteps: 0,
    loggedSteps: 0,
    encrypted: undefined,
    secret: undefined,
    encryptedSecret: undefined,
    modelRootHash: undefined,
    attempts: 0,
    lastError: undefined,
    settlement: undefined,
  };
  provider.tasks.set(id, record);
  provider.log(record, now, "creating task....");
  if (pending > 0) provider.log(record, now, `There are ${pending} tasks in the queue ahead.`);
  ctx.wake();
  return json({ id }, 201);
}

/** `POST /v1/user/:address/task/:id/cancel` with `{ signature }`: EIP-191 of keccak256(task id bytes) by the user. */
async function cancelTask(ctx: FineTuningRouteContext, request: HttpRequest, [user, id]: readonly string[]): Promise<HttpResponse> {
  if (!uuidPattern.test(id!)) return fail("parse task id", `invalid UUID length: ${id!.length}`);
  const body = parseJson(request);
  if (typeof body === "string") return fail("bind ctx", body);
  if (typeof body.signature !== "string" || body.signature === "")
    return fail("bind ctx", "Key: 'Signature' Error:Field validation for 'Signature' failed on the 'required' tag");
  if (!/^0x[0-9a-fA-F]{130}$/.test(body.signature)) return fail("cancel task", `invalid signature length ${(body.signature.length - 2) / 2}, expected 65`);
  let signer: string;
  try {
    signer = await recoverAddress({ hash: hashMessage({ raw: fineTuningCancelHash(id!) }), signature: body.signature as Hex });
  } catch (error) {
    return fail("cancel task", error instanceof Error ? error.message : String(error));
  }
  if (!isAddress(user!, { strict: false }) || !isAddressEqual(signer as Hex, getAddress(user!)))
    return fail("cancel task", "signature verification failed: address mismatch");
  const task = findTask(ctx, user!, id!);
  if (!task || !cancellableStates.includes(task.progress)) return fail("cancel task", "Failed to cancel task: record not found.");
  const now = await ctx.chain.now();
  ctx.provider.set(task, now, "Failed");
  ctx.provider.log(task, now, `task ${task.id} cancelled by the user`);
  ctx.wake();
  return text(`task ${task.id} cancelled`);
}

/** `POST /v1/user/:address/task/:id/lora` with `{ signature, timestamp }`: the encrypted model, straight from the provider. */
async function downloadLora(ctx: FineTuningRouteContext, request: HttpRequest, [user, id]: readonly string[]): Promise<HttpResponse> {
  if (!uuidPattern.test(id!)) return fail("parse task id", `invalid UUID length: ${id!.length}`);
  const body = parseJson(request);
  if (typeof body === "string") return fail("bind ctx", body);
  const { signature, timestamp } = body as { signature?: unknown; timestamp?: unknown };
  if (typeof signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(signature) || typeof timestamp !== "number" || !Number.isSafeInteger(timestamp))
    return fail("download LoRA", "expected { signature, timestamp }");
  const nowSeconds = Math.floor((await ctx.chain.now()) / 1000);
  const wall = Math.floor(Date.now() / 1000);
  if (Math.abs(nowSeconds - timestamp) > downloadSignatureWindow && Math.abs(wall - timestamp) > downloadSignatureWindow)
    return fail("download LoRA", "signature expired: the timestamp must be within 5 minutes");
  let signer: Hex;
  try {
    signer = await recoverAddress({ hash: hashMessage({ raw: fineTuningDownloadHash(id!, timestamp) }), signature: signature as Hex });
  } catch (error) {
    return fail("download LoRA", error instanceof Error ? error.message : String(error));
  }
  if (!isAddress(user!, { strict: false }) || !isAddressEqual(signer, getAddress(user!))) return fail("download LoRA", "signature verification failed: address mismatch");
  const task = findTask(ctx, user!, id!);
  if (!task) return fail("download LoRA", "record not found");
  if (!task.encrypted || activeStates.includes(task.progress) || task.progress === "Failed")
    return fail("download LoRA", `the model of task ${task.id} is not delivered (progress ${task.progress})`);
  return {
    status: 200,
    headers: { "content-type": "application/octet-stream", "content-disposition": `attachment; filename="lora_model_${task.id}.zip"` },
    body: task.encrypted,
  };
}

/**
 * The endpoints of a fine-tuning provider, as 0G's fine-tuning broker serves them (`handler.Register`):
 * - `POST /v1/user/:address/task` (create), `GET /v1/user/:address/task` (`?latest=true`, `?order=asc`);
 * - `GET /v1/user/:address/task/:id`, `POST .../cancel`, `GET .../log` (text), `POST .../lora` (the encrypted model);
 * - `GET /v1/task/pending` (text count), `GET /v1/quote` (text);
 * - `GET /v1/model`, `GET /v1/model/:name` (by name or hash), `GET /v1/model/desc/:name` (a zip).
 * Errors are 0G's: HTTP 400 `{"error": "Provider: <context>: <message>"}`.
 */
export const fineTuningEndpoints: readonly ProviderEndpoint<FineTuningRouteContext>[] = [
  { method: "POST", pattern: /^\/v1\/user\/([^/]+)\/task$/, handle: createTask },
  {
    method: "GET",
    pattern: /^\/v1\/user\/([^/]+)\/task$/,
    async handle(ctx, request, [user]) {
      let tasks = ctx.provider.tasksOf(user!).sort((a, b) => a.createdAt - b.createdAt);
      if (request.query.get("order")?.toLowerCase() !== "asc") tasks.reverse();
      if (request.query.get("latest") === "true") tasks = [...ctx.provider.tasksOf(user!)].slice(-1);
      return json(tasks.map(taskJson));
    },
  },
  { method: "POST", pattern: /^\/v1\/user\/([^/]+)\/task\/([^/]+)\/cancel$/, handle: cancelTask },
  { method: "POST", pattern: /^\/v1\/user\/([^/]+)\/task\/([^/]+)\/lora$/, handle: downloadLora },
  {
    method: "GET",
    pattern: /^\/v1\/user\/([^/]+)\/task\/([^/]+)\/log$/,
    async handle(ctx, _request, [user, id]) {
      if (!uuidPattern.test(id!)) return fail("parse task id", `invalid UUID length: ${id!.length}`);
      const task = findTask(ctx, user!, id!);
      if (!task) return fail("get task", "record not found");
      return text(task.log.join(""));
    },
  },
  {
    method: "GET",
    pattern: /^\/v1\/user\/([^/]+)\/task\/([^/]+)$/,
    async handle(ctx, _request, [user, id]) {
      if (!uuidPattern.test(id!)) return fail("parse task id", `invalid UUID length: ${id!.length}`);
      const task = findTask(ctx, user!, id!);
      if (!task) return fail("get task", "get service from db: record not found");
      return json(taskJson(task));
    },
  },
  {
    method: "GET",
    pattern: /^\/v1\/task\/pending$/,
    async handle({ provider }) {
      return text(String([...provider.tasks.values()].filter((t) => pendingStates.includes(t.progress)).length));
    },
  },
  {
    method: "GET",
    pattern: /^\/v1\/quote$/,
    async handle({ provider }) {
      return text(
        JSON.stringify({
          report_data: provider.keys.tee.address,
          devnet: true,
          quote: null,
          note: "Not a TDX quote: a 0G devnet provider runs in no TEE. Its TEE signer key is derived from a public label; do not trust it outside the devnet.",
          signing_address: provider.keys.tee.address,
          provider: provider.address,
        }),
      );
    },
  },
  {
    method: "GET",
    pattern: /^\/v1\/model$/,
    async handle({ options }) {
      return json(options.models.map(modelJson));
    },
  },
  {
    method: "GET",
    pattern: /^\/v1\/model\/desc\/([^/]+)$/,
    async handle({ options }, _request, [name]) {
      const model = findModel(options.models, decodeURIComponent(name!));
      if (!model) return fail("get model description file", `Model ${decodeURIComponent(name!)} detail usage file not found`);
      const readme = `# ${model.name}\n\n${model.description}\n\nRoot hash: ${model.hash}\nTokenizer: ${model.tokenizer}\nData type: ${model.dataType}\n\nDataset: a JSONL file of {"instruction", "input", "output"}, {"messages": [...]} or {"text"} records.\nTraining parameters: a JSON object, e.g. {"num_train_epochs": 1, "learning_rate": 0.0002}.\n`;
      return {
        status: 200,
        headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${model.name}.zip"` },
        body: zipStore([{ name: "README.md", data: stringToBytes(readme) }]),
      };
    },
  },
  {
    method: "GET",
    pattern: /^\/v1\/model\/([^/]+)$/,
    async handle({ options }, _request, [name]) {
      const model = findModel(options.models, decodeURIComponent(name!));
      if (!model) return fail("get customized model", `Model ${decodeURIComponent(name!)} not found`);
      return json(modelJson(model));
    },
  },
];

type Model = FineTuningRouteContext["options"]["models"][number];

function findModel(models: readonly Model[], nameOrHash: string): Model | undefined {
  return models.find((m) => m.name === nameOrHash || m.hash === nameOrHash.toLowerCase());
}

/** A model as `GET /v1/model` lists it (0G's `ctrl.Model`). */
function modelJson(model: Model) {
  return {
    name: model.name,
    hash: model.hash,
    image: "0g-devnet/fine-tuning",
    dataType: model.dataType,
    trainingScript: "devnet:deterministic",
    description: model.description,
    tokenizer: model.tokenizer,
  };
}
