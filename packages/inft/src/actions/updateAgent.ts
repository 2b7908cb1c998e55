import { agentNftAbi } from "@0g/contracts";
import type { InvalidParameterError } from "@0g/core";
import { isAddressEqual, type Address, type Hash, type Hex } from "viem";
import { checkTokenId, requireAccount, type AccountParameter, type InftClient } from "../client/account.js";
import { resolveAgentNft, type InftContractsParameter } from "../client/contracts.js";
import { privateEncryptionKey, publicEncryptionKey, type EncryptionKeyParameter } from "../client/keys.js";
import type { OracleHttpParameters } from "../client/oracle.js";
import { agentOperatorOf, intelligentDatasOf, requireHolder } from "../client/read.js";
import { downloadEnvelope, uploadEnvelope, type InftStorageParameter } from "../client/storage.js";
import { simulateAndSend, type InftWriteReturnType } from "../client/transaction.js";
import { agentKeyAddress, decodeAgentMetadata, encodeAgentMetadata, generateAgentKey } from "../agent/metadata.js";
import type { MetadataCipher } from "../crypto/cipher.js";
import { decryptEnvelope, encryptEnvelope } from "../crypto/envelope.js";
import type {
  AgentNftNotDeployedError,
  AgentDataUnavailableError,
  DataHashMismatchError,
  DecryptionFailedError,
  EncryptionKeyRequiredError,
  InftAccountRequiredError,
  InftContractNotFoundError,
  InftTransactionError,
  InvalidAgentMetadataError,
  InvalidOracleResponseError,
  NotARecipientError,
  NotTokenHolderError,
  OracleMismatchError,
  OracleRequestError,
  OracleUnavailableError,
  TokenNotFoundError,
} from "../errors.js";
import { oraclePublicKeyFor } from "./getOracleInfo.js";

export type UpdateAgentParameters<data = Record<string, unknown>> = InftContractsParameter &
  AccountParameter &
  EncryptionKeyParameter &
  InftStorageParameter &
  OracleHttpParameters & {
    tokenId: bigint;
    /** The agent's new data (it replaces the old). */
    data: data;
    /**
     * The agent key of the new version. @default the current one, read from the current envelope
     * with `encryptionKey` (or a fresh one with `rotateAgentKey`)
     */
    agentKey?: Hex | undefined;
    /** Give the agent a fresh key (and make it the account's operator). @default false */
    rotateAgentKey?: boolean | undefined;
    /** The public key to seal the new data key to. @default that of `encryptionKey`, else the account's own */
    publicKey?: Hex | undefined;
    /** The entry's public description. @default the current one */
    description?: string | undefined;
    /** @default "aes-256-gcm" */
    cipher?: MetadataCipher | undefined;
    /** The oracle's public key instead of asking the oracle; it must be the Verifier's oracle's. */
    oraclePublicKey?: Hex | undefined;
  };

export type UpdateAgentReturnType = InftWriteReturnType & {
  /** The new envelope's storage root: the token's data hash now. */
  dataHash: Hex;
  /** The data hashes before. */
  previousDataHashes: Hex[];
  /** The agent key in the new version. */
  agentKey: Hex;
  /** The account's operator now. */
  operator: Address;
  /** The `setAgentOperator` transaction, when the agent key changed. */
  operatorTransactionHash: Hash | undefined;
};

export type UpdateAgentErrorType =
  | InftAccountRequiredError
  | InftContractNotFoundError
  | AgentNftNotDeployedError
  | InvalidParameterError
  | TokenNotFoundError
  | NotTokenHolderError
  | EncryptionKeyRequiredError
  | AgentDataUnavailableError
  | DataHashMismatchError
  | NotARecipientError
  | DecryptionFailedError
  | InvalidAgentMetadataError
  | OracleUnavailableError
  | OracleRequestError
  | InvalidOracleResponseError
  | OracleMismatchError
  | InftTransactionError;

/**
 * Writes a new version of an agent's metadata (holder only): the new data, with the same agent key
 * unless another is given or `rotateAgentKey` is set, is encrypted under a fresh data key sealed
 * to the holder and the oracle, uploaded to 0G Storage, and the token's data is replaced with
 * `update` (one entry). When the agent key changed, `setAgentOperator` makes it the account's
 * operator (a second transaction).
 *
 * @example
 * import { updateAgent } from "@0g/inft";
 * const { dataHash } = await updateAgent(walletClient, { tokenId, encryptionKey, data: { ...data, memory: newRoot } });
 */
export async function updateAgent<const data>(client: InftClient, parameters: UpdateAgentParameters<data>): Promise<UpdateAgentReturnType> {
  const account = requireAccount(client, parameters.account, "updateAgent");
  const tokenId = checkTokenId(parameters.tokenId);
  const agentNft = await resolveAgentNft(client, parameters.agentNft);
  await requireHolder(client, agentNft, tokenId, account.address, "updateAgent");
  const [datas, operator] = await Promise.all([intelligentDatasOf(client, agentNft, tokenId), agentOperatorOf(client, agentNft, tokenId)]);
  const holderKey = publicEncryptionKey(account, parameters, "updateAgent");

  let agentKey: Hex;
  if (parameters.rotateAgentKey) agentKey = generateAgentKey();
  else if (parameters.agentKey !== undefined) agentKey = parameters.agentKey;
  else {
    const key = privateEncryptionKey(account, parameters.encryptionKey, "updateAgent");
    const envelope = await downloadEnvelope(client, datas[0]!.dataHash, parameters.storage);
    agentKey = decodeAgentMetadata(await decryptEnvelope(envelope, { privateKey: key })).agentKey;
  }
  const plaintext = encodeAgentMetadata({ agentKey, data: parameters.data });
  const oracleKey = await oraclePublicKeyFor(client, agentNft, parameters);
  const { envelope } = await encryptEnvelope({ plaintext, recipients: [holderKey, oracleKey], cipher: parameters.cipher });
  const { root } = await uploadEnvelope(client, account, envelope, parameters.storage);

  const sent = await simulateAndSend(client, {
    account,
    address: agentNft,
    abi: agentNftAbi,
    functionName: "update",
    args: [tokenId, [{ dataDescription: parameters.description ?? datas[0]!.dataDescription, dataHash: root }]],
  });
  const newOperator = agentKeyAddress(agentKey);
  let operatorTransactionHash: Hash | undefined;
  if (!isAddressEqual(newOperator, operator)) {
    ({ transactionHash: operatorTransactionHash } = await simulateAndSend(client, {
      account,
      address: agentNft,
      abi: agentNftAbi,
      functionName: "setAgentOperator",
      args: [tokenId, newOperator],
    }));
  }
  return {
    transactionHash: sent.transactionHash,
    blockNumber: sent.blockNumber,
    dataHash: root,
    previousDataHashes: datas.map((d) => d.dataHash),
    agentKey,
    operator: newOperator,
    operatorTransactionHash,
  };
}
