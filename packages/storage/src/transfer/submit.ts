import { flowAbi, marketAbi } from "@0g/contracts";
import { BaseError } from "@0g/core";
import {
  decodeEventLog,
  type Account,
  type Address,
  type Chain,
  type Client,
  type Hash,
  type Hex,
  type TransactionReceipt,
  type Transport,
} from "viem";
import {
  estimateContractGas,
  getBalance,
  getBlockNumber,
  getContractEvents,
  readContract,
  waitForTransactionReceipt,
  writeContract,
} from "viem/actions";
import type { FileMerkle } from "../merkle/file.js";
import { submissionDigest, submissionSectors, toSubmission } from "../submission.js";
import { InsufficientFundsError, SubmissionFailedError } from "./errors.js";
import { abortable } from "./retry.js";

/** A `Submit` event of Flow: the submission's index (txSeq) and the transaction that made it. */
export type LandedSubmission = { txSeq: number; txHash: Hash; blockNumber: bigint };

/** `Market.pricePerSector()` through `flow.market()`: what one 256-byte sector costs, in wei. */
export async function readPricePerSector(client: Client, flow: Address): Promise<bigint> {
  const market = await readContract(client, { address: flow, abi: flowAbi, functionName: "market" });
  return readContract(client, { address: market, abi: marketAbi, functionName: "pricePerSector" });
}

/** The fee of a submission: `Σ 2^height × pricePerSector` (padding included, as `FixedPriceFlow` charges). */
export function submissionFee(merkle: Pick<FileMerkle, "nodes">, pricePerSector: bigint): bigint {
  return submissionSectors(merkle.nodes) * pricePerSector;
}

/** Whether a decoded `Submit` is this file's: same node roots (the digest) and the same length. */
function matches(args: { identity: Hex; submission: { length: bigint } }, digest: Hex, size: number): boolean {
  return args.identity.toLowerCase() === digest.toLowerCase() && args.submission.length === BigInt(size);
}

/** The `Submit` of this file in a receipt, if there is one. */
export function submissionFromReceipt(receipt: TransactionReceipt, flow: Address, merkle: Pick<FileMerkle, "nodes" | "size">): LandedSubmission | undefined {
  const digest = submissionDigest(merkle.nodes);
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== flow.toLowerCase()) continue;
    try {
      const { eventName, args } = decodeEventLog({ abi: flowAbi, data: log.data, topics: log.topics });
      if (eventName === "Submit" && matches(args, digest, merkle.size))
        return { txSeq: Number(args.submissionIndex), txHash: receipt.transactionHash, blockNumber: receipt.blockNumber };
    } catch {
      // another event
    }
  }
  return undefined;
}

/** Blocks per `eth_getLogs` query (public RPCs cap the range). */
const logWindow = 5_000n;

/**
 * The latest `Submit` of this file by `submitter` in the last `lookback` blocks: `sender` and
 * `identity` (the digest) are indexed topics, so this is a cheap log query. A retry finds the
 * submission an earlier attempt paid for, and resumes it instead of paying again.
 */
export async function findLandedSubmission(
  client: Client,
  { flow, submitter, merkle, lookback }: { flow: Address; submitter: Address; merkle: Pick<FileMerkle, "nodes" | "size">; lookback: bigint },
): Promise<LandedSubmission | undefined> {
  if (lookback <= 0n) return undefined;
  const digest = submissionDigest(merkle.nodes);
  const latest = await getBlockNumber(client, { cacheTime: 0 });
  const first = latest >= lookback ? latest - lookback + 1n : 0n;
  const windows: [bigint, bigint][] = [];
  for (let to = latest; to >= first; to -= logWindow) {
    windows.push([to - logWindow + 1n > first ? to - logWindow + 1n : first, to]);
    if (to < logWindow) break;
  }
  const found = await Promise.all(
    windows.map(([fromBlock, toBlock]) =>
      getContractEvents(client, { address: flow, abi: flowAbi, eventName: "Submit", args: { sender: submitter, identity: digest }, fromBlock, toBlock }),
    ),
  );
  const logs = found.flat().filter((log) => !log.removed && matches(log.args as { identity: Hex; submission: { length: bigint } }, digest, merkle.size));
  logs.sort((a, b) => Number((b.blockNumber ?? 0n) - (a.blockNumber ?? 0n)) || (b.logIndex ?? 0) - (a.logIndex ?? 0));
  const last = logs[0];
  if (!last || last.transactionHash === null || last.blockNumber === null) return undefined;
  return { txSeq: Number(last.args.submissionIndex), txHash: last.transactionHash, blockNumber: last.blockNumber };
}

