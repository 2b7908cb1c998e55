import type { InftClient } from "../client/account.js";
import { moveAgent, type MoveAgentErrorType, type MoveAgentParameters, type MoveAgentReturnType } from "../client/transfer.js";

export type TransferAgentParameters = MoveAgentParameters;

export type TransferAgentReturnType = MoveAgentReturnType;

export type TransferAgentErrorType = MoveAgentErrorType;

/**
 * Transfers an agent (ERC-7857 `iTransferFrom`): the oracle re-encrypts its metadata for the
 * receiver with a new data key and a **rotated agent key**, stores it on 0G Storage and signs
 * ownership proofs; the token then holds the new data hashes and the new operator, so the previous
 * holder can neither decrypt the agent nor act through its account, and the account (with what it
 * holds) moves with the token.
 *
 * The receiver must ask for it: pass its `accessProofs` (`createAccessProof`, signed by the receiver
 * or its delegate), or its account as `receiver` to sign them here. Before anything is sent, the
 * oracle's answer is checked: proofs signed by the key the Verifier trusts, committing the returned
 * data hashes and operator, the new envelopes sealed to the receiver and the oracle. The call is
 * then simulated, then sent. A refusal, an unreachable or lying oracle, or a revert leaves the
 * token and its data exactly as they were.
 *
 * @example
 * import { createAccessProof, transferAgent } from "@0g/inft";
 * const accessProofs = await createAccessProof(receiverClient, { tokenId }); // the receiver
 * const { operator, dataHashes } = await transferAgent(holderClient, { tokenId, to: receiver, accessProofs });
 */
export function transferAgent(client: InftClient, parameters: TransferAgentParameters): Promise<TransferAgentReturnType> {
  return moveAgent(client, parameters, false);
}
