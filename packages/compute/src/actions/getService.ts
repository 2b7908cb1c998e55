import type { InvalidParameterError } from "@0g/core";
import type { Address, Client } from "viem";
import { checkAddress } from "../client/account.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { readService } from "../client/read.js";
import { toComputeService, type ComputeService } from "../client/service.js";
import { type ComputeContractNotFoundError, ServiceNotFoundError } from "../errors.js";

export type GetServiceParameters = ComputeContractsParameter & {
  /** The provider. */
  provider: Address;
};

export type GetServiceReturnType = ComputeService;

export type GetServiceErrorType = ServiceNotFoundError | ComputeContractNotFoundError | InvalidParameterError;

/**
 * One provider's inference service (`InferenceServing.getService`), read for use.
 *
 * @throws {ServiceNotFoundError}
 * @example
 * import { getService } from "@0g/compute";
 * const { endpoint, model, inputPrice, outputPrice, responseSigner } = await getService(client, { provider });
 */
export async function getService(client: Client, parameters: GetServiceParameters): Promise<GetServiceReturnType> {
  const provider = checkAddress("provider", parameters.provider);
  const inference = await computeContract(client, "inference", parameters.contracts);
  const raw = await readService(client, inference, provider);
  if (raw === undefined) throw new ServiceNotFoundError({ provider });
  return toComputeService(raw);
}
