import { revertOf } from "@0g/core";
import { agentAccountAbi, agentNftAbi, verifierAbi } from "@0g/contracts";
import { BaseError as ViemBaseError, type Abi, type Account, type Address, type Hash, type TransactionReceipt } from "viem";
import { simulateContract, waitForTransactionReceipt, writeContract } from "viem/actions";
import { InftTransactionError } from "../errors.js";
import type { InftClient } from "./account.js";

/** The AgentNFT's ABI with the Verifier's errors, which bubble up through `iTransferFrom` / `iCloneFrom`. */
export const agentNftWithVerifierErrors = /*#__PURE__*/ [...agentNftAbi, ...verifierAbi.filter((item) => item.type === "error")] as const;

/** The agent account's ABI with the AgentNFT's errors (`agentControllersOf` reverts bubble up). */
export const agentAccountWithNftErrors = /*#__PURE__*/ [...agentAccountAbi, ...agentNftAbi.filter((item) => item.type === "error")] as const;

/** What an INFT write returns once its transaction is mined. */
export type InftWriteReturnType = {
  /** The mined transaction. */
  transactionHash: Hash;
  /** The block it was mined in. */
  blockNumber: bigint;
};


function shortMessage(error: unknown): string | undefined {
  if (error instanceof ViemBaseError) return error.shortMessage;
  return error instanceof Error ? error.message : undefined;
}

/**
 * Simulates a contract write (a revert is an {@link InftTransactionError} and nothing is sent),
 * sends it with the account and waits for its receipt.
 */
export async function simulateAndSend(
  client: InftClient,
  {
    account,
    address,
    abi,
    functionName,
    args,
    value,
  }: { account: Account; address: Address; abi: Abi | readonly unknown[]; functionName: string; args: readonly unknown[]; value?: bigint | undefined },
): Promise<{ receipt: TransactionReceipt; result: unknown } & InftWriteReturnType> {
  let request: unknown;
  let result: unknown;
  try {
    ({ request, result } = await simulateContract(client, {
      account,
      chain: client.chain,
      address,
      abi,
      functionName,
      args,
      ...(value === undefined || value === 0n ? {} : { value }),
    } as unknown as Parameters<typeof simulateContract>[1]));
  } catch (error) {
    const revert = revertOf(error);
    throw new InftTransactionError({ functionName, reason: revert?.errorName ?? shortMessage(error), args: revert?.args ?? [], cause: error });
  }
  let hash: Hash;
  try {
    hash = await writeContract(client, request as Parameters<typeof writeContract>[1]);
  } catch (error) {
    const revert = revertOf(error);
    throw new InftTransactionError({ functionName, reason: revert?.errorName ?? shortMessage(error), args: revert?.args ?? [], cause: error });
  }
  const receipt = await waitForTransactionReceipt(client, { hash });
  if (receipt.status !== "success") throw new InftTransactionError({ functionName, transactionHash: hash });
  return { receipt, result, transactionHash: hash, blockNumber: receipt.blockNumber };
}
