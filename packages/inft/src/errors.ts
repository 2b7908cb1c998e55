import { BaseError, describeErrors } from "@0g/core";
import type { Hex } from "viem";
import type { OracleErrorCode } from "./oracle/protocol.js";

/** The bytes are not an INFT metadata envelope this version can read. */
export class InvalidEnvelopeError extends BaseError {
  static override readonly code = 5000;
  static override readonly description = "The bytes are not a valid INFT metadata envelope (bad magic, version, cipher or lengths).";
  override name = "InvalidEnvelopeError";
  readonly reason: string;
  constructor({ reason }: { reason: string }) {
    super("Invalid INFT metadata envelope.", { code: InvalidEnvelopeError.code, details: reason });
    this.reason = reason;
  }
}

/** Authenticated decryption failed: the key is wrong or the bytes were changed. */
export class DecryptionFailedError extends BaseError {
  static override readonly code = 5001;
  static override readonly description = "Decryption failed: the key is not the one the data was encrypted with, or the data was tampered with.";
  override name = "DecryptionFailedError";
  readonly what: string;
  constructor({ what, cause }: { what: string; cause?: unknown }) {
    super(`Could not decrypt the ${what}.`, {
      code: DecryptionFailedError.code,
      details: "The authentication tag did not verify: wrong key, or the ciphertext or its header was modified.",
      ...(cause === undefined ? {} : { cause: cause as Error }),
    });
    this.what = what;
  }
}

/** The envelope holds no data key sealed to this key's address. */
export class NotARecipientError extends BaseError {
  static override readonly code = 5002;
  static override readonly description = "The metadata's data key is not sealed to this key: it belongs to another holder.";
  override name = "NotARecipientError";
  readonly address: string;
  readonly recipients: readonly string[];
  constructor({ address, recipients }: { address: string; recipients: readonly string[] }) {
    super(`The metadata is not sealed to ${address}.`, {
      code: NotARecipientError.code,
      details: `Its data key is sealed to: ${recipients.join(", ") || "nobody"}.`,
      metaMessages: ["Only the token's holder (and the oracle) can open it; authorised users ask the oracle."],
    });
    this.address = address;
    this.recipients = recipients;
  }
}

/** A secp256k1 public key that is not a valid curve point in a known encoding. */
export class InvalidPublicKeyError extends BaseError {
  static override readonly code = 5003;
  static override readonly description = "A secp256k1 public key is malformed: expected 33, 64 or 65 bytes of a point on the curve.";
  override name = "InvalidPublicKeyError";
  constructor({ value, cause }: { value: string; cause?: unknown }) {
    super("Invalid secp256k1 public key.", {
      code: InvalidPublicKeyError.code,
      details: `Got ${value}; expected a compressed (33 B), raw (64 B) or uncompressed (65 B) point.`,
      ...(cause === undefined ? {} : { cause: cause as Error }),
    });
  }
}

/** Decrypted metadata that is not an agent document this version understands. */
export class InvalidAgentMetadataError extends BaseError {
  static override readonly code = 5004;
  static override readonly description = "An agent's metadata is not a valid agent document: bad JSON, version or agent key.";
  override name = "InvalidAgentMetadataError";
  readonly path: string;
  constructor({ path, reason }: { path: string; reason: string }) {
    super("Invalid agent metadata.", { code: InvalidAgentMetadataError.code, details: path ? `${path}: ${reason}` : reason });
    this.path = path;
  }
}

// 5005-5299: the client (`actions/`): contracts and endpoints 5005-5009, tokens and data
// 5010-5019, access proofs 5020-5029, the oracle 5030-5039, transactions and accounts 5040-5049.

/** Which INFT address or endpoint: the `AgentNFT` contract or the re-encryption oracle's URL. */
export type InftContractName = "agentNft" | "inftOracle";

