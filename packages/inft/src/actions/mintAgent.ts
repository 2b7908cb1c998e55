import { agentNftAbi } from "@0g/contracts";
import type { InvalidParameterError } from "@0g/core";
import { isAddressEqual, parseEventLogs, zeroAddress, type Address, type Hash, type Hex } from "viem";
import { checkAddress, requireAccount, type AccountParameter, type InftClient } from "../client/account.js";
import { resolveAgentNft, type InftContractsParameter } from "../client/contracts.js";
import { publicEncryptionKey, type EncryptionKeyParameter } from "../client/keys.js";
import type { OracleHttpParameters } from "../client/oracle.js";
import { accountOf, readNft } from "../client/read.js";
import { uploadEnvelope, type InftStorageParameter } from "../client/storage.js";
import { simulateAndSend, type InftWriteReturnType } from "../client/transaction.js";
import { agentKeyAddress, encodeAgentMetadata, generateAgentKey } from "../agent/metadata.js";
import type { MetadataCipher } from "../crypto/cipher.js";
import { encryptEnvelope } from "../crypto/envelope.js";
import {
  type AgentNftNotDeployedError,
  type EncryptionKeyRequiredError,
  type InftAccountRequiredError,
  type InftContractNotFoundError,
  type InftTransactionError,
  type InvalidAgentMetadataError,
  type InvalidOracleResponseError,
  type OracleMismatchError,
  type OracleRequestError,
  type OracleUnavailableError,
} from "../errors.js";
import { oraclePublicKeyFor } from "./getOracleInfo.js";

export type MintAgentParameters<data = Record<string, unknown>> = InftContractsParameter &
  AccountParameter &
  EncryptionKeyParameter &
  InftStorageParameter &
  OracleHttpParameters & {
    /** The agent's data (model, prompts, memory pointers: anything JSON). Encrypted; only holders read it. */
    data: data;
    /** The agent's own private key, the operator of its account. @default a fresh one */
    agentKey?: Hex | undefined;
    /** Who gets the token. @default the account */
    to?: Address | undefined;
    /**
     * The new holder's public key, which the data key is sealed to: required when minting for
     * someone else (`to`). @default minting to yourself, that of `encryptionKey`, else the account's own
     */
    publicKey?: Hex | undefined;
    /** The token's `dataDescription` (public, on chain; `tokenURI` falls back to it). @default "" */
    description?: string | undefined;
    /** @default "aes-256-gcm" */
    cipher?: MetadataCipher | undefined;
    /** The oracle's public key, instead of asking the oracle (`GET /v1/info`); it must be the Verifier's oracle's. */
    oraclePublicKey?: Hex | undefined;
  };

export type MintAgentReturnType = InftWriteReturnType & {
  tokenId: bigint;
  /** The envelope's 0G Storage root: the token's data hash. */
  dataHash: Hex;
  /** The agent's account (ERC-6551 style), deployed by the mint. */
  account: Address;
  /** The agent key's address: the account's operator. */
  operator: Address;
  /** The agent key in the metadata (the one given, or the fresh one). */
  agentKey: Hex;
  /** The 0G Storage upload: its Flow `submit` transaction (undefined if the network had the file) and fee. */
  storage: { txHash: Hash | undefined; fee: bigint };
};

export type MintAgentErrorType =
  | InftAccountRequiredError
  | InftContractNotFoundError
  | AgentNftNotDeployedError
  | EncryptionKeyRequiredError
  | InvalidAgentMetadataError
  | InvalidParameterError
  | OracleUnavailableError
  | OracleRequestError
  | InvalidOracleResponseError
  | OracleMismatchError
  | InftTransactionError;

/**
 * Mints an agent: encrypts its metadata (`{ agentKey, data }`) under a fresh data key sealed with
 * ECIES to the holder and to the re-encryption oracle (so that it can re-encrypt it on a
 * transfer), uploads the envelope to 0G Storage (its root is the token's data hash), and calls
 * `mint(iDatas, to, operator)` with the agent key's address as the operator, paying `getMintFee()`.
 * The agent key is generated unless given.
 *
 * @example
 * import { mintAgent } from "@0g/inft";
 * const { tokenId, account } = await mintAgent(walletClient, {
 *   data: { name: "Ada", model: "qwen-2.5-7b", prompt: "You are Ada." },
 * });
 */
export async function mintAgent<const data>(client: InftClient, parameters: MintAgentParameters<data>): Promise<MintAgentReturnType> {
  const account = requireAccount(client, parameters.account, "mintAgent");
  const agentNft = await resolveAgentNft(client, parameters.agentNft);
  const to = parameters.to === undefined ? account.address : checkAddress("to", parameters.to);
  // Your encryption key is for your own agents: minting for someone else takes their public key.
  const holderKey = isAddressEqual(to, account.address)
    ? publicEncryptionKey(account, parameters, "mintAgent")
    : publicEncryptionKey(undefined, { publicKey: parameters.publicKey }, "mintAgent");
  const agentKey = parameters.agentKey ?? generateAgentKey();
  const plaintext = encodeAgentMetadata({ agentKey, data: parameters.data });

  const [oracleKey, fee] = await Promise.all([oraclePublicKeyFor(client, agentNft, parameters), readNft(client, agentNft, "getMintFee", []) as Promise<bigint>]);
  const { envelope } = await encryptEnvelope({ plaintext, recipients: [holderKey, oracleKey], cipher: parameters.cipher });
  const stored = await uploadEnvelope(client, account, envelope, parameters.storage);

  const operator = agentKeyAddress(agentKey);
  const sent = await simulateAndSend(client, {
    account,
    address: agentNft,
    abi: agentNftAbi,
    functionName: "mint",
    args: [[{ dataDescription: parameters.description ?? "", dataHash: stored.root }], to, operator],
    value: fee,
  });
  const [minted] = parseEventLogs({ abi: agentNftAbi, eventName: "Transfer", logs: sent.receipt.logs }).filter(
    (log) => isAddressEqual(log.address, agentNft) && isAddressEqual(log.args.from, zeroAddress),
  );
  const tokenId = minted!.args.tokenId;
  return {
    transactionHash: sent.transactionHash,
    blockNumber: sent.blockNumber,
    tokenId,
    dataHash: stored.root,
    account: await accountOf(client, agentNft, tokenId),
    operator,
    agentKey,
    storage: { txHash: stored.txHash, fee: stored.fee },
  };
}
