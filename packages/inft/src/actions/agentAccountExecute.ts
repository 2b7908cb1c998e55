import type { InvalidParameterError } from "@0g/core";
import { isAddressEqual, zeroAddress, type Address, type Hex } from "viem";
import { checkAddress, checkAmount, checkTokenId, requireAccount, type AccountParameter, type InftClient } from "../client/account.js";
import { resolveAgentNft, type InftContractsParameter } from "../client/contracts.js";
import { accountOf, readNft } from "../client/read.js";
import { agentAccountWithNftErrors, simulateAndSend, type InftWriteReturnType } from "../client/transaction.js";
import { type AgentNftNotDeployedError, type InftAccountRequiredError, type InftContractNotFoundError, type InftTransactionError, NotAgentControllerError, type TokenNotFoundError } from "../errors.js";

export type AgentAccountExecuteParameters = Pick<InftContractsParameter, "agentNft"> &
  AccountParameter & {
    tokenId: bigint;
    /** The call's target. */
    to: Address;
    /** Wei the account sends with the call (from its own balance, or from `msg.value`). @default 0n */
    value?: bigint | undefined;
    /** The calldata. @default "0x" */
    data?: Hex | undefined;
  };

export type AgentAccountExecuteReturnType = InftWriteReturnType & {
  /** The agent account that made the call. */
  account: Address;
  /** What the call returned (from the simulation). */
  result: Hex;
};

export type AgentAccountExecuteErrorType =
  | InftAccountRequiredError
  | InftContractNotFoundError
  | AgentNftNotDeployedError
  | InvalidParameterError
  | TokenNotFoundError
  | NotAgentControllerError
  | InftTransactionError;

/**
 * Makes the agent's account call `to` with `value` and `data` (`AgentAccount.execute`). The
 * sender must be the token's holder or its agent operator: pass `account:
 * agentOperatorAccount(agentKey)` to act as the agent itself (that address pays the gas, so fund
 * it). Anyone else, a previous holder's copy of an old agent key included, is a
 * {@link NotAgentControllerError} before anything is sent.
 *
 * @example
 * import { agentAccountExecute, agentOperatorAccount } from "@0g/inft";
 * await agentAccountExecute(walletClient, {
 *   tokenId,
 *   to: "0x…",
 *   value: parseEther("1"),
 *   account: agentOperatorAccount(agentKey),
 * });
 */
export async function agentAccountExecute(client: InftClient, parameters: AgentAccountExecuteParameters): Promise<AgentAccountExecuteReturnType> {
  const account = requireAccount(client, parameters.account, "agentAccountExecute");
  const tokenId = checkTokenId(parameters.tokenId);
  const to = checkAddress("to", parameters.to);
  const value = parameters.value === undefined ? 0n : checkAmount("value", parameters.value);
  const agentNft = await resolveAgentNft(client, parameters.agentNft);
  const [[holder, operator], address] = await Promise.all([
    readNft(client, agentNft, "agentControllersOf", [tokenId], tokenId) as Promise<readonly [Address, Address]>,
    accountOf(client, agentNft, tokenId),
  ]);
  if (!isAddressEqual(account.address, holder) && (isAddressEqual(operator, zeroAddress) || !isAddressEqual(account.address, operator)))
    throw new NotAgentControllerError({ tokenId, account: account.address, holder, operator });
  const sent = await simulateAndSend(client, {
    account,
    address,
    abi: agentAccountWithNftErrors,
    functionName: "execute",
    args: [to, value, parameters.data ?? "0x"],
  });
  return { transactionHash: sent.transactionHash, blockNumber: sent.blockNumber, account: address, result: sent.result as Hex };
}