/** A transaction from an earlier attempt (`onSubmitted`): its `Submit` of this file, once mined. */
export async function submissionOfTransaction(
  client: Client,
  {
    hash,
    flow,
    merkle,
    timeout,
    signal,
  }: { hash: Hash; flow: Address; merkle: Pick<FileMerkle, "nodes" | "size">; timeout: number; signal: AbortSignal | undefined },
): Promise<LandedSubmission | undefined> {
  const receipt = await abortable(waitForTransactionReceipt(client, { hash, timeout, pollingInterval: 250 }), signal).catch((error: unknown) => {
    if (signal?.aborted) throw error;
    return undefined;
  });
  if (!receipt || receipt.status !== "success") return undefined;
  return submissionFromReceipt(receipt, flow, merkle);
}

/** geth: "insufficient funds for gas * price + value"; EDR/Hardhat: "Sender doesn't have enough funds to send tx". */
const lacksFunds = /insufficient funds|doesn't have enough funds|not enough funds/i;

/** Finds viem's `InsufficientFundsError` (or a node's words for it) in a cause chain. */
function isInsufficientFunds(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 10; depth++) {
    const e = current as { name?: string; message?: string; details?: string; cause?: unknown };
    if (e.name === "InsufficientFundsError" || lacksFunds.test(e.details ?? "") || lacksFunds.test(e.message ?? ""))
      return true;
    current = e.cause;
  }
  return false;
}

/**
 * Checks the balance, sends `Flow.submit` with the fee, reports the hash, and waits for the
 * receipt's `Submit` event.
 *
 * @throws {InsufficientFundsError} before sending, when the balance cannot pay the fee (or gas).
 * @throws {SubmissionFailedError} when sending fails, the transaction reverts or has no `Submit`.
 */
export async function submitFile(
  client: Client<Transport, Chain | undefined>,
  {
    account,
    flow,
    merkle,
    submitter,
    tags,
    fee,
    onSent,
    receiptTimeout,
    signal,
  }: {
    account: Account;
    flow: Address;
    merkle: FileMerkle;
    submitter: Address;
    tags: Hex;
    fee: bigint;
    onSent: (txHash: Hash) => void;
    receiptTimeout: number;
    signal: AbortSignal | undefined;
  },
): Promise<LandedSubmission> {
  const balance = await getBalance(client, { address: account.address });
  if (balance < fee) throw new InsufficientFundsError({ address: account.address, required: fee, balance });
  const submission = toSubmission(merkle, { submitter, tags });
  let txHash: Hash;
  try {
    // Flow.submit costs what the flow tree's state makes it (insertion carries, a new mining
    // context): other submissions mined between the estimate and this one can raise it well past
    // the estimate (seen: 88k estimated at 110k, 168k at an epoch start). Headroom, so that
    // concurrent submitters do not run out of gas; unused gas is not charged.
    const estimate = await estimateContractGas(client, { address: flow, abi: flowAbi, functionName: "submit", args: [submission], value: fee, account }).catch(
      () => undefined, // writeContract estimates again and reports the failure
    );
    txHash = await writeContract(client, {
      address: flow,
      abi: flowAbi,
      functionName: "submit",
      args: [submission],
      value: fee,
      account,
      chain: client.chain,
      ...(estimate === undefined ? {} : { gas: estimate * 2n + 100_000n }),
    });
  } catch (error) {
    if (isInsufficientFunds(error)) throw new InsufficientFundsError({ address: account.address, required: fee, balance, cause: error });
    const reason = error instanceof BaseError || error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error);
    throw new SubmissionFailedError({ root: merkle.root, reason: `Sending Flow.submit failed: ${reason}`, cause: error });
  }
  onSent(txHash);
  let receipt: TransactionReceipt;
  try {
    receipt = await abortable(waitForTransactionReceipt(client, { hash: txHash, timeout: receiptTimeout, pollingInterval: 250 }), signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new SubmissionFailedError({ root: merkle.root, txHash, reason: "No receipt for the Flow.submit transaction.", cause: error });
  }
  if (receipt.status !== "success")
    throw new SubmissionFailedError({ root: merkle.root, txHash, reason: "The Flow.submit transaction reverted (its value was not charged)." });
  const landed = submissionFromReceipt(receipt, flow, merkle);
  if (!landed) throw new SubmissionFailedError({ root: merkle.root, txHash, reason: "The receipt has no Submit event of this file." });
  return landed;
}
