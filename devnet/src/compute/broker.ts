import { isBaseError } from "@0g/core";
import { verifySessionToken } from "@0g/compute";
import { inferenceServingAbi } from "@0g/contracts";
import type { Address } from "viem";
import type { HttpResponse } from "../server/http.js";
import type { ComputeChain } from "./chain.js";
import { computeContractAddresses } from "./contracts.js";
import type { ProviderState } from "./provider.js";

/** The fields of the user's `InferenceServing` account the provider checks. */
export type AccountView = {
  balance: bigint;
  pendingRefund: bigint;
  acknowledged: boolean;
  generation: bigint;
  revokedBitmap: bigint;
};

/** A check's outcome: the value, or the HTTP error to answer with. */
export type Checked<T> = { ok: true; value: T } | { ok: false; response: HttpResponse };

/** Headers of every JSON answer of a provider (CORS comes from the server). */
export const jsonHeaders = { "content-type": "application/json; charset=utf-8" } as const;

/**
 * An error as 0G's broker answers it (`errors.Response` in `common/errors/response.go`): HTTP 400
 * and `{"error": "<context>: <message>"}`, the context being where in the broker it failed.
 */
export function brokerError(context: string, message: string, status = 400): HttpResponse {
  return { status, headers: jsonHeaders, body: JSON.stringify({ error: `${context}: ${message}` }) };
}

/** The broker's context of a proxied request's failures. */
export const proxyContext = "Provider proxy: handle proxied service";

/** The user's account with the provider, or null when it does not exist (`getAccount` reverts). */
export async function readAccount(chain: ComputeChain, user: Address, provider: Address): Promise<AccountView | null> {
  try {
    const a = await chain.read({
      address: computeContractAddresses.inferenceServing,
      abi: inferenceServingAbi,
      functionName: "getAccount",
      args: [user, provider],
    });
    return { balance: a.balance, pendingRefund: a.pendingRefund, acknowledged: a.acknowledged, generation: a.generation, revokedBitmap: a.revokedBitmap };
  } catch {
    return null;
  }
}

/**
 * Validates a request's session token as 0G's broker does (`ValidateRequestWithEstimatedFee`):
 * the token (`verifySessionToken` against the user's on-chain generation and revoked bitmap, at
 * chain time), then that the account exists and acknowledged the provider's TEE signer.
 */
export async function authorize(
  chain: ComputeChain,
  provider: ProviderState,
  authorization: string | string[] | undefined,
  context: string,
): Promise<Checked<{ user: Address; account: AccountView }>> {
  let account: AccountView | null = null;
  let user: Address;
  try {
    user = await verifySessionToken(typeof authorization === "string" ? authorization : (authorization?.[0] ?? ""), {
      provider: provider.address,
      account: async (address) => (account = await readAccount(chain, address, provider.address)),
      now: await chain.now(),
    });
  } catch (error) {
    const message = isBaseError(error) ? error.shortMessage : error instanceof Error ? error.message : String(error);
    return { ok: false, response: brokerError(`${context}, validate request`, `session validation failed: ${message}`) };
  }
  const found = account as AccountView | null;
  if (found === null)
    return {
      ok: false,
      response: brokerError(
        `${context}, validate request`,
        `get account from contract: user ${user} has no account with provider ${provider.address}; fund one with LedgerManager.transferFund`,
      ),
    };
  if (!found.acknowledged) return { ok: false, response: brokerError(`${context}, validate request`, "user not acknowledge the provider") };
  return { ok: true, value: { user, account: found } };
}
