import { revertOf } from "@0g/core";
import { BaseError as ViemBaseError, type Abi, type Account, type Address, type Chain, type Client, type Hash, type Transport } from "viem";
import { waitForTransactionReceipt, writeContract } from "viem/actions";
import { ComputeTransactionError } from "../errors.js";

/** What a compute write returns once its transaction is mined. */
export type ComputeWriteReturnType = {
  /** The mined transaction. */
  transactionHash: Hash;
  /** The block it was mined in. */
  blockNumber: bigint;
};


/**
 * Sends a contract write with the account and waits for its receipt.
 *
 * @throws {ComputeTransactionError} when it cannot be sent (it would revert) or reverts.
 */
export async function writeAndWait(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  {
    account,
    address,
    abi,
    functionName,
    args,
    value,
  }: { account: Account; address: Address; abi: Abi; functionName: string; args: readonly unknown[]; value?: bigint | undefined },
): Promise<ComputeWriteReturnType> {
  let hash: Hash;
  try {
    hash = await writeContract(client, {
      account,
      chain: client.chain,
      address,
      abi,
      functionName,
      args,
      ...(value === undefined ? {} : { value }),
    } as unknown as Parameters<typeof writeContract>[1]);
  } catch (error) {
    throw new ComputeTransactionError({ functionName, reason: revertOf(error)?.errorName ?? shortMessage(error), cause: error });
  }
  const receipt = await waitForTransactionReceipt(client, { hash });
  if (receipt.status !== "success") throw new ComputeTransactionError({ functionName, transactionHash: hash });
  return { transactionHash: hash, blockNumber: receipt.blockNumber };
}

function shortMessage(error: unknown): string | undefined {
  if (error instanceof ViemBaseError) return error.shortMessage;
  return error instanceof Error ? error.message : undefined;
}

/** A client that can send (an account on the client or in the parameters). */
export type ComputeWalletClient = Client<Transport, Chain | undefined, Account | undefined>;
