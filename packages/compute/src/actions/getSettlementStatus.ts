import { inferenceServingAbi } from "@0g/contracts";
import type { InvalidParameterError } from "@0g/core";
import type { Address, Client, Hash } from "viem";
import { getBlockNumber, getContractEvents, getTransaction } from "viem/actions";
import { checkAddress, requireAccount, userAddress, type AccountParameter } from "../client/account.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import type { FetchFn, ProviderErrorType } from "../client/http.js";
import { readService, readSubAccount } from "../client/read.js";
import { fetchUnsettledFee } from "../client/unsettled.js";
import { type ComputeContractNotFoundError, type ProviderUnreachableError, ServiceNotFoundError, type ComputeAccountRequiredError } from "../errors.js";
import { settlementStatusName, type SettlementStatusName } from "../settlement/status.js";

/** Blocks per `eth_getLogs` query (public RPCs cap the range). */
const logWindow = 5_000n;

export type GetSettlementStatusParameters = ComputeContractsParameter &
  AccountParameter & {
    /** The provider. */
    provider: Address;
    /** Whose settlements. Default: the account's (which is also needed to ask the unsettled fee). */
    user?: Address | undefined;
    /** First block to look for settlements in. Default: 10 000 blocks back. */
    fromBlock?: bigint | undefined;
    /** Last block. Default: the latest. */
    toBlock?: bigint | undefined;
    /** Ask the provider for the unsettled fee (needs the user's account to sign). Default: when `user` is the account's. */
    unsettledFee?: boolean | undefined;
    timeout?: number | undefined;
    fetch?: FetchFn | undefined;
  };

/** One `TEESettlementResult` of the user by this provider. */
export type SettlementResult = {
  /** `settlementStatus` code: 0 SUCCESS ... 5 INVALID_SIGNATURE. */
  status: number;
  statusName: SettlementStatusName | "UNKNOWN";
  /** Neuron of the settlement's fee that was not paid. */
  unsettledAmount: bigint;
  blockNumber: bigint;
  transactionHash: Hash;
  logIndex: number;
};

export type GetSettlementStatusReturnType = {
  /** Fees the provider billed and has not settled, in neuron (`undefined` when not asked). */
  unsettledFee: bigint | undefined;
  /** The sub-account's last settled nonce (0 when there is no sub-account). */
  nonce: bigint;
  /** The sub-account's balance, in neuron (0 when there is none). */
  balance: bigint;
  /** The user's settlements by this provider in the block range, oldest first. */
  settlements: SettlementResult[];
};

export type GetSettlementStatusErrorType =
  | ServiceNotFoundError
  | ProviderUnreachableError
  | ProviderErrorType
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError
  | InvalidParameterError;

/**
 * How a user stands with a provider's settlement: the fees billed and not yet settled (asked from
 * the provider), the sub-account's settlement nonce and balance, and the user's
 * `TEESettlementResult` events sent by this provider, decoded (`SUCCESS`, `PARTIAL`,
 * `INVALID_NONCE`, ...).
 *
 * @example
 * import { getSettlementStatus } from "@0g/compute";
 * const { unsettledFee, nonce, settlements } = await getSettlementStatus(walletClient, { provider });
 * settlements.at(-1)?.statusName; // "SUCCESS"
 */
export async function getSettlementStatus(client: Client, parameters: GetSettlementStatusParameters): Promise<GetSettlementStatusReturnType> {
  const provider = checkAddress("provider", parameters.provider);
  const user = userAddress(client, parameters.user, parameters.account, "getSettlementStatus");
  const own = parameters.account !== undefined || client.account !== undefined ? requireAccount(client, parameters.account, "getSettlementStatus") : undefined;
  const askFee = parameters.unsettledFee ?? (own !== undefined && own.address.toLowerCase() === user.toLowerCase());
  const inference = await computeContract(client, "inference", parameters.contracts);
  const [service, sub, latest] = await Promise.all([
    readService(client, inference, provider),
    readSubAccount(client, inference, user, provider),
    parameters.toBlock === undefined ? getBlockNumber(client, { cacheTime: 0 }) : Promise.resolve(parameters.toBlock),
  ]);
  if (service === undefined) throw new ServiceNotFoundError({ provider });
  const unsettledFee =
    askFee && sub !== undefined
      ? await fetchUnsettledFee(client, {
          account: requireAccount(client, parameters.account, "getSettlementStatus"),
          inference,
          provider,
          url: service.url,
          generation: sub.generation,
          timeout: parameters.timeout,
          fetch: parameters.fetch,
        })
      : askFee
        ? 0n
        : undefined;

  const first = parameters.fromBlock ?? (latest > 10_000n ? latest - 10_000n : 0n);
  const windows: [bigint, bigint][] = [];
  for (let from = first; from <= latest; from += logWindow) windows.push([from, from + logWindow - 1n < latest ? from + logWindow - 1n : latest]);
  const logs = (
    await Promise.all(
      windows.map(([fromBlock, toBlock]) =>
        getContractEvents(client, { address: inference, abi: inferenceServingAbi, eventName: "TEESettlementResult", args: { user }, fromBlock, toBlock }),
      ),
    )
  )
    .flat()
    .filter((log) => !log.removed && log.transactionHash !== null && log.blockNumber !== null);
  // The provider is the sender of settleFeesWithTEE: keep its transactions.
  const hashes = [...new Set(logs.map((log) => log.transactionHash!))];
  const senders = new Map(
    await Promise.all(hashes.map(async (hash) => [hash, (await getTransaction(client, { hash })).from.toLowerCase()] as const)),
  );
  const settlements = logs
    .filter((log) => senders.get(log.transactionHash!) === provider.toLowerCase())
    .map((log) => ({
      status: Number(log.args.status),
      statusName: settlementStatusName(log.args.status ?? -1),
      unsettledAmount: log.args.unsettledAmount ?? 0n,
      blockNumber: log.blockNumber!,
      transactionHash: log.transactionHash!,
      logIndex: log.logIndex ?? 0,
    }))
    .sort((a, b) => Number(a.blockNumber - b.blockNumber) || a.logIndex - b.logIndex);
  return { unsettledFee, nonce: sub?.nonce ?? 0n, balance: sub?.balance ?? 0n, settlements };
}
