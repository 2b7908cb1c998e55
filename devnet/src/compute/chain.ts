import {
  decodeFunctionResult,
  encodeFunctionData,
  numberToHex,
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type ContractFunctionReturnType,
  type Hex,
} from "viem";
import type { ChainBackend } from "../chain/backend.js";
import { ProviderRpcError } from "../chain/rpc-error.js";

/** A mined transaction's receipt, as much of it as the compute layer reads. */
export type Receipt = {
  transactionHash: Hex;
  status: Hex;
  blockNumber: Hex;
  logs: { address: Address; data: Hex; topics: [Hex, ...Hex[]] }[];
};

/**
 * The few chain operations the compute layer needs, in the hardhat_/eth_ dialect every devnet
 * backend speaks: typed contract reads, and transactions from impersonated accounts (the node
 * assigns nonces, so concurrent sends from one provider never collide) that are mined before they
 * return, by an explicit `evm_mine` when the chain does not mine on its own.
 */
export function computeChain(chain: ChainBackend) {
  const call = async (method: string, params: unknown[]): Promise<unknown> => {
    const outcome = await chain.call(method, params);
    if (outcome.error) throw new ProviderRpcError(outcome.error);
    return outcome.result;
  };

  async function read<const abi extends Abi, name extends ContractFunctionName<abi, "view" | "pure">>(params: {
    address: Address;
    abi: abi;
    functionName: name;
    args: ContractFunctionArgs<abi, "view" | "pure", name>;
    from?: Address;
  }): Promise<ContractFunctionReturnType<abi, "view" | "pure", name>> {
    const data = encodeFunctionData(params as never);
    const outcome = await chain.call("eth_call", [{ to: params.address, data, ...(params.from ? { from: params.from } : {}) }, "latest"]);
    if (outcome.error) throw new ProviderRpcError(outcome.error);
    return decodeFunctionResult({ abi: params.abi, functionName: params.functionName, data: outcome.result as Hex } as never) as never;
  }

  /** Sends a transaction from `from` (impersonated already) and returns its receipt once mined. */
  async function send(tx: { from: Address; to: Address; data: Hex; value?: bigint; gas?: bigint }): Promise<Receipt> {
    const hash = (await call("eth_sendTransaction", [
      {
        from: tx.from,
        to: tx.to,
        data: tx.data,
        ...(tx.value ? { value: numberToHex(tx.value) } : {}),
        ...(tx.gas ? { gas: numberToHex(tx.gas) } : {}),
      },
    ])) as Hex;
    let receipt = (await call("eth_getTransactionReceipt", [hash])) as Receipt | null;
    if (!receipt) {
      await call("evm_mine", []);
      receipt = (await call("eth_getTransactionReceipt", [hash])) as Receipt | null;
    }
    if (!receipt) throw new ProviderRpcError({ code: -32603, message: `transaction ${hash} was not mined` });
    return receipt;
  }

  return {
    call,
    read,
    send,
    async setBalance(address: Address, wei: bigint) {
      await call("hardhat_setBalance", [address, numberToHex(wei)]);
    },
    async impersonate(address: Address) {
      await call("hardhat_impersonateAccount", [address]);
    },
    async stopImpersonating(address: Address) {
      await call("hardhat_stopImpersonatingAccount", [address]);
    },
    /** Chain time in Unix ms: the wall clock, or the latest block's time when that is ahead (time travel). */
    async now(): Promise<number> {
      const block = (await call("eth_getBlockByNumber", ["latest", false])) as { timestamp: Hex } | null;
      const chainMs = block ? Number(BigInt(block.timestamp)) * 1000 : 0;
      return Math.max(Date.now(), chainMs);
    },
  };
}

export type ComputeChain = ReturnType<typeof computeChain>;
