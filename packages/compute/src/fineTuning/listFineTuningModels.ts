import type { Address, Client } from "viem";
import { checkAddress } from "../client/account.js";
import type { ComputeContractsParameter } from "../client/contracts.js";
import type { ComputeContractNotFoundError, FineTuningServiceNotFoundError, ProviderRequestError, ProviderUnreachableError } from "../errors.js";
import { listFineTuningServices } from "./listFineTuningServices.js";
import { fineTuningRequest, readFineTuningService, type ProviderHttpOptions } from "./service.js";
import type { FineTuningModel } from "./types.js";

export type ListFineTuningModelsParameters = ComputeContractsParameter &
  ProviderHttpOptions & {
    /** Only this provider's models; every provider's when omitted (unreachable ones are skipped). */
    provider?: Address | undefined;
  };

export type ListFineTuningModelsReturnType = (FineTuningModel & { provider: Address })[];

export type ListFineTuningModelsErrorType =
  | ComputeContractNotFoundError
  | FineTuningServiceNotFoundError
  | ProviderUnreachableError
  | ProviderRequestError;

/**
 * The pre-trained models fine-tuning providers train (`GET {url}/v1/model`): name, root hash,
 * tokenizer, data type. With `provider`, that provider's (its failures throw); without, every
 * registered provider's that answers, as 0G's SDK `listModel` gathers them.
 *
 * @example
 * import { listFineTuningModels } from "@0g/compute";
 * const models = await listFineTuningModels(publicClient, { provider });
 * models[0]; // { name: "mock-model", hash: "0xcb42…", dataType: "text", provider, ... }
 */
export async function listFineTuningModels(client: Client, parameters: ListFineTuningModelsParameters = {}): Promise<ListFineTuningModelsReturnType> {
  const { contracts, timeout, fetch } = parameters;
  const services =
    parameters.provider === undefined
      ? (await listFineTuningServices(client, { contracts })).filter((s) => s.models.length > 0)
      : [await readFineTuningService(client, checkAddress("provider", parameters.provider), contracts)];
  const lists = await Promise.all(
    services.map(async (service) => {
      try {
        const models = (await (await fineTuningRequest(service, "/v1/model", { method: "GET" }, { timeout, fetch })).json()) as FineTuningModel[];
        return models.map((m) => ({ ...m, provider: service.provider }));
      } catch (error) {
        if (parameters.provider !== undefined) throw error;
        return [];
      }
    }),
  );
  return lists.flat();
}
