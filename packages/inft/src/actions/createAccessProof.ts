import type { InvalidParameterError } from "@0g/core";
import type { Hex } from "viem";
import { signMessage } from "viem/actions";
import { checkTokenId, requireAccount, type AccountParameter, type InftClient } from "../client/account.js";
import { resolveAgentNft, type InftContractsParameter } from "../client/contracts.js";
import { signAccessProofs, targetPubkeyOf } from "../client/accessProofs.js";
import { chainTime, intelligentDatasOf } from "../client/read.js";
import type { AgentNftNotDeployedError, InftAccountRequiredError, InftContractNotFoundError, InvalidPublicKeyError, TokenNotFoundError } from "../errors.js";
import type { AccessProof, MessageSigner } from "../proof/proofs.js";

export type CreateAccessProofParameters = Pick<InftContractsParameter, "agentNft"> &
  AccountParameter & {
    /** The token to receive: one proof per current data hash (read on chain). */
    tokenId?: bigint | undefined;
    /** The data hashes instead of `tokenId` (the token's current ones, in order). */
    dataHashes?: readonly Hex[] | undefined;
    /**
     * The key the oracle seals the agent's new data key to (`targetPubkey`). @default your own
     * Ethereum key (`0x`: the oracle recovers it from the proof, the token checks its address)
     */
    publicKey?: Hex | undefined;
    /** Your INFT encryption key: its public key becomes `publicKey` (e.g. one from `getEncryptionKey`). */
    encryptionKey?: Hex | undefined;
    /** The nonce's issue time, Unix seconds. @default chain time (the latest block's timestamp) */
    issuedAt?: bigint | undefined;
  };

/** One access proof per data entry, for `transferAgent` / `cloneAgent`'s `accessProofs`. */
export type CreateAccessProofReturnType = AccessProof[];

export type CreateAccessProofErrorType = InftAccountRequiredError | InftContractNotFoundError | AgentNftNotDeployedError | TokenNotFoundError | InvalidPublicKeyError | InvalidParameterError;

/**
 * The receiver's side of a transfer or clone: signs ERC-7857 access proofs (one per data entry of
 * the token) saying "seal this agent's data to my key". Only the receiver, or the assistant it
 * named with `delegateAccess`, can sign them; the holder passes them to `transferAgent` /
 * `cloneAgent`. Each proof's nonce is single-use and valid from `issuedAt` (chain time) for the
 * Verifier's `maxProofAge` (7 days by default).
 *
 * A delegate signing for the receiver names the receiver's key (`publicKey`; a delegate's own
 * `encryptionKey`, e.g. an `inftActions()` default, would name the delegate's key), or names none
 * and the holder passes the receiver's key as `receiverPublicKey`.
 *
 * @example
 * import { createAccessProof, transferAgent } from "@0g/inft";
 * // the receiver
 * const accessProofs = await createAccessProof(receiverClient, { tokenId });
 * // the holder
 * await transferAgent(holderClient, { tokenId, to: receiverAddress, accessProofs });
 */
export async function createAccessProof(client: InftClient, parameters: CreateAccessProofParameters): Promise<CreateAccessProofReturnType> {
  const account = requireAccount(client, parameters.account, "createAccessProof");
  const dataHashes =
    parameters.dataHashes ??
    (await intelligentDatasOf(client, await resolveAgentNft(client, parameters.agentNft), checkTokenId(parameters.tokenId))).map((d) => d.dataHash);
  const issuedAt = parameters.issuedAt ?? (await chainTime(client));
  const signer: MessageSigner = { signMessage: ({ message }: { message: string }) => signMessage(client, { account, message }) };
  return signAccessProofs(signer, { dataHashes, targetPubkey: targetPubkeyOf(parameters), issuedAt });
}
