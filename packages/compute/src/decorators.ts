import type { Account, Chain, Client, Transport } from "viem";
import type { ComputeContracts } from "./client/contracts.js";
import type { ComputeWalletClient } from "./client/transaction.js";
import { acknowledgeTeeSigner, type AcknowledgeTeeSignerParameters, type AcknowledgeTeeSignerReturnType } from "./actions/acknowledgeTeeSigner.js";
import { addLedger, type AddLedgerParameters, type AddLedgerReturnType } from "./actions/addLedger.js";
import { createApiKey, type CreateApiKeyParameters, type CreateApiKeyReturnType } from "./actions/createApiKey.js";
import { createOpenAIOptions, type CreateOpenAIOptionsParameters, type CreateOpenAIOptionsReturnType } from "./actions/createOpenAIOptions.js";
import { createProviderFetch, type CreateProviderFetchParameters, type ProviderFetch } from "./actions/createProviderFetch.js";
import { deleteLedger, type DeleteLedgerParameters, type DeleteLedgerReturnType } from "./actions/deleteLedger.js";
import { depositFund, type DepositFundParameters, type DepositFundReturnType } from "./actions/depositFund.js";
import { depositFundFor, type DepositFundForParameters, type DepositFundForReturnType } from "./actions/depositFundFor.js";
import { getLedger, type GetLedgerParameters, type GetLedgerReturnType } from "./actions/getLedger.js";
import { getPendingRefunds, type GetPendingRefundsParameters, type GetPendingRefundsReturnType } from "./actions/getPendingRefunds.js";
import { getProviderModels, type GetProviderModelsParameters, type GetProviderModelsReturnType } from "./actions/getProviderModels.js";
import {
  getProvidersWithBalance,
  type GetProvidersWithBalanceParameters,
  type GetProvidersWithBalanceReturnType,
} from "./actions/getProvidersWithBalance.js";
import { getRequestHeaders, type GetRequestHeadersParameters, type GetRequestHeadersReturnType } from "./actions/getRequestHeaders.js";
import { getService, type GetServiceParameters, type GetServiceReturnType } from "./actions/getService.js";
import { getServiceMetadata, type GetServiceMetadataParameters, type GetServiceMetadataReturnType } from "./actions/getServiceMetadata.js";
import { getSettlementStatus, type GetSettlementStatusParameters, type GetSettlementStatusReturnType } from "./actions/getSettlementStatus.js";
import { getSubAccount, type GetSubAccountParameters, type GetSubAccountReturnType } from "./actions/getSubAccount.js";
import { getUnsettledFee, type GetUnsettledFeeParameters } from "./actions/getUnsettledFee.js";
import { listServices, type ListServicesParameters, type ListServicesReturnType } from "./actions/listServices.js";
import { refund, type RefundParameters, type RefundReturnType } from "./actions/refund.js";
import { retrieveFund, type RetrieveFundParameters, type RetrieveFundReturnType } from "./actions/retrieveFund.js";
import { revokeAllTokens, type RevokeAllTokensParameters, type RevokeAllTokensReturnType } from "./actions/revokeAllTokens.js";
import { revokeApiKey, type RevokeApiKeyParameters, type RevokeApiKeyReturnType } from "./actions/revokeApiKey.js";
import {
  revokeTeeSignerAcknowledgement,
  type RevokeTeeSignerAcknowledgementParameters,
  type RevokeTeeSignerAcknowledgementReturnType,
} from "./actions/revokeTeeSignerAcknowledgement.js";
import { topUpProvider, type TopUpProviderParameters, type TopUpProviderReturnType } from "./actions/topUpProvider.js";
import { transferFund, type TransferFundParameters, type TransferFundReturnType } from "./actions/transferFund.js";
import { verifyResponse, type VerifyResponseParameters, type VerifyResponseReturnType } from "./actions/verifyResponse.js";
import { acknowledgeFineTuningDeliverable, type AcknowledgeFineTuningDeliverableParameters, type AcknowledgeFineTuningDeliverableReturnType } from "./fineTuning/acknowledgeFineTuningDeliverable.js";
import { cancelFineTuningTask, type CancelFineTuningTaskParameters, type CancelFineTuningTaskReturnType } from "./fineTuning/cancelFineTuningTask.js";
import { createFineTuningTask, type CreateFineTuningTaskParameters, type CreateFineTuningTaskReturnType } from "./fineTuning/createFineTuningTask.js";
import { decryptFineTunedModel, type DecryptFineTunedModelParameters, type DecryptFineTunedModelReturnType } from "./fineTuning/decryptFineTunedModel.js";
import { downloadFineTunedModel, type DownloadFineTunedModelParameters, type DownloadFineTunedModelReturnType } from "./fineTuning/downloadFineTunedModel.js";
import { getFineTuningDeliverable, type GetFineTuningDeliverableParameters, type GetFineTuningDeliverableReturnType } from "./fineTuning/getFineTuningDeliverable.js";
import { getFineTuningTask, type GetFineTuningTaskParameters, type GetFineTuningTaskReturnType } from "./fineTuning/getFineTuningTask.js";
import { getFineTuningTaskLog, type GetFineTuningTaskLogParameters, type GetFineTuningTaskLogReturnType } from "./fineTuning/getFineTuningTaskLog.js";
import { listFineTuningModels, type ListFineTuningModelsParameters, type ListFineTuningModelsReturnType } from "./fineTuning/listFineTuningModels.js";
import { listFineTuningServices, type ListFineTuningServicesParameters, type ListFineTuningServicesReturnType } from "./fineTuning/listFineTuningServices.js";
import { listFineTuningTasks, type ListFineTuningTasksParameters, type ListFineTuningTasksReturnType } from "./fineTuning/listFineTuningTasks.js";
import { waitForFineTuningDeliverable, type WaitForFineTuningDeliverableParameters, type WaitForFineTuningDeliverableReturnType } from "./fineTuning/waitForFineTuningDeliverable.js";

