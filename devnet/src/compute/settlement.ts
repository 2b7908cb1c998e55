import {
  hashUserRequests,
  settlementStatus,
  settlementStatusName,
  signTeeSettlement,
  teeSettlementBatchSize,
  toTeeSettlementData,
  type TeeSettlement,
  type TeeSettlementData,
} from "@0g/compute";
import { inferenceServingAbi } from "@0g/contracts";
import { decodeEventLog, encodeFunctionData, getAddress, isAddressEqual, type Address } from "viem";
import { ComputeProviderTransactionError } from "../errors.js";
import type { ComputeSettlement } from "./api.js";
import type { ComputeChain } from "./chain.js";
import { computeContractAddresses } from "./contracts.js";
import type { ProviderState, UnsettledRequest } from "./provider.js";

/** One user's signed settlement and the requests it covers. */
type Entry = { user: Address; requests: UnsettledRequest[]; data: TeeSettlementData };

const inference = computeContractAddresses.inferenceServing;

/**
 * Settles a provider's unsettled requests as 0G's broker does (`SettleFeesWithTEE` in
 * `ctrl/settlement_tee.go`), with the current contract's EIP-712 signatures:
 *
 * 1. per user, `requestsHash` of its requests, a fresh nonce, the total fee, signed by the TEE;
 * 2. `previewSettlementResults` (from the provider) in batches of 50; a partial entry is cut to
 *    the requests its balance covers (re-hashed, re-signed), a failed one is not sent;
 * 3. `settleFeesWithTEE` in batches of 50 from the provider's account; each entry's status is read
 *    from its `TEESettlementResult` event;
 * 4. settled requests leave the books; `NO_TEE_SIGNER` drops the user's requests (a permanent
 *    failure, as the broker treats it); other failures stay for the next round.
 */
export async function settleProvider({
  chain,
  chainId,
  provider,
  users,
}: {
  chain: ComputeChain;
  chainId: number;
  provider: ProviderState;
  /** Lowercase addresses; every user when undefined. */
  users?: ReadonlySet<string> | undefined;
}): Promise<ComputeSettlement[]> {
  const now = await chain.now();
  const sign = async (user: Address, requests: UnsettledRequest[], nonce: bigint): Promise<Entry> => {
    const settlement: TeeSettlement = {
      requestsHash: hashUserRequests(requests),
      nonce,
      provider: provider.address,
      user,
      totalFee: requests.reduce((sum, r) => sum + r.fee, 0n),
    };
    const signature = await signTeeSettlement({ account: provider.keys.tee, chainId, verifyingContract: inference, settlement });
    return { user, requests, data: toTeeSettlementData({ settlement, signature }) };
  };

  const entries: Entry[] = [];
  for (const [key, requests] of provider.unsettled) {
    if (users && !users.has(key)) continue;
    const billed = requests.filter((r) => r.fee > 0n);
    if (billed.length === 0) continue;
    entries.push(await sign(getAddress(key), billed, provider.nextNonce(now)));
  }
  if (entries.length === 0) return [];

  const records: ComputeSettlement[] = [];
  const record = (entry: Entry, status: number, unsettledAmount: bigint, transactionHash: ComputeSettlement["transactionHash"]) => {
    const name = settlementStatusName(status);
    records.push({
      provider: provider.index,
      user: entry.user,
      requests: entry.requests.length,
      data: entry.data,
      status: name === "UNKNOWN" ? "INVALID_SIGNATURE" : name,
      unsettledAmount,
      transactionHash,
    });
  };

  // 2. Preview, and cut partial entries to what the balance covers.
  const executable: Entry[] = [];
  for (const batch of batches(entries)) {
    const [failedUsers, failureReasons, partialUsers, partialAmounts] = await chain.read({
      address: inference,
      abi: inferenceServingAbi,
      functionName: "previewSettlementResults",
      args: [batch.map((e) => e.data)],
      from: provider.address,
    });
    for (const entry of batch) {
      const failed = failedUsers.findIndex((u) => isAddressEqual(u, entry.user));
      if (failed >= 0) {
        record(entry, Number(failureReasons[failed]), entry.data.totalFee, undefined);
        continue;
      }
      const partial = partialUsers.findIndex((u) => isAddressEqual(u, entry.user));
      if (partial < 0) {
        executable.push(entry);
        continue;
      }
      let budget = entry.data.totalFee - partialAmounts[partial]!;
      const covered: UnsettledRequest[] = [];
      for (const r of entry.requests) {
        if (r.fee > budget) break;
        covered.push(r);
        budget -= r.fee;
      }
      if (covered.length === 0) record(entry, settlementStatus.PARTIAL, entry.data.totalFee, undefined);
      else executable.push(await sign(entry.user, covered, entry.data.nonce));
    }
  }

  // 3. Send, 4. book.
  for (const batch of batches(executable)) {
    const data = encodeFunctionData({ abi: inferenceServingAbi, functionName: "settleFeesWithTEE", args: [batch.map((e) => e.data)] });
    const receipt = await chain.send({ from: provider.address, to: inference, data, gas: 600_000n + 250_000n * BigInt(batch.length) }).catch((cause: unknown) => {
      throw new ComputeProviderTransactionError({ provider: provider.index, action: "settle fees", cause });
    });
    if (receipt.status !== "0x1")
      throw new ComputeProviderTransactionError({ provider: provider.index, action: "settle fees", cause: `settleFeesWithTEE reverted in ${receipt.transactionHash}` });
    const results = receipt.logs
      .filter((log) => isAddressEqual(log.address, inference))
      .flatMap((log) => {
        try {
          const event = decodeEventLog({ abi: inferenceServingAbi, data: log.data, topics: log.topics });
          return event.eventName === "TEESettlementResult" ? [event.args] : [];
        } catch {
          return [];
        }
      });
    batch.forEach((entry, i) => {
      const result = results[i];
      const status = result ? Number(result.status) : settlementStatus.INVALID_SIGNATURE;
      record(entry, status, result?.unsettledAmount ?? entry.data.totalFee, receipt.transactionHash);
      if (status === settlementStatus.SUCCESS || status === settlementStatus.PARTIAL)
        provider.forget(entry.user, new Set(entry.requests.map((r) => r.requestHash)));
    });
  }
  for (const r of records) if (r.status === "NO_TEE_SIGNER") provider.unsettled.delete(r.user.toLowerCase());
  provider.settlements.push(...records);
  return records;
}

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += teeSettlementBatchSize) out.push(items.slice(i, i + teeSettlementBatchSize));
  return out;
}
