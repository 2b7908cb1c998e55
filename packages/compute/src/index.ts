// The public API of @0g/compute: explicit named exports only (index.test.ts snapshots this list).

// Errors
export {
  AuthorizationEncodingError,
  AuthorizationHeaderError,
  AuthorizationPayloadError,
  computeErrors,
  InvalidEphemeralTokenError,
  InvalidResponseSignatureError,
  InvalidSessionTokenSignatureError,
  InvalidUsageError,
  NoAvailableTokenIdError,
  ResponseSignatureFormatError,
  ResponseSignerMismatchError,
  ResponseTextMismatchError,
  ServiceAdditionalInfoError,
  SessionTokenExpiredError,
  SessionTokenFormatError,
  SessionTokenGenerationMismatchError,
  SessionTokenProviderMismatchError,
  SessionTokenRevokedError,
  SessionTokenSignatureFormatError,
} from "./errors.js";
export type { AuthorizationHeaderErrorReason, InvalidEphemeralTokenReason } from "./errors.js";

// Session tokens: `Authorization: Bearer app-sk-...`
export {
  apiKeyPrefix,
  authorizationPrefix,
  ephemeralTokenId,
  ephemeralTokenMaxDuration,
  ephemeralTokenRefreshMargin,
  maxPersistentTokenId,
} from "./token/constants.js";
export type { SessionToken, SessionTokenAccountState, SignedSessionToken } from "./token/types.js";
export { serializeSessionToken, sessionTokenHash } from "./token/serialize.js";
export { parseSessionToken } from "./token/parse.js";
export { createSessionToken, signSessionToken } from "./token/create.js";
export type { CreateSessionTokenParameters, SessionTokenSigner } from "./token/create.js";
export { formatApiKey, formatAuthorization, parseApiKey, parseAuthorization } from "./token/authorization.js";
export { isSessionTokenExpired, verifySessionToken } from "./token/verify.js";
export type {
  VerifySessionTokenErrorType,
  VerifySessionTokenParameters,
  VerifySessionTokenReturnType,
} from "./token/verify.js";
export { findAvailableTokenId, isTokenIdRevoked, revokedTokenIds } from "./token/revocation.js";
export { createSessionTokenCache } from "./token/cache.js";
export type {
  CreateSessionTokenCacheParameters,
  SessionTokenCache,
  SessionTokenCacheGetParameters,
} from "./token/cache.js";

// Response signatures: `GET /v1/proxy/signature/:chatId`
export { bodySha256 } from "./utils/body.js";
export type { Body } from "./utils/body.js";
export type { ResponseSignature } from "./verify/types.js";
export { responseSignatureText } from "./verify/text.js";
export type { ResponseSignatureTextParameters } from "./verify/text.js";
export { signResponse, signResponseText } from "./verify/sign.js";
export type { ResponseSigner, SignResponseParameters } from "./verify/sign.js";
export { parseResponseSignature } from "./verify/parse.js";
export { verifyResponseSignature } from "./verify/verify.js";
export type {
  VerifyResponseSignatureErrorType,
  VerifyResponseSignatureParameters,
  VerifyResponseSignatureReturnType,
} from "./verify/verify.js";
export { chatIdHeader, getChatId } from "./verify/chatId.js";
export type { GetChatIdParameters, ResponseHeaders } from "./verify/chatId.js";

// Usage and fees
export { readStreamUsage, readUsage } from "./usage/usage.js";
export type { ChatUsage } from "./usage/usage.js";
export { computeFee } from "./usage/fee.js";
export type { ComputeFeeParameters } from "./usage/fee.js";

// Settlement
export { hashUserRequests } from "./settlement/requestsHash.js";
export type { SettlementRequest } from "./settlement/requestsHash.js";
export {
  inferenceServingDomainName,
  inferenceServingDomainVersion,
  recoverTeeSettlementSigner,
  signTeeSettlement,
  teeSettlementTypedData,
  teeSettlementTypes,
  toTeeSettlementData,
  verifyTeeSettlementSignature,
} from "./settlement/teeSettlement.js";
export type {
  TeeSettlement,
  TeeSettlementData,
  TeeSettlementDomainParameters,
  TeeSettlementTypedData,
  TeeSettlementTypedDataParameters,
  TypedDataSigner,
} from "./settlement/teeSettlement.js";
export { createSettlementNonceGenerator, nextSettlementNonce } from "./settlement/nonce.js";
export type { SettlementNonceGenerator } from "./settlement/nonce.js";
export { settlementStatus, settlementStatusName, teeSettlementBatchSize } from "./settlement/status.js";
export type { SettlementStatus, SettlementStatusName } from "./settlement/status.js";
export {
  fineTuningServingDomainName,
  fineTuningServingDomainVersion,
  fineTuningVerifierTypedData,
  fineTuningVerifierTypes,
  signFineTuningSettlement,
  toVerifierInput,
  verifyFineTuningSettlementSignature,
} from "./settlement/fineTuning.js";
export type {
  FineTuningVerifierMessage,
  FineTuningVerifierTypedData,
  FineTuningVerifierTypedDataParameters,
  VerifierInput,
} from "./settlement/fineTuning.js";

// Service metadata
export { parseServiceAdditionalInfo, responseSignerAddress } from "./service/additionalInfo.js";
export type { ProviderType, ServiceAdditionalInfo } from "./service/additionalInfo.js";
export { chatSignatureUrl, serviceEndpoint } from "./service/endpoints.js";
