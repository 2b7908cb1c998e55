import type { Account, Address, Chain, Client, Hex, Transport } from "viem";
import type { InftClient } from "./client/account.js";
import type { FetchFn } from "./client/oracle.js";
import type { InftStorageParameter } from "./client/storage.js";
import { agentAccountExecute, type AgentAccountExecuteParameters, type AgentAccountExecuteReturnType } from "./actions/agentAccountExecute.js";
import { authorizeUsage, type AuthorizeUsageParameters, type AuthorizeUsageReturnType } from "./actions/authorizeUsage.js";
import { cloneAgent, type CloneAgentParameters, type CloneAgentReturnType } from "./actions/cloneAgent.js";
import { createAccessProof, type CreateAccessProofParameters, type CreateAccessProofReturnType } from "./actions/createAccessProof.js";
import { delegateAccess, type DelegateAccessParameters, type DelegateAccessReturnType } from "./actions/delegateAccess.js";
import { getAgent, type GetAgentParameters, type GetAgentReturnType } from "./actions/getAgent.js";
import { getAgentAccount, type GetAgentAccountParameters, type GetAgentAccountReturnType } from "./actions/getAgentAccount.js";
import { getAuthorizedUsers, type GetAuthorizedUsersParameters, type GetAuthorizedUsersReturnType } from "./actions/getAuthorizedUsers.js";
import { getEncryptionKey, type GetEncryptionKeyParameters, type GetEncryptionKeyReturnType } from "./actions/getEncryptionKey.js";
import { getOracleInfo, type GetOracleInfoParameters, type GetOracleInfoReturnType } from "./actions/getOracleInfo.js";
import { loadAgent, type LoadAgentParameters, type LoadAgentReturnType } from "./actions/loadAgent.js";
import { mintAgent, type MintAgentParameters, type MintAgentReturnType } from "./actions/mintAgent.js";
import { revokeAuthorization, type RevokeAuthorizationParameters, type RevokeAuthorizationReturnType } from "./actions/revokeAuthorization.js";
import { transferAgent, type TransferAgentParameters, type TransferAgentReturnType } from "./actions/transferAgent.js";
import { updateAgent, type UpdateAgentParameters, type UpdateAgentReturnType } from "./actions/updateAgent.js";

/** Defaults that `inftActions()` applies to every call (a call's own parameters win). */
export type InftActionsParameters = InftStorageParameter & {
  /** The AgentNFT contract instead of the registry's or the devnet's. */
  agentNft?: Address | undefined;
  /** The re-encryption oracle's base URL instead of the registry's or the devnet's. */
  oracle?: string | undefined;
  /**
   * Your INFT encryption key (a secp256k1 private key): mints and updates seal to it, loads open
   * with it, access proofs name it. Your account's own key, or `getEncryptionKey(client)`'s.
   */
  encryptionKey?: Hex | undefined;
  /** Milliseconds to wait for the oracle. @default 120_000 */
  oracleTimeout?: number | undefined;
  /** The `fetch` to call the oracle with. */
  fetch?: FetchFn | undefined;
};

/** The methods `client.extend(inftActions())` adds; writes and signatures need an account. */
export type InftActions = {
  mintAgent<const data>(parameters: MintAgentParameters<data>): Promise<MintAgentReturnType>;
  loadAgent<data = Record<string, unknown>>(parameters: LoadAgentParameters): Promise<LoadAgentReturnType<data>>;
  getAgent(parameters: GetAgentParameters): Promise<GetAgentReturnType>;
  transferAgent(parameters: TransferAgentParameters): Promise<TransferAgentReturnType>;
  cloneAgent(parameters: CloneAgentParameters): Promise<CloneAgentReturnType>;
  createAccessProof(parameters: CreateAccessProofParameters): Promise<CreateAccessProofReturnType>;
  updateAgent<const data>(parameters: UpdateAgentParameters<data>): Promise<UpdateAgentReturnType>;
  authorizeUsage(parameters: AuthorizeUsageParameters): Promise<AuthorizeUsageReturnType>;
  revokeAuthorization(parameters: RevokeAuthorizationParameters): Promise<RevokeAuthorizationReturnType>;
  getAuthorizedUsers(parameters: GetAuthorizedUsersParameters): Promise<GetAuthorizedUsersReturnType>;
  delegateAccess(parameters: DelegateAccessParameters): Promise<DelegateAccessReturnType>;
  getAgentAccount(parameters: GetAgentAccountParameters): Promise<GetAgentAccountReturnType>;
  agentAccountExecute(parameters: AgentAccountExecuteParameters): Promise<AgentAccountExecuteReturnType>;
  getOracleInfo(parameters?: GetOracleInfoParameters): Promise<GetOracleInfoReturnType>;
  getEncryptionKey(parameters?: GetEncryptionKeyParameters): Promise<GetEncryptionKeyReturnType>;
};

/**
 * Binds the INFT actions to a viem client: `client.extend(inftActions({ encryptionKey }))`.
 *
 * @example
 * import { createWalletClient, http } from "viem";
 * import { privateKeyToAccount } from "viem/accounts";
 * import { inftActions } from "@0g/inft";
 *
 * const client = createWalletClient({ account: privateKeyToAccount(key), chain, transport: http() })
 *   .extend(inftActions({ encryptionKey: key }));
 * const { tokenId } = await client.mintAgent({ data: { name: "Ada" } });
 * const { data, agentKey } = await client.loadAgent({ tokenId });
 */
export function inftActions(defaults: InftActionsParameters = {}) {
  const given = defined(defaults);
  return <transport extends Transport, chain extends Chain | undefined, account extends Account | undefined>(client: Client<transport, chain, account>): InftActions => {
    const c = client as unknown as InftClient;
    const w = <P extends object>(parameters: P | undefined): P => ({ ...given, ...defined(parameters ?? ({} as P)) }) as P;
    // Reads take only the contract; the encryption key is for what seals, opens or names a key.
    const { agentNft } = given;
    const r = <P extends object>(parameters: P): P => ({ ...(agentNft === undefined ? {} : { agentNft }), ...defined(parameters) }) as P;
    return {
      mintAgent: (p) => mintAgent(c, w(p)),
      loadAgent: (p) => loadAgent(c, w(p)),
      getAgent: (p) => getAgent(c, r(p)),
      transferAgent: (p) => transferAgent(c, w(p)),
      cloneAgent: (p) => cloneAgent(c, w(p)),
      createAccessProof: (p) => createAccessProof(c, r({ ...(given.encryptionKey === undefined ? {} : { encryptionKey: given.encryptionKey }), ...defined(p) })),
      updateAgent: (p) => updateAgent(c, w(p)),
      authorizeUsage: (p) => authorizeUsage(c, r(p)),
      revokeAuthorization: (p) => revokeAuthorization(c, r(p)),
      getAuthorizedUsers: (p) => getAuthorizedUsers(c, r(p)),
      delegateAccess: (p) => delegateAccess(c, r(p)),
      getAgentAccount: (p) => getAgentAccount(c, r(p)),
      agentAccountExecute: (p) => agentAccountExecute(c, r(p)),
      getOracleInfo: (p) => getOracleInfo(c, w(p)),
      getEncryptionKey: (p) => getEncryptionKey(c, p ?? {}),
    };
  };
}

/** Drops `undefined` values so that they do not override the defaults. */
function defined<T extends object>(parameters: T): T {
  return Object.fromEntries(Object.entries(parameters).filter(([, v]) => v !== undefined)) as T;
}