/** No AgentNFT address (or no oracle URL) is known for the client's chain. */
export class InftContractNotFoundError extends BaseError {
  static override readonly code = 5005;
  static override readonly description =
    "No AgentNFT address or INFT oracle URL is known for this chain: the network registry has none (0G mainnet and Galileo have no INFT deployment yet), the RPC is not a devnet, and none was passed.";
  override name = "InftContractNotFoundError";
  readonly contract: InftContractName;
  readonly chainId: number | undefined;
  constructor({ contract, chainId }: { contract: InftContractName; chainId?: number | undefined }) {
    super(`No ${contract === "agentNft" ? "AgentNFT contract address" : "INFT oracle URL"} is known for chain ${chainId ?? "(unknown)"}.`, {
      code: InftContractNotFoundError.code,
      details:
        contract === "agentNft"
          ? "Pass `agentNft` (to the action or to inftActions()), or use a devnet RPC (devnet_info names its AgentNFT)."
          : "Pass `oracle` (the oracle's base URL, to the action or to inftActions()), or use a devnet RPC (devnet_info names its oracle).",
    });
    this.contract = contract;
    this.chainId = chainId;
  }
}

/** The address given as the AgentNFT has no contract (a read returned no data). */
export class AgentNftNotDeployedError extends BaseError {
  static override readonly code = 5009;
  static override readonly description = "There is no contract at the AgentNFT address: a wrong `agentNft`, or another chain's address.";
  override name = "AgentNftNotDeployedError";
  readonly agentNft: Hex;
  constructor({ agentNft, cause }: { agentNft: Hex; cause?: unknown }) {
    super(`No AgentNFT contract at ${agentNft}.`, {
      code: AgentNftNotDeployedError.code,
      details: "Reading it returned no data: the address has no code on this chain. Check `agentNft` and the chain.",
      ...(cause === undefined ? {} : { cause: cause as Error }),
    });
    this.agentNft = agentNft;
  }
}

/** The action signs or sends and there is no account. */
export class InftAccountRequiredError extends BaseError {
  static override readonly code = 5006;
  static override readonly description = "The action signs or sends a transaction, and neither the client nor the parameters have an account.";
  override name = "InftAccountRequiredError";
  constructor({ action }: { action: string }) {
    super(`${action} needs an account.`, {
      code: InftAccountRequiredError.code,
      details: "Use a wallet client with an account (createWalletClient({ account, ... })) or pass `account`.",
    });
  }
}

/** No key to encrypt to or decrypt with was given, and none can be taken from the account. */
export class EncryptionKeyRequiredError extends BaseError {
  static override readonly code = 5007;
  static override readonly description =
    "An INFT encryption key is needed: pass `encryptionKey` (a secp256k1 private key: your account's own, or one from getEncryptionKey) or, to encrypt for someone, `publicKey`.";
  override name = "EncryptionKeyRequiredError";
  readonly action: string;
  constructor({ action, need }: { action: string; need: "private" | "public" }) {
    super(`${action} needs ${need === "private" ? "an encryption key (a private key)" : "the holder's public key"}.`, {
      code: EncryptionKeyRequiredError.code,
      details:
        need === "private"
          ? "Pass `encryptionKey`: the private key the agent's data key is sealed to (your account's own key, or the key getEncryptionKey(client) derives from a wallet signature). viem accounts do not expose their key."
          : "Pass `publicKey` (the receiving holder's key) or `encryptionKey`; a local account (privateKeyToAccount, mnemonicToAccount) provides its own.",
    });
    this.action = action;
  }
}

/** The wallet signed the encryption-key message twice with different signatures. */
export class NonDeterministicSignatureError extends BaseError {
  static override readonly code = 5008;
  static override readonly description =
    "The wallet's signatures are not deterministic (RFC 6979): a key derived from them would change every time, so it cannot be an encryption key.";
  override name = "NonDeterministicSignatureError";
  constructor({ address }: { address: string }) {
    super(`The wallet of ${address} signs the same message differently each time.`, {
      code: NonDeterministicSignatureError.code,
      details: "Use a wallet with deterministic ECDSA signatures (MetaMask, Ledger, viem local accounts) or pass a private key as `encryptionKey`.",
    });
  }
}

/** The token does not exist. */
export class TokenNotFoundError extends BaseError {
  static override readonly code = 5010;
  static override readonly description = "The AgentNFT has no token with this id.";
  override name = "TokenNotFoundError";
  readonly tokenId: bigint;
  constructor({ tokenId, agentNft }: { tokenId: bigint; agentNft: string }) {
    super(`Token ${tokenId} does not exist.`, { code: TokenNotFoundError.code, metaMessages: [`AgentNFT: ${agentNft}`] });
    this.tokenId = tokenId;
  }
}

