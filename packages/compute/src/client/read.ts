import { fineTuningServingAbi, inferenceServingAbi, ledgerManagerAbi } from "@0g/contracts";
import type { Address, Client, ContractFunctionReturnType } from "viem";
import { readContract } from "viem/actions";
import { ComputeServiceNotRegisteredError } from "../errors.js";
import { computeContract, type ComputeContracts } from "./contracts.js";
import { revertOf } from "@0g/core";

/** Which serving contract: inference (`InferenceServing`) or fine-tuning (`FineTuningServing`). */
export type ComputeServiceKind = "inference" | "fine-tuning";

export type RawLedger = ContractFunctionReturnType<typeof ledgerManagerAbi, "view", "getLedger">;
export type RawSubAccount = ContractFunctionReturnType<typeof inferenceServingAbi, "view", "getAccount">;
export type RawFineTuningAccount = ContractFunctionReturnType<typeof fineTuningServingAbi, "view", "getAccount">;
export type RawService = ContractFunctionReturnType<typeof inferenceServingAbi, "view", "getService">;

/** Runs a read; `undefined` when it reverts with one of `missing` (the contract's "not found" errors). */
async function orMissing<T>(read: Promise<T>, missing: readonly string[]): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    const revert = revertOf(error);
    if (revert !== undefined && missing.includes(revert.errorName)) return undefined;
    throw error;
  }
}

/** `LedgerManager.getLedger(user)`, or `undefined` when the user has none. */
export function readLedger(client: Client, ledger: Address, user: Address): Promise<RawLedger | undefined> {
  return orMissing(readContract(client, { address: ledger, abi: ledgerManagerAbi, functionName: "getLedger", args: [user] }), ["LedgerNotExists"]);
}

/** `InferenceServing.getAccount(user, provider)`, or `undefined` when there is none. */
export function readSubAccount(client: Client, inference: Address, user: Address, provider: Address): Promise<RawSubAccount | undefined> {
  return orMissing(
    readContract(client, { address: inference, abi: inferenceServingAbi, functionName: "getAccount", args: [user, provider] }),
    ["AccountNotExists"],
  );
}

/** What both serving contracts' `getAccount` tell about a sub-account's funds. */
export type ServingAccountView = {
  balance: bigint;
  pendingRefund: bigint;
  refunds: readonly { index: bigint; amount: bigint; createdAt: bigint }[];
  validRefundsLength: bigint;
};

/** `{ balance, pendingRefund, refunds, validRefundsLength }` of a sub-account in either serving contract. */
export async function readServingAccount(
  client: Client,
  kind: ComputeServiceKind,
  serving: Address,
  user: Address,
  provider: Address,
): Promise<ServingAccountView | undefined> {
  if (kind === "inference") return readSubAccount(client, serving, user, provider);
  return orMissing(
    readContract(client, { address: serving, abi: fineTuningServingAbi, functionName: "getAccount", args: [user, provider] }),
    ["AccountNotExists"],
  );
}

/** `InferenceServing.getService(provider)`, or `undefined` when it has none. */
export function readService(client: Client, inference: Address, provider: Address): Promise<RawService | undefined> {
  return orMissing(readContract(client, { address: inference, abi: inferenceServingAbi, functionName: "getService", args: [provider] }), ["ServiceNotExist"]);
}

/** The serving contract of a service kind. */
export function servingContract(client: Client, kind: ComputeServiceKind, contracts: ComputeContracts | undefined): Promise<Address> {
  return computeContract(client, kind === "inference" ? "inference" : "fineTuning", contracts);
}

/** `lockTime()` of a serving contract, in seconds. */
export function readLockTime(client: Client, kind: ComputeServiceKind, serving: Address): Promise<bigint> {
  return kind === "inference"
    ? readContract(client, { address: serving, abi: inferenceServingAbi, functionName: "lockTime" })
    : readContract(client, { address: serving, abi: fineTuningServingAbi, functionName: "lockTime" });
}

/** Service names (`fullName`, e.g. `inference-v1.0`) by ledger and serving contract: they do not change. */
const names = new Map<string, Promise<string>>();

/**
 * The name `transferFund` / `retrieveFund` take for a serving contract: `getServiceInfo(serving).fullName`,
 * as 0G's SDK reads it.
 *
 * @throws {ComputeServiceNotRegisteredError}
 */
export function serviceName(client: Client, ledger: Address, serving: Address): Promise<string> {
  const key = `${client.chain?.id ?? client.uid}:${ledger}:${serving}`.toLowerCase();
  let name = names.get(key);
  if (!name) {
    name = readContract(client, { address: ledger, abi: ledgerManagerAbi, functionName: "getServiceInfo", args: [serving] }).then((info) => {
      if (info.fullName === "") throw new ComputeServiceNotRegisteredError({ service: serving });
      return info.fullName;
    });
    names.set(key, name);
    name.catch(() => names.delete(key));
  }
  return name;
}
