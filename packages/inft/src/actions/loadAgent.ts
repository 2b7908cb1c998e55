import { bytesToHex, hexToBytes, isAddressEqual, type Account, type Address, type Hex } from "viem";
import { signTypedData } from "viem/actions";
import { checkTokenId, optionalAccount, requireAccount, type AccountParameter, type InftClient } from "../client/account.js";
import { chainIdOf, resolveAgentNft, resolveOracle, type InftContractsParameter } from "../client/contracts.js";
import { optionalPrivateEncryptionKey, type EncryptionKeyParameter } from "../client/keys.js";
import { postAccess, type OracleHttpParameters } from "../client/oracle.js";
import { accountOf, agentOperatorOf, authorizedUsersOf, chainTime, intelligentDatasOf, ownerOf } from "../client/read.js";
import { downloadEnvelope, type InftStorageParameter } from "../client/storage.js";
import { decodeAgentMetadata } from "../agent/metadata.js";
import { eciesDecrypt, publicKeyOf } from "../crypto/ecies.js";
import { decryptEnvelope } from "../crypto/envelope.js";
import { randomBytes } from "../crypto/random.js";
import {
  type AgentNftNotDeployedError,
  type AgentDataUnavailableError,
  type DataHashMismatchError,
  type DecryptionFailedError,
  EncryptionKeyRequiredError,
  type InftContractNotFoundError,
  type InvalidAgentMetadataError,
  type InvalidEnvelopeError,
  InvalidOracleResponseError,
  NotARecipientError,
  NotAuthorizedError,
  type OracleRequestError,
  type OracleUnavailableError,
  type TokenNotFoundError,
} from "../errors.js";
import { oracleRequestDomain, oracleRequestTypes } from "../oracle/requests.js";

/**
 * How `loadAgent` reads the data:
 * - `"key"`: download each envelope and open it with your encryption key (holders: data and agent key);
 * - `"oracle"`: ask the oracle (`POST /v1/access`, signed by the account), which checks on chain
 *   that you hold the token or are an authorised user and returns the data sealed to a one-time
 *   key (never the agent key);
 * - `"auto"`: `"key"` when you have a key the data is sealed to, else `"oracle"` when the chain
 *   says you hold the token or are authorised.
 */
export type LoadAgentVia = "auto" | "key" | "oracle";

export type LoadAgentParameters = InftContractsParameter &
  AccountParameter &
  EncryptionKeyParameter &
  InftStorageParameter &
  OracleHttpParameters & {
    tokenId: bigint;
    /** @default "auto" */
    via?: LoadAgentVia | undefined;
  };

/** One data entry of the token, decrypted. */
export type LoadedAgentEntry<data> = {
  dataHash: Hex;
  description: string;
  data: data;
  /** The agent key (holders only). */
  agentKey: Hex | undefined;
};

export type LoadAgentReturnType<data = Record<string, unknown>> = {
  tokenId: bigint;
  /** The agent's data (of its first data entry). */
  data: data;
  /** The agent's private key: read by holders from the envelope; undefined through the oracle. */
  agentKey: Hex | undefined;
  /** How it was read. */
  via: "key" | "oracle";
  /** Every data entry (a token minted by `mintAgent` has one). */
  entries: LoadedAgentEntry<data>[];
  holder: Address;
  /** The agent operator on chain (the agent key's address, unless the holder changed it). */
  operator: Address;
  /** The agent's account. */
  account: Address;
  dataHashes: Hex[];
};

export type LoadAgentErrorType =
  | InftContractNotFoundError
  | AgentNftNotDeployedError
  | TokenNotFoundError
  | EncryptionKeyRequiredError
  | AgentDataUnavailableError
  | DataHashMismatchError
  | InvalidEnvelopeError
  | NotARecipientError
  | DecryptionFailedError
  | InvalidAgentMetadataError
  | NotAuthorizedError
  | OracleUnavailableError
  | OracleRequestError
  | InvalidOracleResponseError;

/**
 * Loads an agent: reads its data hashes on chain, downloads each envelope from 0G Storage (every
 * segment is checked against the hash, which is its storage root: tampered or missing data is a
 * typed error, never used) and decrypts it with your encryption key as the holder, giving the data
 * and the agent key. An authorised user (or a holder without its key) gets the data, not the key,
 * through the oracle's `/v1/access`. Anyone else gets {@link NotARecipientError} (a previous holder:
 * the data was re-encrypted for the new one) or {@link NotAuthorizedError}.
 *
 * @example
 * import { loadAgent } from "@0g/inft";
 * const { data, agentKey } = await loadAgent(walletClient, { tokenId, encryptionKey });
 */
