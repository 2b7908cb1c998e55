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

// Errors of the client actions (4100-4199)
export {
  AcknowledgementRevokeError,
  ChatIdNotFoundError,
  ComputeAccountRequiredError,
  ComputeContractNotFoundError,
  ComputeServiceNotRegisteredError,
  ComputeTransactionError,
  InsufficientLedgerBalanceError,
  LedgerExistsError,
  LedgerNotEmptyError,
  LedgerNotFoundError,
  MinimumLedgerBalanceError,
  MinimumTransferError,
  ProviderAccountNotFoundError,
  ProviderInsufficientBalanceError,
  ProviderRequestError,
  ProviderTokenExpiredError,
  ProviderTokenRevokedError,
  ProviderUnreachableError,
  ResponseIncompleteError,
  ResponseSignatureUnavailableError,
  ServiceNotFoundError,
  ServiceNotVerifiableError,
  SubAccountNotFoundError,
} from "./errors.js";
export type { ComputeContractName, ProviderUnreachableReason } from "./errors.js";

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

// Fine-tuning
export {
  FineTunedModelDecryptionError,
  FineTuningDeliverableNotAcknowledgedError,
  FineTuningDeliverableNotFoundError,
  FineTuningInsufficientBalanceError,
  FineTuningModelNotFoundError,
  FineTuningSecretUnavailableError,
  FineTuningServiceNotFoundError,
  FineTuningTaskFailedError,
  FineTuningTaskNotCancellableError,
  FineTuningTaskNotFoundError,
  FineTuningTimeoutError,
} from "./errors.js";
export type { FineTunedModelDecryptionReason } from "./errors.js";
export { fineTuningProgressStates } from "./fineTuning/types.js";
export type {
  FineTuningModel,
  FineTuningProgress,
  FineTuningTask,
  FineTuningTaskJson,
  FineTuningTaskRequest,
} from "./fineTuning/types.js";
export { fineTuningMockModel, fineTuningPredefinedModels } from "./fineTuning/models.js";
export {
  fineTuningCancelHash,
  fineTuningDownloadHash,
  fineTuningTaskNonce,
  fineTuningTaskRequestHash,
  parseFineTuningTask,
  recoverFineTuningTaskRequest,
  signFineTuningTaskRequest,
} from "./fineTuning/request.js";
export { eciesDecrypt, eciesEncrypt } from "./fineTuning/crypto/ecies.js";
export {
  decryptModelWithSecret,
  encryptModelWithSecret,
  modelChunkSize,
  modelIvLength,
  modelTagLength,
  modelTagSignatureLength,
} from "./fineTuning/crypto/model.js";
export type { DecryptModelParameters, EncryptModelParameters, ModelTagSigner } from "./fineTuning/crypto/model.js";
export type { FineTuningDeliverable, FineTuningQuota, FineTuningService, ProviderHttpOptions } from "./fineTuning/service.js";
export { listFineTuningServices } from "./fineTuning/listFineTuningServices.js";
export type {
  ListFineTuningServicesErrorType,
  ListFineTuningServicesParameters,
  ListFineTuningServicesReturnType,
} from "./fineTuning/listFineTuningServices.js";
export { listFineTuningModels } from "./fineTuning/listFineTuningModels.js";
export type {
  ListFineTuningModelsErrorType,
  ListFineTuningModelsParameters,
  ListFineTuningModelsReturnType,
} from "./fineTuning/listFineTuningModels.js";
export { createFineTuningTask } from "./fineTuning/createFineTuningTask.js";
export type {
  CreateFineTuningTaskErrorType,
  CreateFineTuningTaskParameters,
  CreateFineTuningTaskReturnType,
} from "./fineTuning/createFineTuningTask.js";
export { getFineTuningTask } from "./fineTuning/getFineTuningTask.js";
export type { GetFineTuningTaskErrorType, GetFineTuningTaskParameters, GetFineTuningTaskReturnType } from "./fineTuning/getFineTuningTask.js";
export { listFineTuningTasks } from "./fineTuning/listFineTuningTasks.js";
export type { ListFineTuningTasksErrorType, ListFineTuningTasksParameters, ListFineTuningTasksReturnType } from "./fineTuning/listFineTuningTasks.js";
export { cancelFineTuningTask } from "./fineTuning/cancelFineTuningTask.js";
export type {
  CancelFineTuningTaskErrorType,
  CancelFineTuningTaskParameters,
  CancelFineTuningTaskReturnType,
} from "./fineTuning/cancelFineTuningTask.js";
export { getFineTuningTaskLog } from "./fineTuning/getFineTuningTaskLog.js";
export type {
  GetFineTuningTaskLogErrorType,
  GetFineTuningTaskLogParameters,
  GetFineTuningTaskLogReturnType,
} from "./fineTuning/getFineTuningTaskLog.js";
export { getFineTuningDeliverable } from "./fineTuning/getFineTuningDeliverable.js";
export type {
  GetFineTuningDeliverableErrorType,
  GetFineTuningDeliverableParameters,
  GetFineTuningDeliverableReturnType,
} from "./fineTuning/getFineTuningDeliverable.js";
export { waitForFineTuningDeliverable } from "./fineTuning/waitForFineTuningDeliverable.js";
export type {
  WaitForFineTuningDeliverableErrorType,
  WaitForFineTuningDeliverableParameters,
  WaitForFineTuningDeliverableReturnType,
} from "./fineTuning/waitForFineTuningDeliverable.js";
export { acknowledgeFineTuningDeliverable } from "./fineTuning/acknowledgeFineTuningDeliverable.js";
export type {
  AcknowledgeFineTuningDeliverableErrorType,
  AcknowledgeFineTuningDeliverableParameters,
  AcknowledgeFineTuningDeliverableReturnType,
} from "./fineTuning/acknowledgeFineTuningDeliverable.js";
export { downloadFineTunedModel } from "./fineTuning/downloadFineTunedModel.js";
export type {
  DownloadFineTunedModelErrorType,
  DownloadFineTunedModelParameters,
  DownloadFineTunedModelReturnType,
} from "./fineTuning/downloadFineTunedModel.js";
export { decryptFineTunedModel } from "./fineTuning/decryptFineTunedModel.js";
export type {
  DecryptFineTunedModelErrorType,
  DecryptFineTunedModelParameters,
  DecryptFineTunedModelReturnType,
} from "./fineTuning/decryptFineTunedModel.js";