/** The account neither holds the token nor is approved for it. */
export class NotTokenHolderError extends BaseError {
  static override readonly code = 5011;
  static override readonly description = "Only the token's holder (or an address it approved, for transfers) may do this.";
  override name = "NotTokenHolderError";
  readonly tokenId: bigint;
  readonly account: string;
  readonly holder: string;
  constructor({ tokenId, account, holder, action }: { tokenId: bigint; account: string; holder: string; action: string }) {
    super(`${account} does not hold token ${tokenId}.`, {
      code: NotTokenHolderError.code,
      details: `${action} is for the token's holder, ${holder}${action === "transferAgent" || action === "cloneAgent" ? ", or an address it approved" : ""}.`,
    });
    this.tokenId = tokenId;
    this.account = account;
    this.holder = holder;
  }
}

/** The user neither holds the token nor is among its authorised users. */
export class NotAuthorizedError extends BaseError {
  static override readonly code = 5012;
  static override readonly description = "The user neither holds the token nor is among its authorised users (authorizeUsage).";
  override name = "NotAuthorizedError";
  readonly tokenId: bigint;
  readonly user: string;
  constructor({ tokenId, user, cause }: { tokenId: bigint; user: string; cause?: unknown }) {
    super(`${user} may not use token ${tokenId}.`, {
      code: NotAuthorizedError.code,
      details: "It neither holds the token nor is among its authorised users; the holder can add it with authorizeUsage.",
      ...(cause === undefined ? {} : { cause }),
    });
    this.tokenId = tokenId;
    this.user = user;
  }
}

/** An agent's encrypted data could not be fetched from 0G Storage. */
export class AgentDataUnavailableError extends BaseError {
  static override readonly code = 5013;
  static override readonly description = "An agent's encrypted metadata could not be downloaded from 0G Storage (unknown root, no node serves it, or the network failed).";
  override name = "AgentDataUnavailableError";
  readonly dataHash: string;
  constructor({ dataHash, cause }: { dataHash: string; cause?: unknown }) {
    super(`The agent data ${dataHash} is not available on 0G Storage.`, { code: AgentDataUnavailableError.code, ...(cause === undefined ? {} : { cause }) });
    this.dataHash = dataHash;
  }
}

/** The bytes served for a data hash are not the bytes the hash commits to. */
export class DataHashMismatchError extends BaseError {
  static override readonly code = 5014;
  static override readonly description =
    "The agent data served for a token's data hash does not match it (its storage root): it was tampered with or corrupted, and is not used.";
  override name = "DataHashMismatchError";
  readonly dataHash: string;
  readonly actual: string | undefined;
  constructor({ dataHash, actual, cause }: { dataHash: string; actual?: string | undefined; cause?: unknown }) {
    super(`The data served for ${dataHash} does not match the hash.`, {
      code: DataHashMismatchError.code,
      ...(actual === undefined ? {} : { details: `Its storage root is ${actual}.` }),
      ...(cause === undefined ? {} : { cause }),
    });
    this.dataHash = dataHash;
    this.actual = actual;
  }
}

/** A transfer or clone without the receiver's access proofs. */
export class AccessProofRequiredError extends BaseError {
  static override readonly code = 5020;
  static override readonly description =
    "A transfer or clone needs the receiver's access proofs (createAccessProof, signed by the receiver or its delegate), or a `receiver` account to sign them.";
  override name = "AccessProofRequiredError";
  constructor({ to }: { to: string }) {
    super(`No access proof of the receiver ${to}.`, {
      code: AccessProofRequiredError.code,
      details: "The receiver (or its delegate) signs them with createAccessProof(receiverClient, { tokenId }); pass them as `accessProofs`, or pass `receiver` (its account) to sign here.",
    });
  }
}

/** An access proof that the oracle or the contract would refuse. */
export class InvalidAccessProofError extends BaseError {
  static override readonly code = 5021;
  static override readonly description =
    "An access proof is not valid for this transfer: wrong data hash, not signed by the receiver or its delegate, malformed nonce, or one per data entry is missing.";
  override name = "InvalidAccessProofError";
  readonly index: number | undefined;
  readonly reason: string;
  constructor({ index, reason }: { index?: number | undefined; reason: string }) {
    super(index === undefined ? "Invalid access proofs." : `Access proof ${index} is not valid.`, { code: InvalidAccessProofError.code, details: reason });
    this.index = index;
    this.reason = reason;
  }
}

