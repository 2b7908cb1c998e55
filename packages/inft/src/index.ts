// The public API of @0g/inft: explicit named exports only (index.test.ts snapshots this list).

// Errors
export {
  DecryptionFailedError,
  InvalidAgentMetadataError,
  InvalidEnvelopeError,
  InvalidPublicKeyError,
  NotARecipientError,
  inftErrorClasses,
  inftErrors,
} from "./errors.js";

// Agent metadata: what the envelope holds
export { agentKeyAddress, agentMetadataVersion, decodeAgentMetadata, encodeAgentMetadata, generateAgentKey } from "./agent/metadata.js";
export type { AgentMetadata } from "./agent/metadata.js";

// Encryption: the metadata envelope and ECIES
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
export { accessNonce, ownershipNonce, parseOwnershipNonce } from "./oracle/protocol.js";
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