// Client actions: `action(client, parameters)`, bound by `client.extend(computeActions())`
export { computeActions } from "./decorators.js";
export type { ComputeActions, ComputeActionsParameters } from "./decorators.js";
export type { ComputeContracts, ComputeContractsParameter } from "./client/contracts.js";
export type { AccountParameter } from "./client/account.js";
export type { ComputeServiceKind } from "./client/read.js";
export type { ComputeWriteReturnType } from "./client/transaction.js";
export type { ComputeService } from "./client/service.js";
export type { FetchFn, ProviderErrorType } from "./client/http.js";
export { minimumLedgerBalance, minimumTransferAmount, providerMinimumLockedBalance } from "./client/constants.js";
export { getResponseVerification } from "./client/verification.js";
export type { ResponseVerification, ResponseVerificationErrorType } from "./client/verification.js";
// Ledger
export { getLedger } from "./actions/getLedger.js";
export type { GetLedgerErrorType, GetLedgerParameters, GetLedgerReturnType } from "./actions/getLedger.js";
export { addLedger } from "./actions/addLedger.js";
export type { AddLedgerErrorType, AddLedgerParameters, AddLedgerReturnType } from "./actions/addLedger.js";
export { depositFund } from "./actions/depositFund.js";
export type { DepositFundErrorType, DepositFundParameters, DepositFundReturnType } from "./actions/depositFund.js";
export { depositFundFor } from "./actions/depositFundFor.js";
export type { DepositFundForErrorType, DepositFundForParameters, DepositFundForReturnType } from "./actions/depositFundFor.js";
export { transferFund } from "./actions/transferFund.js";
export type { TransferFundErrorType, TransferFundParameters, TransferFundReturnType } from "./actions/transferFund.js";
export { retrieveFund } from "./actions/retrieveFund.js";
export type { RetrieveFundErrorType, RetrieveFundParameters, RetrieveFundReturnType } from "./actions/retrieveFund.js";
export { getPendingRefunds } from "./actions/getPendingRefunds.js";
export type { GetPendingRefundsErrorType, GetPendingRefundsParameters, GetPendingRefundsReturnType, PendingRefund } from "./actions/getPendingRefunds.js";
export { refund } from "./actions/refund.js";
export type { RefundErrorType, RefundParameters, RefundReturnType } from "./actions/refund.js";
export { deleteLedger } from "./actions/deleteLedger.js";
export type { DeleteLedgerErrorType, DeleteLedgerParameters, DeleteLedgerReturnType } from "./actions/deleteLedger.js";
export { getProvidersWithBalance } from "./actions/getProvidersWithBalance.js";
export type {
  GetProvidersWithBalanceErrorType,
  GetProvidersWithBalanceParameters,
  GetProvidersWithBalanceReturnType,
} from "./actions/getProvidersWithBalance.js";
// Sub-accounts
export { getSubAccount } from "./actions/getSubAccount.js";
export type { GetSubAccountErrorType, GetSubAccountParameters, GetSubAccountReturnType } from "./actions/getSubAccount.js";
export { acknowledgeTeeSigner } from "./actions/acknowledgeTeeSigner.js";
export type { AcknowledgeTeeSignerErrorType, AcknowledgeTeeSignerParameters, AcknowledgeTeeSignerReturnType } from "./actions/acknowledgeTeeSigner.js";
export { revokeTeeSignerAcknowledgement } from "./actions/revokeTeeSignerAcknowledgement.js";
export type {
  RevokeTeeSignerAcknowledgementErrorType,
  RevokeTeeSignerAcknowledgementParameters,
  RevokeTeeSignerAcknowledgementReturnType,
} from "./actions/revokeTeeSignerAcknowledgement.js";
// Services
export { listServices } from "./actions/listServices.js";
export type { ListServicesErrorType, ListServicesParameters, ListServicesReturnType } from "./actions/listServices.js";
export { getService } from "./actions/getService.js";
export type { GetServiceErrorType, GetServiceParameters, GetServiceReturnType } from "./actions/getService.js";
export { getServiceMetadata } from "./actions/getServiceMetadata.js";
export type { GetServiceMetadataErrorType, GetServiceMetadataParameters, GetServiceMetadataReturnType } from "./actions/getServiceMetadata.js";
export { getProviderModels } from "./actions/getProviderModels.js";
export type { GetProviderModelsErrorType, GetProviderModelsParameters, GetProviderModelsReturnType, ProviderModel } from "./actions/getProviderModels.js";
// Session tokens and API keys
export { getRequestHeaders } from "./actions/getRequestHeaders.js";
export type { GetRequestHeadersErrorType, GetRequestHeadersParameters, GetRequestHeadersReturnType } from "./actions/getRequestHeaders.js";
export { createApiKey } from "./actions/createApiKey.js";
export type { CreateApiKeyErrorType, CreateApiKeyParameters, CreateApiKeyReturnType } from "./actions/createApiKey.js";
export { revokeApiKey } from "./actions/revokeApiKey.js";
export type { RevokeApiKeyErrorType, RevokeApiKeyParameters, RevokeApiKeyReturnType } from "./actions/revokeApiKey.js";
export { revokeAllTokens } from "./actions/revokeAllTokens.js";
export type { RevokeAllTokensErrorType, RevokeAllTokensParameters, RevokeAllTokensReturnType } from "./actions/revokeAllTokens.js";
// Requests and verification
export { createProviderFetch } from "./actions/createProviderFetch.js";
export type { CreateProviderFetchParameters, ProviderFetch } from "./actions/createProviderFetch.js";
export { createOpenAIOptions } from "./actions/createOpenAIOptions.js";
export type { CreateOpenAIOptionsErrorType, CreateOpenAIOptionsParameters, CreateOpenAIOptionsReturnType } from "./actions/createOpenAIOptions.js";
export { verifyResponse } from "./actions/verifyResponse.js";
export type { VerifyResponseErrorType, VerifyResponseParameters, VerifyResponseReturnType } from "./actions/verifyResponse.js";
// Funding and settlement
export { topUpProvider } from "./actions/topUpProvider.js";
export type { TopUpProviderErrorType, TopUpProviderParameters, TopUpProviderReturnType } from "./actions/topUpProvider.js";
export { getUnsettledFee } from "./actions/getUnsettledFee.js";
export type { GetUnsettledFeeErrorType, GetUnsettledFeeParameters } from "./actions/getUnsettledFee.js";
export { getSettlementStatus } from "./actions/getSettlementStatus.js";
export type {
  GetSettlementStatusErrorType,
  GetSettlementStatusParameters,
  GetSettlementStatusReturnType,
  SettlementResult,
} from "./actions/getSettlementStatus.js";