/** The public key given for the receiver is not the receiver's. */
export class ReceiverKeyMismatchError extends BaseError {
  static override readonly code = 5022;
  static override readonly description =
    "The receiver's public key given for a transfer is not the key of the receiver's address (to seal to another key, the receiver names it in its access proofs).";
  override name = "ReceiverKeyMismatchError";
  constructor({ to, keyAddress }: { to: string; keyAddress: string }) {
    super(`receiverPublicKey is the key of ${keyAddress}, not of the receiver ${to}.`, {
      code: ReceiverKeyMismatchError.code,
      details: "Without a targetPubkey in the access proofs the data key is sealed to the receiver's own Ethereum key; a key of any other address would leave the receiver unable to open its agent.",
    });
  }
}

/** How an oracle could not be reached. */
export type OracleUnavailableReason = "connection" | "timeout" | "status";

/** The oracle did not answer (connection refused or reset, timeout, a gateway error). */
export class OracleUnavailableError extends BaseError {
  static override readonly code = 5030;
  static override readonly description = "The INFT re-encryption oracle could not be reached: connection refused or reset, timeout, or a gateway error. Nothing was changed.";
  override name = "OracleUnavailableError";
  readonly url: string;
  readonly reason: OracleUnavailableReason;
  constructor({ url, reason, status, timeout, cause }: { url: string; reason: OracleUnavailableReason; status?: number; timeout?: number | undefined; cause?: unknown }) {
    super(reason === "timeout" ? "The INFT oracle did not answer in time." : "The INFT oracle is unavailable.", {
      code: OracleUnavailableError.code,
      metaMessages: [`URL: ${url}`],
      ...(reason === "timeout" ? { details: `No answer within ${timeout} ms.` } : reason === "status" ? { details: `HTTP ${status} without an oracle answer.` } : {}),
      ...(cause === undefined ? {} : { cause }),
    });
    this.url = url;
    this.reason = reason;
  }
}

/** The oracle refused the request; `oracleCode` says why. */
export class OracleRequestError extends BaseError {
  static override readonly code = 5031;
  static override readonly description =
    "The INFT oracle refused the request (`oracleCode`: bad_signature, not_holder, not_authorized, stale_data, expired, bad_access_proof, receiver_key_unknown, data_unavailable, not_sealed_to_oracle, data_corrupt, ...). Nothing was changed.";
  override name = "OracleRequestError";
  readonly url: string;
  readonly status: number;
  /** The protocol's reason (`OracleErrorCode`); undefined when the answer had no protocol error body. */
  readonly oracleCode: OracleErrorCode | undefined;
  readonly oracleMessage: string;
  constructor({ url, status, oracleCode, oracleMessage }: { url: string; status: number; oracleCode: OracleErrorCode | undefined; oracleMessage: string }) {
    super(`The INFT oracle refused the request${oracleCode ? ` (${oracleCode})` : ""}.`, {
      code: OracleRequestError.code,
      metaMessages: [`URL: ${url}`, `Status: ${status}`],
      details: oracleMessage || `HTTP ${status}`,
    });
    this.url = url;
    this.status = status;
    this.oracleCode = oracleCode;
    this.oracleMessage = oracleMessage;
  }
}

/** The oracle's answer is not the protocol's shape. */
export class InvalidOracleResponseError extends BaseError {
  static override readonly code = 5032;
  static override readonly description = "The INFT oracle answered with a body that is not the protocol's (not JSON, or fields missing or malformed).";
  override name = "InvalidOracleResponseError";
  readonly url: string;
  constructor({ url, reason }: { url: string; reason: string }) {
    super("The INFT oracle's answer is malformed.", { code: InvalidOracleResponseError.code, metaMessages: [`URL: ${url}`], details: reason });
    this.url = url;
  }
}

/** The oracle's proofs do not prove what the transfer needs: it is lying or broken. */
export class InvalidOracleProofError extends BaseError {
  static override readonly code = 5033;
  static override readonly description =
    "The oracle's ownership proofs are not valid: not signed by the Verifier's TEE oracle, not committing the returned data hashes and operator, or the new data not sealed as claimed. Nothing was sent.";
  override name = "InvalidOracleProofError";
  readonly index: number | undefined;
  readonly reason: string;
  constructor({ index, reason, cause }: { index?: number | undefined; reason: string; cause?: unknown }) {
    super(index === undefined ? "The oracle's answer does not prove the transfer." : `The oracle's proof ${index} is not valid.`, {
      code: InvalidOracleProofError.code,
      details: reason,
      ...(cause === undefined ? {} : { cause }),
    });
    this.index = index;
    this.reason = reason;
  }
}

