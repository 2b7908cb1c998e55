import { InvalidParameterError } from "@0g/core";
import { hexToBytes, type Address, type Client, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { checkAddress } from "../client/account.js";
import type { ComputeContractsParameter } from "../client/contracts.js";
import {
  FineTuningDeliverableNotAcknowledgedError,
  FineTuningSecretUnavailableError,
  type ComputeContractNotFoundError,
  type FineTunedModelDecryptionError,
  type FineTuningDeliverableNotFoundError,
  type FineTuningServiceNotFoundError,
} from "../errors.js";
import { eciesDecrypt } from "./crypto/ecies.js";
import { decryptModelWithSecret } from "./crypto/model.js";
import { taskIdBytes } from "./request.js";
import { readDeliverable, readFineTuningService } from "./service.js";

export type DecryptFineTunedModelParameters = ComputeContractsParameter & {
  provider: Address;
  taskId: string;
  /** The encrypted model: from 0G Storage (`download(client, { root: deliverable.modelRootHash })`) or {@link downloadFineTunedModel}. */
  data: Uint8Array;
  /**
   * The user's private key: the provider sealed the model key to the public key behind the task's
   * signature (ECIES on secp256k1), so only this key opens it. It never leaves this function.
   */
  privateKey: Hex;
};

/** The model file (0G's providers deliver a zip of the LoRA adapter directory). */
export type DecryptFineTunedModelReturnType = Uint8Array;

export type DecryptFineTunedModelErrorType =
  | FineTuningDeliverableNotAcknowledgedError
  | FineTuningSecretUnavailableError
  | FineTunedModelDecryptionError
  | FineTuningDeliverableNotFoundError
  | FineTuningServiceNotFoundError
  | ComputeContractNotFoundError
  | InvalidParameterError;

/**
 * Decrypts a fine-tuned model, as 0G's SDK `decryptModel`: reads the deliverable (acknowledged and
 * settled: it carries the model key sealed to the user) and the provider's TEE signer, opens the key
 * with the private key (ECIES), checks the file's tag signature against the TEE signer, and decrypts
 * its AES-256-GCM chunks.
 *
 * @throws {FineTuningDeliverableNotAcknowledgedError} before `acknowledgeFineTuningDeliverable`.
 * @throws {FineTuningSecretUnavailableError} before the provider settled (or after a penalty settlement).
 * @throws {FineTunedModelDecryptionError} wrong key, altered file, or not signed by the TEE.
 * @example
 * import { download } from "@0g/storage";
 * import { decryptFineTunedModel, waitForFineTuningDeliverable } from "@0g/compute";
 * const { deliverable } = await waitForFineTuningDeliverable(walletClient, { provider, taskId, settled: true });
 * const { data } = await download(walletClient, { root: deliverable.modelRootHash });
 * const zip = await decryptFineTunedModel(walletClient, { provider, taskId, data, privateKey });
 */
export async function decryptFineTunedModel(client: Client, parameters: DecryptFineTunedModelParameters): Promise<DecryptFineTunedModelReturnType> {
  const provider = checkAddress("provider", parameters.provider);
  taskIdBytes(parameters.taskId);
  if (!(parameters.data instanceof Uint8Array)) throw new InvalidParameterError({ name: "data", value: typeof parameters.data, expected: "a Uint8Array" });
  let user: Address;
  try {
    user = privateKeyToAccount(parameters.privateKey).address;
  } catch {
    throw new InvalidParameterError({ name: "privateKey", value: "(hidden)", expected: "a 32-byte hex private key" });
  }
  const [deliverable, service] = await Promise.all([
    readDeliverable(client, { user, provider, taskId: parameters.taskId, contracts: parameters.contracts }),
    readFineTuningService(client, provider, parameters.contracts),
  ]);
  if (deliverable.settled && deliverable.encryptedSecret === "0x") throw new FineTuningSecretUnavailableError({ taskId: parameters.taskId, reason: "penalty" });
  if (!deliverable.acknowledged) throw new FineTuningDeliverableNotAcknowledgedError({ taskId: parameters.taskId });
  if (deliverable.encryptedSecret === "0x") throw new FineTuningSecretUnavailableError({ taskId: parameters.taskId, reason: "unsettled" });
  const secret = await eciesDecrypt({ privateKey: parameters.privateKey, data: hexToBytes(deliverable.encryptedSecret) });
  return decryptModelWithSecret({ data: parameters.data, secret, teeSigner: service.teeSignerAddress });
}
