import { fineTuningServingAbi } from "@0g/contracts";
import type { Client } from "viem";
import { readContract } from "viem/actions";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import type { ComputeContractNotFoundError } from "../errors.js";
import { toFineTuningService, type FineTuningService } from "./service.js";

export type ListFineTuningServicesParameters = ComputeContractsParameter;
export type ListFineTuningServicesReturnType = FineTuningService[];
export type ListFineTuningServicesErrorType = ComputeContractNotFoundError;

/**
 * Every fine-tuning provider registered on `FineTuningServing` (`getAllServices`): URL, price per
 * token, models, TEE signer, whether it is training now.
 *
 * @example
 * import { listFineTuningServices } from "@0g/compute";
 * const [service] = await listFineTuningServices(publicClient);
 * service.models; // ["mock-model", ...]
 */
export async function listFineTuningServices(client: Client, parameters: ListFineTuningServicesParameters = {}): Promise<ListFineTuningServicesReturnType> {
  const address = await computeContract(client, "fineTuning", parameters.contracts);
  const services = await readContract(client, { address, abi: fineTuningServingAbi, functionName: "getAllServices" });
  return services.map(toFineTuningService);
}
