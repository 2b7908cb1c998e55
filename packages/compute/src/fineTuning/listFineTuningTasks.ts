import type { Address, Client } from "viem";
import { checkAddress, userAddress, type AccountParameter } from "../client/account.js";
import type { ComputeContractsParameter } from "../client/contracts.js";
import type { ComputeContractNotFoundError, FineTuningServiceNotFoundError, ProviderRequestError, ProviderUnreachableError } from "../errors.js";
import { parseFineTuningTask } from "./request.js";
import { fineTuningRequest, readFineTuningService, type ProviderHttpOptions } from "./service.js";
import type { FineTuningTask, FineTuningTaskJson } from "./types.js";

export type ListFineTuningTasksParameters = ComputeContractsParameter &
  AccountParameter &
  ProviderHttpOptions & {
    provider: Address;
    /** Whose tasks: the account's by default. */
    user?: Address | undefined;
    /** Only the most recent task. @default false */
    latest?: boolean | undefined;
    /** `"desc"` (newest first, the provider's default) or `"asc"`. */
    order?: "asc" | "desc" | undefined;
  };

export type ListFineTuningTasksReturnType = FineTuningTask[];

export type ListFineTuningTasksErrorType = FineTuningServiceNotFoundError | ProviderRequestError | ProviderUnreachableError | ComputeContractNotFoundError;

/**
 * A user's fine-tuning tasks with a provider (`GET {url}/v1/user/{address}/task`), newest first.
 *
 * @example
 * import { listFineTuningTasks } from "@0g/compute";
 * const [latest] = await listFineTuningTasks(walletClient, { provider, latest: true });
 */
export async function listFineTuningTasks(client: Client, parameters: ListFineTuningTasksParameters): Promise<ListFineTuningTasksReturnType> {
  const provider = checkAddress("provider", parameters.provider);
  const user = userAddress(client, parameters.user, parameters.account, "listFineTuningTasks");
  const service = await readFineTuningService(client, provider, parameters.contracts);
  const query = new URLSearchParams();
  if (parameters.latest) query.set("latest", "true");
  if (parameters.order) query.set("order", parameters.order);
  const path = `/v1/user/${user}/task${query.size > 0 ? `?${query}` : ""}`;
  const tasks = (await (await fineTuningRequest(service, path, { method: "GET" }, parameters)).json()) as FineTuningTaskJson[];
  return tasks.map(parseFineTuningTask);
}