export async function loadAgent<data = Record<string, unknown>>(client: InftClient, parameters: LoadAgentParameters): Promise<LoadAgentReturnType<data>> {
  const tokenId = checkTokenId(parameters.tokenId);
  const via = parameters.via ?? "auto";
  const agentNft = await resolveAgentNft(client, parameters.agentNft);
  const [datas, holder, operator, account] = await Promise.all([
    intelligentDatasOf(client, agentNft, tokenId),
    ownerOf(client, agentNft, tokenId),
    agentOperatorOf(client, agentNft, tokenId),
    accountOf(client, agentNft, tokenId),
  ]);
  const dataHashes = datas.map((d) => d.dataHash);
  const base = { tokenId, holder, operator, account, dataHashes };
  const user = optionalAccount(client, parameters.account);
  const key = optionalPrivateEncryptionKey(user, parameters.encryptionKey);

  let notRecipient: NotARecipientError | undefined;
  if (via !== "oracle") {
    if (key === undefined) {
      if (via === "key" || user === undefined) throw new EncryptionKeyRequiredError({ action: "loadAgent", need: "private" });
    } else {
      const entries: LoadedAgentEntry<data>[] = [];
      try {
        for (const { dataHash, dataDescription } of datas) {
          const envelope = await downloadEnvelope(client, dataHash, parameters.storage);
          const metadata = decodeAgentMetadata<data>(await decryptEnvelope(envelope, { privateKey: key }));
          entries.push({ dataHash, description: dataDescription, data: metadata.data, agentKey: metadata.agentKey });
        }
        return { ...base, data: entries[0]!.data, agentKey: entries[0]!.agentKey, via: "key", entries };
      } catch (error) {
        if (!(error instanceof NotARecipientError) || via === "key" || user === undefined) throw error;
        notRecipient = error;
      }
    }
  }

  const signer = requireAccount(client, parameters.account, "loadAgent");
  if (!isAddressEqual(holder, signer.address)) {
    const users = await authorizedUsersOf(client, agentNft, tokenId);
    if (!users.some((u) => isAddressEqual(u, signer.address))) throw notRecipient ?? new NotAuthorizedError({ tokenId, user: signer.address });
  }
  const entries = await accessThroughOracle<data>(client, signer, agentNft, tokenId, datas, parameters);
  return { ...base, data: entries[0]!.data, agentKey: undefined, via: "oracle", entries };
}

/** `POST /v1/access` with a one-time key: the oracle seals each entry's data to it. */
async function accessThroughOracle<data>(
  client: InftClient,
  account: Account,
  agentNft: Address,
  tokenId: bigint,
  datas: { dataHash: Hex; dataDescription: string }[],
  parameters: LoadAgentParameters,
): Promise<LoadedAgentEntry<data>[]> {
  const url = await resolveOracle(client, parameters.oracle);
  const oneTimeKey = bytesToHex(randomBytes(32));
  const publicKey = publicKeyOf(oneTimeKey);
  const [chainId, now] = await Promise.all([chainIdOf(client), chainTime(client)]);
  const message = { tokenId, user: account.address, publicKey, dataHashes: datas.map((d) => d.dataHash), deadline: now + 600n };
  const signature = await signTypedData(client, {
    account,
    domain: oracleRequestDomain({ chainId, agentNft }),
    types: oracleRequestTypes,
    primaryType: "AccessRequest",
    message,
  });
  const { sealedData } = await postAccess(url, { agentNft, ...message, tokenId: tokenId.toString(), deadline: message.deadline.toString(), signature }, parameters);
  const answerUrl = `${url}/v1/access`;
  if (sealedData.length !== datas.length)
    throw new InvalidOracleResponseError({ url: answerUrl, reason: `It returned ${sealedData.length} entries for ${datas.length} data hashes.` });
  const entries: LoadedAgentEntry<data>[] = [];
  for (const [i, sealed] of sealedData.entries()) {
    let data: data;
    try {
      data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(await eciesDecrypt(oneTimeKey, hexToBytes(sealed), "agent data from the oracle"))) as data;
    } catch (cause) {
      throw new InvalidOracleResponseError({ url: answerUrl, reason: `Entry ${i} does not open as JSON sealed to the request's key: ${(cause as Error).message.split("\n")[0]}` });
    }
    entries.push({ dataHash: datas[i]!.dataHash, description: datas[i]!.dataDescription, data, agentKey: undefined });
  }
  return entries;
}
