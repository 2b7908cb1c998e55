import { agentNftAbi } from "@0g/contracts";
import type { InvalidParameterError } from "@0g/core";
import type { Address } from "viem";
import { checkAddress, requireAccount, type AccountParameter, type InftClient } from "../client/account.js";
import { resolveAgentNft, type InftContractsParameter } from "../client/contracts.js";
import { simulateAndSend, type InftWriteReturnType } from "../client/transaction.js";
import type { AgentNftNotDeployedError, InftAccountRequiredError, InftContractNotFoundError, InftTransactionError } from "../errors.js";

export type DelegateAccessParameters = Pick<InftContractsParameter, "agentNft"> &
  AccountParameter & {
    /** Who may sign access proofs for you from now on (the zero address: nobody). */
    assistant: Address;
  };

export type DelegateAccessReturnType = InftWriteReturnType;

export type DelegateAccessErrorType = InftAccountRequiredError | InftContractNotFoundError | AgentNftNotDeployedError | InvalidParameterError | InftTransactionError;

/**
 * Names the assistant that may sign access proofs for you (ERC-7857 `delegateAccess`): agents can
 * then be transferred or cloned to you with proofs your assistant signs (a server, a bot), naming
 * the key to seal to. One assistant per address; a new call replaces it.
 *
 * @example
 * import { createAccessProof, delegateAccess } from "@0g/inft";
 * await delegateAccess(receiverClient, { assistant: botAddress });
 * const accessProofs = await createAccessProof(botClient, { tokenId, publicKey: receiverPublicKey });
 */
export async function delegateAccess(client: InftClient, parameters: DelegateAccessParameters): Promise<DelegateAccessReturnType> {
  const account = requireAccount(client, parameters.account, "delegateAccess");
  const assistant = checkAddress("assistant", parameters.assistant);
  const agentNft = await resolveAgentNft(client, parameters.agentNft);
  const { transactionHash, blockNumber } = await simulateAndSend(client, { account, address: agentNft, abi: agentNftAbi, functionName: "delegateAccess", args: [assistant] });
  return { transactionHash, blockNumber };
}