/** The oracle at the URL is not the one the chain trusts (or does not serve this contract). */
export class OracleMismatchError extends BaseError {
  static override readonly code = 5034;
  static override readonly description =
    "The oracle at the URL is not the one the AgentNFT's Verifier trusts (`teeOracleAddress`), or it does not serve this AgentNFT: data sealed to it could never be transferred.";
  override name = "OracleMismatchError";
  constructor({ url, reason }: { url: string; reason: string }) {
    super("The INFT oracle does not match the chain.", { code: OracleMismatchError.code, metaMessages: [`URL: ${url}`], details: reason });
  }
}

/** An INFT contract transaction could not be sent (it would revert), or reverted. */
export class InftTransactionError extends BaseError {
  static override readonly code = 5040;
  static override readonly description =
    "An INFT contract transaction failed: simulating it reverted (nothing was sent), or it reverted on chain. `reason` is the contract's error name.";
  override name = "InftTransactionError";
  readonly functionName: string;
  readonly reason: string | undefined;
  readonly args: readonly unknown[];
  readonly transactionHash: Hex | undefined;
  constructor({
    functionName,
    reason,
    args = [],
    transactionHash,
    cause,
  }: { functionName: string; reason?: string | undefined; args?: readonly unknown[]; transactionHash?: Hex | undefined; cause?: unknown }) {
    super(transactionHash === undefined ? `${functionName} would fail${reason ? `: ${reason}` : ""}.` : `${functionName} reverted${reason ? `: ${reason}` : ""}.`, {
      code: InftTransactionError.code,
      ...(transactionHash === undefined ? {} : { metaMessages: [`Transaction: ${transactionHash}`] }),
      ...(cause === undefined ? {} : { cause }),
    });
    this.functionName = functionName;
    this.reason = reason;
    this.args = args;
    this.transactionHash = transactionHash;
  }
}

/** The account is neither the token's holder nor its agent operator. */
export class NotAgentControllerError extends BaseError {
  static override readonly code = 5041;
  static override readonly description =
    "Only the token's current holder and its current agent operator (the agent key's address, rotated by every transfer) may act through the agent account.";
  override name = "NotAgentControllerError";
  readonly tokenId: bigint;
  readonly account: string;
  constructor({ tokenId, account, holder, operator }: { tokenId: bigint; account: string; holder: string; operator: string }) {
    super(`${account} may not act for the agent of token ${tokenId}.`, {
      code: NotAgentControllerError.code,
      details: `Its account acts for the holder ${holder} and the agent operator ${operator}; a previous holder's copy of an old agent key no longer works.`,
    });
    this.tokenId = tokenId;
    this.account = account;
  }
}

/** Every error class of `@0g/inft`. */
export const inftErrorClasses = [
  InvalidEnvelopeError,
  DecryptionFailedError,
  NotARecipientError,
  InvalidPublicKeyError,
  InvalidAgentMetadataError,
  InftContractNotFoundError,
  AgentNftNotDeployedError,
  InftAccountRequiredError,
  EncryptionKeyRequiredError,
  NonDeterministicSignatureError,
  TokenNotFoundError,
  NotTokenHolderError,
  NotAuthorizedError,
  AgentDataUnavailableError,
  DataHashMismatchError,
  AccessProofRequiredError,
  InvalidAccessProofError,
  ReceiverKeyMismatchError,
  OracleUnavailableError,
  OracleRequestError,
  InvalidOracleResponseError,
  InvalidOracleProofError,
  OracleMismatchError,
  InftTransactionError,
  NotAgentControllerError,
] as const;

/**
 * Every error of `@0g/inft` with its stable code and description (5000-5999).
 *
 * @example
 * import { inftErrors } from "@0g/inft";
 * inftErrors.find((e) => e.code === 5001); // { name: "DecryptionFailedError", ... }
 */
export const inftErrors = /*#__PURE__*/ describeErrors(inftErrorClasses);
