import { inferenceServingAbi } from "@0g/contracts";
import type { Client } from "viem";
import { readContract } from "viem/actions";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { toComputeService, type ComputeService } from "../client/service.js";
import type { ComputeContractNotFoundError } from "../errors.js";

/** Services per `getAllServices` call (the contract's page limit). */
const pageSize = 50n;

export type ListServicesParameters = ComputeContractsParameter & {
  /** Keep only services whose TEE signer the contract owner acknowledged (0G's SDK's default). Default `false`: all. */
  acknowledgedOnly?: boolean | undefined;
};

export type ListServicesReturnType = ComputeService[];

export type ListServicesErrorType = ComputeContractNotFoundError;

/**
 * Every inference service registered on `InferenceServing`, read page by page (`getAllServices`),
 * with prices, model, endpoint, the parsed `additionalInfo`, the TEE signer and the address its
 * responses must be signed by.
 *
 * @example
 * import { listServices } from "@0g/compute";
 * const services = await listServices(client);
 * const chat = services.find((s) => s.serviceType === "chatbot" && s.teeSignerAcknowledged);
 */
export async function listServices(client: Client, parameters: ListServicesParameters = {}): Promise<ListServicesReturnType> {
  const inference = await computeContract(client, "inference", parameters.contracts);
  const services: ComputeService[] = [];
  for (let offset = 0n; ; offset += pageSize) {
    const [page, total] = await readContract(client, { address: inference, abi: inferenceServingAbi, functionName: "getAllServices", args: [offset, pageSize] });
    services.push(...page.map(toComputeService));
    if (page.length === 0 || offset + pageSize >= total) break;
  }
  return parameters.acknowledgedOnly ? services.filter((s) => s.teeSignerAcknowledged) : services;
}
