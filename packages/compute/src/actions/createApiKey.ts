import { InvalidParameterError } from "@0g/core";
import type { Address, Client } from "viem";
import { checkAddress, requireAccount, sessionSigner, type AccountParameter } from "../client/account.js";
import { computeContract, type ComputeContractsParameter } from "../client/contracts.js";
import { readSubAccount } from "../client/read.js";
import type { ComputeAccountRequiredError, ComputeContractNotFoundError, NoAvailableTokenIdError } from "../errors.js";
import { formatApiKey, formatAuthorization } from "../token/authorization.js";
import { createSessionToken } from "../token/create.js";

export type CreateApiKeyParameters = ComputeContractsParameter &
  AccountParameter & {
    /** The provider the key is for. */
    provider: Address;
    /** A token id (0-254) that is not revoked. Default: the lowest one not revoked. */
    tokenId?: number | undefined;
    /** Lifetime in ms. Default: never expires. */
    expiresIn?: number | undefined;
  };

export type CreateApiKeyReturnType = {
  /** `app-sk-...`: OpenAI clients take it as `apiKey`. Keep it secret: it spends the sub-account. */
  apiKey: string;
  /** Its token id: revoke it with `revokeApiKey({ provider, tokenId })`. */
  tokenId: number;
  /** Unix ms. */
  createdAt: number;
  /** Unix ms; 0 = never. */
  expiresAt: number;
  /** `{ Authorization: "Bearer app-sk-..." }`. */
  headers: { Authorization: string };
};

export type CreateApiKeyErrorType =
  | NoAvailableTokenIdError
  | ComputeAccountRequiredError
  | ComputeContractNotFoundError
  | InvalidParameterError;

/**
 * Mints a persistent API key for a provider (0G's SDK's `createApiKey`): a session token with a
 * token id 0-254 picked from the sub-account's `revokedBitmap` (the lowest free one unless given),
 * the current generation, and an expiry if asked. It is signed locally; nothing is sent. Revoke it
 * with {@link revokeApiKey}, or every token with {@link revokeAllTokens}.
 *
 * @throws {NoAvailableTokenIdError} when all 255 ids are revoked.
 * @example
 * import { createApiKey } from "@0g/compute";
 * const { apiKey, tokenId } = await createApiKey(walletClient, { provider, expiresIn: 7 * 24 * 3600_000 });
 * const openai = new OpenAI({ baseURL: `${service.url}/v1/proxy`, apiKey });
 */
export async function createApiKey(client: Client, parameters: CreateApiKeyParameters): Promise<CreateApiKeyReturnType> {
  const account = requireAccount(client, parameters.account, "createApiKey");
  const provider = checkAddress("provider", parameters.provider);
  const { expiresIn } = parameters;
  if (expiresIn !== undefined && (!Number.isSafeInteger(expiresIn) || expiresIn < 0))
    throw new InvalidParameterError({ name: "expiresIn", value: expiresIn, expected: "a non-negative number of milliseconds" });
  const inference = await computeContract(client, "inference", parameters.contracts);
  const sub = await readSubAccount(client, inference, account.address, provider);
  const signed = await createSessionToken({
    account: sessionSigner(client, account),
    provider,
    kind: "persistent",
    generation: sub?.generation ?? 0n,
    revokedBitmap: sub?.revokedBitmap ?? 0n,
    ...(parameters.tokenId === undefined ? {} : { tokenId: parameters.tokenId }),
    ...(expiresIn === undefined ? {} : { duration: expiresIn }),
  });
  return {
    apiKey: formatApiKey(signed),
    tokenId: signed.token.tokenId,
    createdAt: signed.token.timestamp,
    expiresAt: signed.token.expiresAt,
    headers: { Authorization: formatAuthorization(signed) },
  };
}
