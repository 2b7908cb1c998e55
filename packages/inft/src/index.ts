// The public API of @0g/inft: explicit named exports only (index.test.ts snapshots this list).

// Errors
export {
  AccessProofRequiredError,
  AgentDataUnavailableError,
  DataHashMismatchError,
  DecryptionFailedError,
  EncryptionKeyRequiredError,
  InftAccountRequiredError,
  InftContractNotFoundError,
  AgentNftNotDeployedError,
  InftTransactionError,
  InvalidAccessProofError,
  InvalidAgentMetadataError,
  InvalidEnvelopeError,
  InvalidOracleProofError,
  InvalidOracleResponseError,
  InvalidPublicKeyError,
  NonDeterministicSignatureError,
  NotAgentControllerError,
  NotARecipientError,
  NotAuthorizedError,
  NotTokenHolderError,
  OracleMismatchError,
  OracleRequestError,
  OracleUnavailableError,
  ReceiverKeyMismatchError,
  TokenNotFoundError,
  inftErrorClasses,
  inftErrors,
} from "./errors.js";
export type { InftContractName, OracleUnavailableReason } from "./errors.js";

// Actions: one per file, `action(client, parameters)`, and the decorator that binds them
export { inftActions } from "./decorators.js";
export type { InftActions, InftActionsParameters } from "./decorators.js";
export { mintAgent } from "./actions/mintAgent.js";
export type { MintAgentErrorType, MintAgentParameters, MintAgentReturnType } from "./actions/mintAgent.js";
export { loadAgent } from "./actions/loadAgent.js";
export type { LoadAgentErrorType, LoadAgentParameters, LoadAgentReturnType, LoadAgentVia, LoadedAgentEntry } from "./actions/loadAgent.js";
export { getAgent } from "./actions/getAgent.js";
export type { GetAgentErrorType, GetAgentParameters, GetAgentReturnType } from "./actions/getAgent.js";
export { createAccessProof } from "./actions/createAccessProof.js";
export type { CreateAccessProofErrorType, CreateAccessProofParameters, CreateAccessProofReturnType } from "./actions/createAccessProof.js";
export { transferAgent } from "./actions/transferAgent.js";
export type { TransferAgentErrorType, TransferAgentParameters, TransferAgentReturnType } from "./actions/transferAgent.js";
export { cloneAgent } from "./actions/cloneAgent.js";
export type { CloneAgentErrorType, CloneAgentParameters, CloneAgentReturnType } from "./actions/cloneAgent.js";
export { updateAgent } from "./actions/updateAgent.js";
export type { UpdateAgentErrorType, UpdateAgentParameters, UpdateAgentReturnType } from "./actions/updateAgent.js";
export { authorizeUsage } from "./actions/authorizeUsage.js";
export type { AuthorizeUsageErrorType, AuthorizeUsageParameters, AuthorizeUsageReturnType } from "./actions/authorizeUsage.js";
export { revokeAuthorization } from "./actions/revokeAuthorization.js";
export type { RevokeAuthorizationErrorType, RevokeAuthorizationParameters, RevokeAuthorizationReturnType } from "./actions/revokeAuthorization.js";
export { getAuthorizedUsers } from "./actions/getAuthorizedUsers.js";
export type { GetAuthorizedUsersErrorType, GetAuthorizedUsersParameters, GetAuthorizedUsersReturnType } from "./actions/getAuthorizedUsers.js";
export { delegateAccess } from "./actions/delegateAccess.js";
export type { DelegateAccessErrorType, DelegateAccessParameters, DelegateAccessReturnType } from "./actions/delegateAccess.js";
export { getAgentAccount } from "./actions/getAgentAccount.js";
export type { GetAgentAccountErrorType, GetAgentAccountParameters, GetAgentAccountReturnType } from "./actions/getAgentAccount.js";
export { agentAccountExecute } from "./actions/agentAccountExecute.js";
export type { AgentAccountExecuteErrorType, AgentAccountExecuteParameters, AgentAccountExecuteReturnType } from "./actions/agentAccountExecute.js";
export { agentOperatorAccount } from "./actions/agentOperatorAccount.js";
export { getOracleInfo } from "./actions/getOracleInfo.js";
export type { GetOracleInfoErrorType, GetOracleInfoParameters, GetOracleInfoReturnType } from "./actions/getOracleInfo.js";
export { getEncryptionKey } from "./actions/getEncryptionKey.js";
export type { GetEncryptionKeyErrorType, GetEncryptionKeyParameters, GetEncryptionKeyReturnType } from "./actions/getEncryptionKey.js";
export type { AccountParameter, InftClient } from "./client/account.js";
export type { InftContractsParameter } from "./client/contracts.js";
export type { EncryptionKeyParameter } from "./client/keys.js";
export type { FetchFn, OracleHttpParameters } from "./client/oracle.js";
export type { IntelligentData } from "./client/read.js";
export type { InftStorageParameter } from "./client/storage.js";
export type { MoveAgentParameters, MoveAgentReturnType, ReceiverSigner } from "./client/transfer.js";
export type { InftWriteReturnType } from "./client/transaction.js";

// Agent metadata: what the envelope holds
export { agentKeyAddress, agentMetadataVersion, decodeAgentMetadata, encodeAgentMetadata, generateAgentKey } from "./agent/metadata.js";
export type { AgentMetadata } from "./agent/metadata.js";

// Encryption: the metadata envelope and ECIES
export { deriveEncryptionKey, encryptionKeyMessage } from "./crypto/deriveKey.js";
export type { MetadataCipher } from "./crypto/cipher.js";
export { decryptEnvelope, encryptEnvelope, maxEnvelopeRecipients, openEnvelopeKey, parseEnvelope } from "./crypto/envelope.js";
export type { EncryptEnvelopeParameters, EnvelopeRecipient, MetadataEnvelope } from "./crypto/envelope.js";
export {
  eciesDecrypt,
  eciesEncrypt,
  eciesOverhead,
  publicKeyAddress,
  publicKeyOf,
  sealedKeyHash,
  toRawPublicKey,
  toUncompressedPublicKey,
} from "./crypto/ecies.js";

// ERC-7857 proofs
export {
  accessProofMessage,
  oracleType,
  ownershipProofMessage,
  recoverAccessProofSigner,
  recoverOwnershipProofSigner,
  signAccessProof,
  signOwnershipProof,
} from "./proof/proofs.js";
export type { AccessProof, MessageSigner, OwnershipProof, TransferValidityProof } from "./proof/proofs.js";

// The re-encryption oracle: its HTTP protocol, request signing, and what it does inside its TEE
export { accessNonce, accessNonceMaxClockSkew, ownershipNonce, parseAccessNonce, parseOwnershipNonce } from "./oracle/protocol.js";
export type {
  OracleAccessRequest,
  OracleAccessResponse,
  OracleErrorBody,
  OracleErrorCode,
  OracleInfo,
  OracleTransferRequest,
  OracleTransferResponse,
} from "./oracle/protocol.js";
export {
  oracleRequestDomain,
  oracleRequestTypes,
  recoverAccessRequestSigner,
  recoverTransferRequestSigner,
  signAccessRequest,
  signTransferRequest,
} from "./oracle/requests.js";
export type { AccessRequestMessage, TransferRequestMessage, TypedDataSigner } from "./oracle/requests.js";
export { reencryptAgent } from "./oracle/reencrypt.js";
export type { ReencryptAgentParameters, ReencryptAgentReturnType } from "./oracle/reencrypt.js";