/** Defaults that `computeActions()` applies to every call (a call's own parameters win). */
export type ComputeActionsParameters = {
  /** Contract addresses instead of the registry's or the devnet's. */
  contracts?: ComputeContracts | undefined;
};

/** The methods `client.extend(computeActions())` adds; writes and signatures need an account. */
export type ComputeActions = {
  getLedger(parameters?: GetLedgerParameters): Promise<GetLedgerReturnType>;
  addLedger(parameters: AddLedgerParameters): Promise<AddLedgerReturnType>;
  depositFund(parameters: DepositFundParameters): Promise<DepositFundReturnType>;
  depositFundFor(parameters: DepositFundForParameters): Promise<DepositFundForReturnType>;
  transferFund(parameters: TransferFundParameters): Promise<TransferFundReturnType>;
  retrieveFund(parameters?: RetrieveFundParameters): Promise<RetrieveFundReturnType>;
  getPendingRefunds(parameters?: GetPendingRefundsParameters): Promise<GetPendingRefundsReturnType>;
  refund(parameters: RefundParameters): Promise<RefundReturnType>;
  deleteLedger(parameters?: DeleteLedgerParameters): Promise<DeleteLedgerReturnType>;
  getProvidersWithBalance(parameters?: GetProvidersWithBalanceParameters): Promise<GetProvidersWithBalanceReturnType>;
  getSubAccount(parameters: GetSubAccountParameters): Promise<GetSubAccountReturnType>;
  acknowledgeTeeSigner(parameters: AcknowledgeTeeSignerParameters): Promise<AcknowledgeTeeSignerReturnType>;
  revokeTeeSignerAcknowledgement(parameters: RevokeTeeSignerAcknowledgementParameters): Promise<RevokeTeeSignerAcknowledgementReturnType>;
  listServices(parameters?: ListServicesParameters): Promise<ListServicesReturnType>;
  getService(parameters: GetServiceParameters): Promise<GetServiceReturnType>;
  getServiceMetadata(parameters: GetServiceMetadataParameters): Promise<GetServiceMetadataReturnType>;
  getProviderModels(parameters: GetProviderModelsParameters): Promise<GetProviderModelsReturnType>;
  getRequestHeaders(parameters: GetRequestHeadersParameters): Promise<GetRequestHeadersReturnType>;
  createApiKey(parameters: CreateApiKeyParameters): Promise<CreateApiKeyReturnType>;
  revokeApiKey(parameters: RevokeApiKeyParameters): Promise<RevokeApiKeyReturnType>;
  revokeAllTokens(parameters: RevokeAllTokensParameters): Promise<RevokeAllTokensReturnType>;
  createProviderFetch(parameters: CreateProviderFetchParameters): ProviderFetch;
  createOpenAIOptions(parameters: CreateOpenAIOptionsParameters): Promise<CreateOpenAIOptionsReturnType>;
  verifyResponse(parameters: VerifyResponseParameters): Promise<VerifyResponseReturnType>;
  topUpProvider(parameters: TopUpProviderParameters): Promise<TopUpProviderReturnType>;
  getUnsettledFee(parameters: GetUnsettledFeeParameters): Promise<bigint>;
  getSettlementStatus(parameters: GetSettlementStatusParameters): Promise<GetSettlementStatusReturnType>;
  // Fine-tuning
  acknowledgeFineTuningDeliverable(parameters: AcknowledgeFineTuningDeliverableParameters): Promise<AcknowledgeFineTuningDeliverableReturnType>;
  cancelFineTuningTask(parameters: CancelFineTuningTaskParameters): Promise<CancelFineTuningTaskReturnType>;
  createFineTuningTask(parameters: CreateFineTuningTaskParameters): Promise<CreateFineTuningTaskReturnType>;
  decryptFineTunedModel(parameters: DecryptFineTunedModelParameters): Promise<DecryptFineTunedModelReturnType>;
  downloadFineTunedModel(parameters: DownloadFineTunedModelParameters): Promise<DownloadFineTunedModelReturnType>;
  getFineTuningDeliverable(parameters: GetFineTuningDeliverableParameters): Promise<GetFineTuningDeliverableReturnType>;
  getFineTuningTask(parameters: GetFineTuningTaskParameters): Promise<GetFineTuningTaskReturnType>;
  getFineTuningTaskLog(parameters: GetFineTuningTaskLogParameters): Promise<GetFineTuningTaskLogReturnType>;
  listFineTuningModels(parameters?: ListFineTuningModelsParameters): Promise<ListFineTuningModelsReturnType>;
  listFineTuningServices(parameters?: ListFineTuningServicesParameters): Promise<ListFineTuningServicesReturnType>;
  listFineTuningTasks(parameters: ListFineTuningTasksParameters): Promise<ListFineTuningTasksReturnType>;
  waitForFineTuningDeliverable(parameters: WaitForFineTuningDeliverableParameters): Promise<WaitForFineTuningDeliverableReturnType>;
};

