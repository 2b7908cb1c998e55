import { InvalidParameterError } from "@0g/core";
import {
  encodePacked,
  getAddress,
  hashMessage,
  hexToBytes,
  isAddress,
  isAddressEqual,
  keccak256,
  recoverAddress,
  recoverPublicKey,
  stringToBytes,
  type Address,
  type Hex,
} from "viem";
import type { SessionTokenSigner } from "../token/create.js";
import { fineTuningProgressStates, type FineTuningTask, type FineTuningTaskJson } from "./types.js";

// What the user signs for a fine-tuning provider, as 0G's SDK signs it and 0G's broker checks it.

/**
 * The digest a task request signs (SDK `signRequest`, broker `Setup.getHash`):
 * keccak256(abi.encodePacked(address user, uint256 nonce, string datasetHash)). The user signs it
 * with EIP-191 (`personal_sign` of the 32 bytes), and the provider recovers the user's public key
 * from that signature to seal the model key to it.
 *
 * @example
 * const hash = fineTuningTaskRequestHash({ user, nonce, datasetHash });
 */
export function fineTuningTaskRequestHash({ user, nonce, datasetHash }: { user: Address; nonce: bigint; datasetHash: string }): Hex {
  if (!isAddress(user, { strict: false })) throw new InvalidParameterError({ name: "user", value: user, expected: "an address" });
  if (typeof nonce !== "bigint" || nonce < 0n || nonce >= 2n ** 256n) throw new InvalidParameterError({ name: "nonce", value: nonce, expected: "a uint256 bigint" });
  return keccak256(encodePacked(["address", "uint256", "string"], [getAddress(user), nonce, datasetHash]));
}

/**
 * Signs a task request with the user's account: EIP-191 of {@link fineTuningTaskRequestHash}.
 *
 * @example
 * const signature = await signFineTuningTaskRequest({ account, nonce, datasetHash });
 */
export async function signFineTuningTaskRequest({
  account,
  nonce,
  datasetHash,
}: {
  account: SessionTokenSigner;
  nonce: bigint;
  datasetHash: string;
}): Promise<Hex> {
  return account.signMessage({ message: { raw: fineTuningTaskRequestHash({ user: account.address, nonce, datasetHash }) } });
}

/**
 * The signer of a task request and its uncompressed public key (what the provider seals the model
 * key to), or `undefined` when the signature is malformed or from another account than `user`.
 *
 * @example
 * const signer = await recoverFineTuningTaskRequest({ user, nonce, datasetHash, signature }); // { address, publicKey }
 */
export async function recoverFineTuningTaskRequest({
  user,
  nonce,
  datasetHash,
  signature,
}: {
  user: Address;
  nonce: bigint;
  datasetHash: string;
  signature: Hex;
}): Promise<{ address: Address; publicKey: Hex } | undefined> {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) return undefined;
  try {
    const hash = hashMessage({ raw: fineTuningTaskRequestHash({ user, nonce, datasetHash }) });
    const publicKey = await recoverPublicKey({ hash, signature });
    const address = await recoverAddress({ hash, signature });
    return isAddressEqual(address, user) ? { address, publicKey } : undefined;
  } catch {
    return undefined;
  }
}

/** The 16 bytes of a UUID (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`). */
export function taskIdBytes(taskId: string): Uint8Array {
  if (typeof taskId !== "string" || !/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(taskId))
    throw new InvalidParameterError({ name: "taskId", value: taskId, expected: "a task id (a UUID)" });
  return hexToBytes(`0x${taskId.replace(/-/g, "")}`);
}

/**
 * The digest a cancellation signs (SDK `signTaskID`, broker `validateSignature`): keccak256 of the
 * task id's 16 bytes, signed with EIP-191.
 *
 * @example
 * const signature = await account.signMessage({ message: { raw: fineTuningCancelHash(taskId) } });
 */
export function fineTuningCancelHash(taskId: string): Hex {
  return keccak256(taskIdBytes(taskId));
}

/**
 * The digest a direct model download from the provider's TEE signs (SDK `downloadLoRAFromTEE`):
 * keccak256 of the UTF-8 text `<task id without dashes><unix seconds>`, signed with EIP-191.
 *
 * @example
 * const signature = await account.signMessage({ message: { raw: fineTuningDownloadHash(taskId, timestamp) } });
 */
export function fineTuningDownloadHash(taskId: string, timestamp: number): Hex {
  taskIdBytes(taskId);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new InvalidParameterError({ name: "timestamp", value: timestamp, expected: "Unix seconds" });
  return keccak256(stringToBytes(`${taskId.replace(/-/g, "")}${timestamp}`));
}

/** The nonce 0G's SDK gives a new task (`getNonce`): Unix milliseconds × 10 000 + 40. */
export function fineTuningTaskNonce(now: number = Date.now()): bigint {
  return BigInt(Math.floor(now)) * 10_000n + 40n;
}

/**
 * A task as the provider answers it, parsed: checksummed user, bigint fee and nonce, dates.
 *
 * @example
 * const task = parseFineTuningTask(await (await fetch(`${url}/v1/user/${user}/task/${id}`)).json());
 */
export function parseFineTuningTask(json: FineTuningTaskJson): FineTuningTask {
  const fail = (field: string, expected: string): never => {
    throw new InvalidParameterError({ name: `task.${field}`, value: (json as Record<string, unknown> | null)?.[field], expected });
  };
  if (typeof json !== "object" || json === null) fail("id", "a task object");
  const bigint = (field: "fee" | "nonce") => {
    const value = json[field];
    if (typeof value !== "string" || !/^\d+$/.test(value)) return fail(field, "a decimal string");
    return BigInt(value);
  };
  if (typeof json.id !== "string") fail("id", "a string");
  if (!fineTuningProgressStates.includes(json.progress)) fail("progress", `one of ${fineTuningProgressStates.join(", ")}`);
  if (typeof json.userAddress !== "string" || !isAddress(json.userAddress, { strict: false })) fail("userAddress", "an address");
  const date = (field: "createdAt" | "updatedAt") => {
    const value = new Date(json[field]);
    return Number.isNaN(value.getTime()) ? fail(field, "an RFC 3339 time") : value;
  };
  return {
    id: json.id,
    createdAt: date("createdAt"),
    updatedAt: date("updatedAt"),
    user: getAddress(json.userAddress),
    preTrainedModelHash: json.preTrainedModelHash as Hex,
    datasetHash: json.datasetHash as Hex,
    trainingParams: json.trainingParams,
    fee: bigint("fee"),
    nonce: bigint("nonce"),
    signature: json.signature as Hex,
    progress: json.progress,
    deliverTime: json.deliverTime > 0 ? new Date(json.deliverTime * 1000) : undefined,
    modelType: json.modelType === 1 ? "customized" : "predefined",
    wait: json.wait === true,
  };
}
