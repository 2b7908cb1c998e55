import { BaseError as ViemBaseError, ContractFunctionRevertedError } from "viem";

/** The contract error (name and arguments) a viem error carries, if it is a revert. */
export function revertOf(error: unknown): { errorName: string; args: readonly unknown[] } | undefined {
  if (!(error instanceof ViemBaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined;
  const name = reverted.data?.errorName ?? reverted.reason;
  return name === undefined ? undefined : { errorName: name, args: (reverted.data?.args as readonly unknown[] | undefined) ?? [] };
}