/**
 * Binds the compute actions to a viem client: `client.extend(computeActions())`.
 *
 * @example
 * import { createWalletClient, http, parseEther } from "viem";
 * import { computeActions } from "@0g/compute";
 *
 * const client = createWalletClient({ account, chain, transport: http() }).extend(computeActions());
 * await client.depositFund({ amount: parseEther("10") });
 * const [service] = await client.listServices();
 * await client.transferFund({ provider: service.provider, amount: parseEther("2") });
 * const chat = client.createProviderFetch({ provider: service.provider, verify: "strict" });
 */
export function computeActions(defaults: ComputeActionsParameters = {}) {
  const given = defined(defaults);
  return <transport extends Transport, chain extends Chain | undefined, account extends Account | undefined>(
    client: Client<transport, chain, account>,
  ): ComputeActions => {
    const c = client as unknown as ComputeWalletClient;
    const w = <P extends object>(parameters: P | undefined): P => ({ ...given, ...defined(parameters ?? ({} as P)) }) as P;
    return {
      getLedger: (p) => getLedger(c, w(p)),
      addLedger: (p) => addLedger(c, w(p)),
      depositFund: (p) => depositFund(c, w(p)),
      depositFundFor: (p) => depositFundFor(c, w(p)),
      transferFund: (p) => transferFund(c, w(p)),
      retrieveFund: (p) => retrieveFund(c, w(p)),
      getPendingRefunds: (p) => getPendingRefunds(c, w(p)),
      refund: (p) => refund(c, w(p)),
      deleteLedger: (p) => deleteLedger(c, w(p)),
      getProvidersWithBalance: (p) => getProvidersWithBalance(c, w(p)),
      getSubAccount: (p) => getSubAccount(c, w(p)),
      acknowledgeTeeSigner: (p) => acknowledgeTeeSigner(c, w(p)),
      revokeTeeSignerAcknowledgement: (p) => revokeTeeSignerAcknowledgement(c, w(p)),
      listServices: (p) => listServices(c, w(p)),
      getService: (p) => getService(c, w(p)),
      getServiceMetadata: (p) => getServiceMetadata(c, w(p)),
      getProviderModels: (p) => getProviderModels(c, w(p)),
      getRequestHeaders: (p) => getRequestHeaders(c, w(p)),
      createApiKey: (p) => createApiKey(c, w(p)),
      revokeApiKey: (p) => revokeApiKey(c, w(p)),
      revokeAllTokens: (p) => revokeAllTokens(c, w(p)),
      createProviderFetch: (p) => createProviderFetch(c, w(p)),
      createOpenAIOptions: (p) => createOpenAIOptions(c, w(p)),
      verifyResponse: (p) => verifyResponse(c, w(p)),
      topUpProvider: (p) => topUpProvider(c, w(p)),
      getUnsettledFee: (p) => getUnsettledFee(c, w(p)),
      getSettlementStatus: (p) => getSettlementStatus(c, w(p)),
      acknowledgeFineTuningDeliverable: (p) => acknowledgeFineTuningDeliverable(c, w(p)),
      cancelFineTuningTask: (p) => cancelFineTuningTask(c, w(p)),
      createFineTuningTask: (p) => createFineTuningTask(c, w(p)),
      decryptFineTunedModel: (p) => decryptFineTunedModel(c, w(p)),
      downloadFineTunedModel: (p) => downloadFineTunedModel(c, w(p)),
      getFineTuningDeliverable: (p) => getFineTuningDeliverable(c, w(p)),
      getFineTuningTask: (p) => getFineTuningTask(c, w(p)),
      getFineTuningTaskLog: (p) => getFineTuningTaskLog(c, w(p)),
      listFineTuningModels: (p) => listFineTuningModels(c, w(p)),
      listFineTuningServices: (p) => listFineTuningServices(c, w(p)),
      listFineTuningTasks: (p) => listFineTuningTasks(c, w(p)),
      waitForFineTuningDeliverable: (p) => waitForFineTuningDeliverable(c, w(p)),
    };
  };
}

/** Drops `undefined` values so that they do not override the defaults. */
function defined<T extends object>(parameters: T): T {
  return Object.fromEntries(Object.entries(parameters).filter(([, v]) => v !== undefined)) as T;
}
