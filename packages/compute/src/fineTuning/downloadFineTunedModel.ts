import type { Address } from "viem";
import { checkAddress, requireAccount, sessionSigner, type AccountParameter } from "../client/account.js";
import type { ComputeContractsParameter } from "../client/contracts.js";
import type { ComputeWalletClient } from "../client/transaction.js";
import type {
  ComputeAccountRequiredError,
  ComputeContractNotFoundError,
  FineTuningServiceNotFoundError,
  ProviderRequestError,
  ProviderUnreachableError,
} from "../errors.js";
import { fineTuningDownloadHash } from "./request.js";
import { fineTuningRequest, readFineTuningService, type ProviderHttpOptions } from "./service.js";

export type DownloadFineTunedModelParameters = ComputeContractsParameter &
  AccountParameter &
  ProviderHttpOptions & {
    provider: Address;
    taskId: string;
  };

/** The encrypted model file, as the provider stored it on 0G Storage. */
export type DownloadFineTunedModelReturnType = Uint8Array;

export type DownloadFineTunedModelErrorType =
  | FineTuningServiceNotFoundError
  | ProviderRequestError
  | ProviderUnreachableError
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError;

/**
 * Downloads the encrypted model straight from the provider's TEE (`POST
 * {url}/v1/user/{address}/task/{id}/lora`, 0G's SDK `downloadLoRAFromTEE`): the account signs
 * keccak256(`<task id without dashes><unix seconds>`), which the provider accepts for 5 minutes.
 * 0G's SDK falls back to this when 0G Storage is not reachable; the usual path is `@0g/storage`'s
 * `download(client, { root: deliverable.modelRootHash })`, which verifies every segment against the
 * root. Either way, open it with {@link decryptFineTunedModel}, which checks the TEE's signature.
 *
 * @example
 * import { downloadFineTunedModel } from "@0g/compute";
 * const encrypted = await downloadFineTunedModel(walletClient, { provider, taskId });
 */
export async function downloadFineTunedModel(
  client: ComputeWalletClient,
  parameters: DownloadFineTunedModelParameters,
): Promise<DownloadFineTunedModelReturnType> {
  const account = requireAccount(client, parameters.account, "downloadFineTunedModel");
  const provider = checkAddress("provider", parameters.provider);
  const timestamp = Math.floor(Date.now() / 1000);
  const hash = fineTuningDownloadHash(parameters.taskId, timestamp);
  const service = await readFineTuningService(client, provider, parameters.contracts);
  const signature = await sessionSigner(client, account).signMessage({ message: { raw: hash } });
  const response = await fineTuningRequest(
    service,
    `/v1/user/${account.address}/task/${parameters.taskId}/lora`,
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ signature, timestamp }) },
    { timeout: parameters.timeout ?? 600_000, fetch: parameters.fetch },
  );
  return new Uint8Array(await response.arrayBuffer());
}
