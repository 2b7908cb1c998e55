import type { InftClient } from "../client/account.js";
import { moveAgent, type MoveAgentErrorType, type MoveAgentParameters, type MoveAgentReturnType } from "../client/transfer.js";

export type CloneAgentParameters = MoveAgentParameters;

export type CloneAgentReturnType = MoveAgentReturnType;

export type CloneAgentErrorType = MoveAgentErrorType;

/**
 * Clones an agent (ERC-7857 `iCloneFrom`) for `to`: a new token with the same data, re-encrypted by
 * the oracle for the receiver with its own fresh agent key, and its own agent account. The source
 * token, its data, its agent key and its account are unchanged. `tokenId` in the result is the
 * clone's. The receiver's access proofs, the checks of the oracle's answer and the failure
 * guarantees are those of `transferAgent`.
 *
 * @example
 * import { cloneAgent, createAccessProof } from "@0g/inft";
 * const accessProofs = await createAccessProof(receiverClient, { tokenId });
 * const { tokenId: cloneId, account } = await cloneAgent(holderClient, { tokenId, to: receiver, accessProofs });
 */
export function cloneAgent(client: InftClient, parameters: CloneAgentParameters): Promise<CloneAgentReturnType> {
  return moveAgent(client, parameters, true);
}
