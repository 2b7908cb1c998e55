import { InvalidParameterError } from "@0g/core";
import type { Address, Client } from "viem";
import { checkAddress, userAddress, type AccountParameter } from "../client/account.js";
import type { ComputeContractsParameter } from "../client/contracts.js";
import {
  FineTuningInsufficientBalanceError,
  FineTuningTaskFailedError,
  FineTuningTimeoutError,
  type ComputeContractNotFoundError,
  type FineTuningServiceNotFoundError,
  type FineTuningTaskNotFoundError,
  type ProviderRequestError,
  type ProviderUnreachableError,
} from "../errors.js";
import { getFineTuningTask } from "./getFineTuningTask.js";
import { getFineTuningTaskLog } from "./getFineTuningTaskLog.js";
import { readDeliverable, type FineTuningDeliverable, type ProviderHttpOptions } from "./service.js";
import type { FineTuningProgress, FineTuningTask } from "./types.js";

export type WaitForFineTuningDeliverableParameters = ComputeContractsParameter &
  AccountParameter &
  Pick<ProviderHttpOptions, "fetch"> & {
    provider: Address;
    taskId: string;
    /** Milliseconds each request to the provider may take. @default 30_000 */
    requestTimeout?: number | undefined;
    /** Whose task: the account's by default. */
    user?: Address | undefined;
    /**
     * Wait until the provider has also settled the deliverable (after the user's acknowledgement,
     * or the acknowledgement window): then an acknowledged deliverable carries the model key.
     * @default false
     */
    settled?: boolean | undefined;
    /** Milliseconds between polls. @default 1_000 */
    pollingInterval?: number | undefined;
    /** Milliseconds before giving up with `FineTuningTimeoutError`. @default 3_600_000 */
    timeout?: number | undefined;
    /** Called with the task whenever its progress changes. */
    onProgress?: ((task: FineTuningTask) => void) | undefined;
    signal?: AbortSignal | undefined;
  };

export type WaitForFineTuningDeliverableReturnType = { task: FineTuningTask; deliverable: FineTuningDeliverable };

export type WaitForFineTuningDeliverableErrorType =
  | FineTuningTaskFailedError
  | FineTuningInsufficientBalanceError
  | FineTuningTimeoutError
  | FineTuningTaskNotFoundError
  | FineTuningServiceNotFoundError
  | ProviderRequestError
  | ProviderUnreachableError
  | ComputeContractNotFoundError;

const delivered: readonly FineTuningProgress[] = ["Delivered", "UserAcknowledged", "Finished"];

/**
 * Polls a fine-tuning task until its model is delivered (progress `Delivered` or later, with the
 * deliverable on `FineTuningServing`), or with `settled: true` until the provider has settled it.
 *
 * @throws {FineTuningInsufficientBalanceError} when set-up found the sub-account does not cover the fee.
 * @throws {FineTuningTaskFailedError} when the task failed otherwise (its log line as `reason`).
 * @throws {FineTuningTimeoutError}
 * @example
 * import { waitForFineTuningDeliverable } from "@0g/compute";
 * const { deliverable } = await waitForFineTuningDeliverable(walletClient, { provider, taskId, onProgress: (t) => console.log(t.progress) });
 * deliverable.modelRootHash; // the encrypted model on 0G Storage
 */
export async function waitForFineTuningDeliverable(
  client: Client,
  parameters: WaitForFineTuningDeliverableParameters,
): Promise<WaitForFineTuningDeliverableReturnType> {
  const provider = checkAddress("provider", parameters.provider);
  const user = userAddress(client, parameters.user, parameters.account, "waitForFineTuningDeliverable");
  const { taskId, contracts, settled = false, pollingInterval = 1_000, timeout = 3_600_000, onProgress, signal } = parameters;
  for (const [name, value] of [["pollingInterval", pollingInterval], ["timeout", timeout]] as const)
    if (!Number.isFinite(value) || value < 0) throw new InvalidParameterError({ name, value, expected: "a non-negative number of milliseconds" });
  const request = { provider, taskId, user, contracts, fetch: parameters.fetch, timeout: parameters.requestTimeout };
  const deadline = Date.now() + timeout;
  let last: FineTuningProgress | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const task = await getFineTuningTask(client, request);
    if (task.progress !== last) {
      last = task.progress;
      onProgress?.(task);
    }
    if (task.progress === "Failed") throw await failure(client, request);
    if (delivered.includes(task.progress)) {
      const deliverable = await readDeliverable(client, { user, provider, taskId, contracts });
      if (!settled || deliverable.settled) return { task, deliverable };
    }
    if (Date.now() >= deadline) throw new FineTuningTimeoutError({ taskId, progress: last, timeout, until: settled ? "settled" : "delivered" });
    await new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, Math.min(pollingInterval, deadline - Date.now()))));
  }
}

/** The typed error of a failed task, from its log. */
async function failure(
  client: Client,
  request: { provider: Address; taskId: string; user: Address } & ComputeContractsParameter & ProviderHttpOptions,
): Promise<FineTuningTaskFailedError | FineTuningInsufficientBalanceError> {
  const log = await getFineTuningTaskLog(client, request).catch(() => "");
  const balance = /insufficient account balance after pending refund: required (\d+), available (-?\d+)/.exec(log);
  if (balance) return new FineTuningInsufficientBalanceError({ taskId: request.taskId, required: BigInt(balance[1]!), available: BigInt(balance[2]!) });
  const lines = log.split("\n").map((line) => line.replace(/^\[[^\]]*\]\s*/, "").trim());
  const reason = lines.filter((line) => /failed|error|cancel/i.test(line)).at(-1);
  return new FineTuningTaskFailedError({ taskId: request.taskId, reason, log });
}
