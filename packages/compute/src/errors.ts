import { BaseError, describeErrors } from "@0g/core";
import type { Address, Hex } from "viem";

// Codes 4000-4099: the protocol core (session tokens, response signatures, usage, service metadata).
// 4000-4019 session tokens, 4020-4029 response signatures, 4030-4039 usage, 4040-4049 services.

/** Why an `Authorization` header is not a 0G session token header. */
export type AuthorizationHeaderErrorReason = "missing" | "scheme";

/** The `Authorization` header is absent or does not start with `Bearer app-sk-`. */
export class AuthorizationHeaderError extends BaseError {
  static override readonly code = 4000;
  static override readonly description =
    "The Authorization header is missing or does not have the form `Bearer app-sk-<base64(JSON|signature)>`.";
  override name = "AuthorizationHeaderError";
  readonly reason: AuthorizationHeaderErrorReason;
  constructor({ reason }: { reason: AuthorizationHeaderErrorReason }) {
    super(reason === "missing" ? "The Authorization header is missing." : "The Authorization header is not a 0G session token.", {
      code: AuthorizationHeaderError.code,
      details: "0G providers expect `Authorization: Bearer app-sk-<base64(token JSON + \"|\" + signature)>`.",
    });
    this.reason = reason;
  }
}

/** The part after `app-sk-` is not canonical base64, or does not decode to UTF-8 text. */
export class AuthorizationEncodingError extends BaseError {
  static override readonly code = 4001;
  static override readonly description =
    "The session token after `app-sk-` is not padded standard base64 of UTF-8 text.";
  override name = "AuthorizationEncodingError";
  readonly reason: "base64" | "utf8";
  constructor({ reason }: { reason: "base64" | "utf8" }) {
    super(reason === "base64" ? "The session token is not valid base64." : "The session token is not valid UTF-8.", {
      code: AuthorizationEncodingError.code,
      details:
        reason === "base64"
          ? "Expected standard base64 (A-Z a-z 0-9 + /, `=` padding) of `JSON|signature`."
          : "The decoded bytes are not UTF-8 text.",
    });
    this.reason = reason;
  }
}

/** The decoded session token has no `|` between its JSON and its signature. */
export class AuthorizationPayloadError extends BaseError {
  static override readonly code = 4002;
  static override readonly description = "The decoded session token has no `|` separating the token JSON from the signature.";
  override name = "AuthorizationPayloadError";
  constructor() {
    super("The session token has no `|` separator.", {
      code: AuthorizationPayloadError.code,
      details: "Expected base64(token JSON + \"|\" + 0x-prefixed signature).",
    });
  }
}

/** The session token JSON does not parse, or a field is missing or has the wrong type. */
export class SessionTokenFormatError extends BaseError {
  static override readonly code = 4003;
  static override readonly description =
    "The session token JSON is malformed: not an object, or a field (address, provider, timestamp, expiresAt, nonce, generation, tokenId) is missing or has the wrong type.";
  override name = "SessionTokenFormatError";
  /** The offending field, or `undefined` when the text is not a JSON object. */
  readonly field: string | undefined;
  constructor({ field, expected }: { field?: string | undefined; expected: string }) {
    super(field === undefined ? "The session token is not a JSON object." : `The session token field "${field}" is invalid.`, {
      code: SessionTokenFormatError.code,
      details: `Expected ${expected}.`,
    });
    this.field = field;
  }
}

/** The session token's signature is not `0x` + 65 bytes with `v` 27 or 28. */
export class SessionTokenSignatureFormatError extends BaseError {
  static override readonly code = 4004;
  static override readonly description = "The session token's signature is not a 0x-prefixed 65-byte signature with v = 27 or 28.";
  override name = "SessionTokenSignatureFormatError";
  constructor({ signature }: { signature: string }) {
    super("The session token's signature is malformed.", {
      code: SessionTokenSignatureFormatError.code,
      details: `Expected 0x + 130 hex digits ending in 1b or 1c, got ${describe(signature)}.`,
    });
  }
}

/** The session token's signature does not recover to the token's `address`. */
export class InvalidSessionTokenSignatureError extends BaseError {
  static override readonly code = 4005;
  static override readonly description =
    "The session token's signature was not made by the token's `address` (EIP-191 over keccak256 of the token JSON).";
  override name = "InvalidSessionTokenSignatureError";
  readonly address: string;
  readonly recovered: string | undefined;
  constructor({ address, recovered }: { address: string; recovered?: string | undefined }) {
    super("The session token's signature is invalid.", {
      code: InvalidSessionTokenSignatureError.code,
      details:
        recovered === undefined
          ? `No public key could be recovered from the signature (token address ${address}).`
          : `The signature recovers to ${recovered}, not to the token's address ${address}.`,
    });
    this.address = address;
    this.recovered = recovered;
  }
}

/** The session token was issued for another provider. */
export class SessionTokenProviderMismatchError extends BaseError {
  static override readonly code = 4006;
  static override readonly description = "The session token is for a different provider than the one verifying it.";
  override name = "SessionTokenProviderMismatchError";
  readonly expected: string;
  readonly actual: string;
  constructor({ expected, actual }: { expected: string; actual: string }) {
    super("The session token is for a different provider.", {
      code: SessionTokenProviderMismatchError.code,
      details: `The token names provider ${actual}; this provider is ${expected}.`,
    });
    this.expected = expected;
    this.actual = actual;
  }
}

/** The session token's `expiresAt` has passed. */
export class SessionTokenExpiredError extends BaseError {
  static override readonly code = 4007;
  static override readonly description = "The session token has expired (its expiresAt, in whole seconds, is before now).";
  override name = "SessionTokenExpiredError";
  readonly expiresAt: number;
  readonly now: number;
  constructor({ expiresAt, now }: { expiresAt: number; now: number }) {
    super("The session token has expired.", {
      code: SessionTokenExpiredError.code,
      details: `It expired at ${new Date(expiresAt).toISOString()} (now ${new Date(now).toISOString()}). Mint a new one.`,
    });
    this.expiresAt = expiresAt;
    this.now = now;
  }
}

/** Why an ephemeral token (tokenId 255) breaks the ephemeral rules. */
export type InvalidEphemeralTokenReason = "no-expiry" | "too-long";

/** An ephemeral token (tokenId 255) without an expiry, or valid for more than 24 hours. */
export class InvalidEphemeralTokenError extends BaseError {
  static override readonly code = 4008;
  static override readonly description = "An ephemeral session token (tokenId 255) must expire, at most 24 hours after its timestamp.";
  override name = "InvalidEphemeralTokenError";
  readonly reason: InvalidEphemeralTokenReason;
  constructor({ reason }: { reason: InvalidEphemeralTokenReason }) {
    super(
      reason === "no-expiry"
        ? "The ephemeral session token never expires."
        : "The ephemeral session token lasts more than 24 hours.",
      {
        code: InvalidEphemeralTokenError.code,
        details: "Ephemeral tokens (tokenId 255) need 0 < expiresAt - timestamp <= 86400000 ms; use a persistent API key (tokenId 0-254) for longer.",
      },
    );
    this.reason = reason;
  }
}

/** The token's `generation` is not the account's current generation. */
export class SessionTokenGenerationMismatchError extends BaseError {
  static override readonly code = 4009;
  static override readonly description =
    "The session token's generation differs from the account's: older means every token was revoked (revokeAllTokens), newer is invalid.";
  override name = "SessionTokenGenerationMismatchError";
  readonly tokenGeneration: bigint;
  readonly accountGeneration: bigint;
  constructor({ tokenGeneration, accountGeneration }: { tokenGeneration: bigint; accountGeneration: bigint }) {
    super(
      tokenGeneration < accountGeneration
        ? "The session token has been revoked (generation expired)."
        : "The session token is from a future generation.",
      {
        code: SessionTokenGenerationMismatchError.code,
        details: `Token generation ${tokenGeneration}, account generation ${accountGeneration}.`,
      },
    );
    this.tokenGeneration = tokenGeneration;
    this.accountGeneration = accountGeneration;
  }
}

/** The persistent token's `tokenId` bit is set in the account's `revokedBitmap`. */
export class SessionTokenRevokedError extends BaseError {
  static override readonly code = 4010;
  static override readonly description = "The API key (persistent token) was revoked: its tokenId bit is set in the account's revokedBitmap.";
  override name = "SessionTokenRevokedError";
  readonly tokenId: number;
  constructor({ tokenId }: { tokenId: number }) {
    super("The session token has been revoked.", {
      code: SessionTokenRevokedError.code,
      details: `Token id ${tokenId} is revoked (revokeToken). Create a new API key with another token id.`,
    });
    this.tokenId = tokenId;
  }
}

/** Every persistent token id (0-254) is revoked. */
export class NoAvailableTokenIdError extends BaseError {
  static override readonly code = 4011;
  static override readonly description = "All 255 persistent token ids (0-254) are revoked; revokeAllTokens resets them.";
  override name = "NoAvailableTokenIdError";
  constructor() {
    super("API key limit reached (255).", {
      code: NoAvailableTokenIdError.code,
      details: "Every token id 0-254 is revoked. Call revokeAllTokens on InferenceServing (it bumps the generation and clears the bitmap).",
    });
  }
}

/** A `/v1/proxy/signature/:chatId` answer that is not `{ text, signature, signing_address, signing_algo }`. */
export class ResponseSignatureFormatError extends BaseError {
  static override readonly code = 4020;
  static override readonly description =
    "A response signature is malformed: not { text, signature, signing_address, signing_algo: \"ecdsa\" } with a 65-byte signature.";
  override name = "ResponseSignatureFormatError";
  readonly field: string | undefined;
  constructor({ field, expected }: { field?: string | undefined; expected: string }) {
    super(field === undefined ? "The response signature is not an object." : `The response signature field "${field}" is invalid.`, {
      code: ResponseSignatureFormatError.code,
      details: `Expected ${expected}.`,
    });
    this.field = field;
  }
}

/** The signature over `text` does not recover to the answer's `signing_address`. */
export class InvalidResponseSignatureError extends BaseError {
  static override readonly code = 4021;
  static override readonly description = "A response signature does not recover to the signing address it claims (EIP-191 over its text).";
  override name = "InvalidResponseSignatureError";
  readonly claimed: string;
  readonly recovered: string | undefined;
  constructor({ claimed, recovered }: { claimed: string; recovered?: string | undefined }) {
    super("The response signature is invalid.", {
      code: InvalidResponseSignatureError.code,
      details:
        recovered === undefined
          ? `No public key could be recovered from the signature (claimed signer ${claimed}).`
          : `The signature recovers to ${recovered}, not to the claimed signer ${claimed}.`,
    });
    this.claimed = claimed;
    this.recovered = recovered;
  }
}

/** The response was signed by a key other than the provider's TEE signer. */
export class ResponseSignerMismatchError extends BaseError {
  static override readonly code = 4022;
  static override readonly description =
    "A response was signed by a key other than the expected TEE signer (the service's teeSignerAddress or TargetTeeAddress).";
  override name = "ResponseSignerMismatchError";
  readonly expected: string;
  readonly actual: string;
  constructor({ expected, actual }: { expected: string; actual: string }) {
    super("The response was not signed by the provider's TEE signer.", {
      code: ResponseSignerMismatchError.code,
      details: `Signed by ${actual}; the expected TEE signer is ${expected}.`,
    });
    this.expected = expected;
    this.actual = actual;
  }
}

/** The signed text does not commit to the request or response the client sent or received. */
export class ResponseTextMismatchError extends BaseError {
  static override readonly code = 4023;
  static override readonly description =
    "A response signature's text does not match sha256 of the request the client sent or of the response it received.";
  override name = "ResponseTextMismatchError";
  readonly part: "request" | "response";
  readonly expected: string;
  readonly actual: string;
  constructor({ part, expected, actual }: { part: "request" | "response"; expected: string; actual: string }) {
    super(`The signed text does not match the ${part} body.`, {
      code: ResponseTextMismatchError.code,
      details: `sha256 of the ${part} is ${expected}; the signed text has ${describe(actual)}.`,
    });
    this.part = part;
    this.expected = expected;
    this.actual = actual;
  }
}

/** An OpenAI `usage` object whose token counts are not non-negative integers. */
export class InvalidUsageError extends BaseError {
  static override readonly code = 4030;
  static override readonly description = "An OpenAI usage object is malformed: prompt_tokens / completion_tokens are not non-negative integers.";
  override name = "InvalidUsageError";
  readonly field: string | undefined;
  constructor({ field, value }: { field?: string | undefined; value: unknown }) {
    super(field === undefined ? "The usage is not an object." : `The usage field "${field}" is invalid.`, {
      code: InvalidUsageError.code,
      details: `Expected a non-negative integer, got ${describe(value)}.`,
    });
    this.field = field;
  }
}

/** A service's `additionalInfo` is neither empty nor a JSON object. */
export class ServiceAdditionalInfoError extends BaseError {
  static override readonly code = 4040;
  static override readonly description = "A service's additionalInfo is neither empty nor a JSON object.";
  override name = "ServiceAdditionalInfoError";
  constructor({ additionalInfo }: { additionalInfo: string }) {
    super("The service's additionalInfo is not a JSON object.", {
      code: ServiceAdditionalInfoError.code,
      details: `Got ${describe(additionalInfo)}.`,
    });
  }
}

// Codes 4100-4199: the client actions. 4100-4119 contracts, ledger and sub-accounts; 4120-4129 the
// provider's HTTP API; 4130-4139 response verification.

/** Which compute contract: `LedgerManager`, `InferenceServing` or `FineTuningServing`. */
export type ComputeContractName = "ledger" | "inference" | "fineTuning";

/** No address is known for a compute contract on the client's chain. */
export class ComputeContractNotFoundError extends BaseError {
  static override readonly code = 4100;
  static override readonly description =
    "No address for a 0G compute contract on this chain: it is not in the network registry, the RPC is not a devnet, and none was passed in `contracts`.";
  override name = "ComputeContractNotFoundError";
  readonly contract: ComputeContractName;
  readonly chainId: number | undefined;
  constructor({ contract, chainId }: { contract: ComputeContractName; chainId?: number | undefined }) {
    super(`No ${contract} contract address is known for chain ${chainId ?? "(unknown)"}.`, {
      code: ComputeContractNotFoundError.code,
      details: "Use 0G mainnet or Galileo (the network registry), a devnet RPC (devnet_info), or pass `contracts: { ledger, inference, fineTuning }`.",
    });
    this.contract = contract;
    this.chainId = chainId;
  }
}

/** A transaction or a signature is needed, and there is no account to make it. */
export class ComputeAccountRequiredError extends BaseError {
  static override readonly code = 4101;
  static override readonly description = "The action sends a transaction or signs a session token, and neither the client nor the parameters have an account.";
  override name = "ComputeAccountRequiredError";
  constructor({ action }: { action: string }) {
    super(`${action} needs an account.`, {
      code: ComputeAccountRequiredError.code,
      details: "Use a wallet client with an account (createWalletClient({ account, ... })) or pass `account`.",
    });
  }
}

/** The user has no ledger in the LedgerManager. */
export class LedgerNotFoundError extends BaseError {
  static override readonly code = 4102;
  static override readonly description = "The user has no compute ledger: open one with addLedger or depositFund (at least 3 0G).";
  override name = "LedgerNotFoundError";
  readonly user: Address;
  constructor({ user }: { user: Address }) {
    super(`${user} has no compute ledger.`, {
      code: LedgerNotFoundError.code,
      details: "Open one with addLedger or depositFund and at least 3 0G.",
    });
    this.user = user;
  }
}

/** `addLedger` for a user who has a ledger already. */
export class LedgerExistsError extends BaseError {
  static override readonly code = 4103;
  static override readonly description = "The user has a compute ledger already: add funds with depositFund.";
  override name = "LedgerExistsError";
  readonly user: Address;
  constructor({ user }: { user: Address }) {
    super(`${user} has a compute ledger already.`, { code: LedgerExistsError.code, details: "Add funds with depositFund instead." });
    this.user = user;
  }
}

/** A ledger must hold at least 3 0G when opened, and 0 or at least 3 0G after a withdrawal. */
export class MinimumLedgerBalanceError extends BaseError {
  static override readonly code = 4104;
  static override readonly description =
    "A compute ledger is opened with at least 3 0G (MIN_ACCOUNT_BALANCE), and a withdrawal (refund) must leave 0 or at least 3 0G.";
  override name = "MinimumLedgerBalanceError";
  readonly amount: bigint;
  readonly minimum: bigint;
  readonly reason: "open" | "remaining";
  constructor({ amount, minimum, reason }: { amount: bigint; minimum: bigint; reason: "open" | "remaining" }) {
    super(reason === "open" ? "A new ledger needs at least 3 0G." : "A withdrawal must leave 0 or at least 3 0G in the ledger.", {
      code: MinimumLedgerBalanceError.code,
      details:
        reason === "open"
          ? `Opening a ledger with ${amount} neuron; the minimum is ${minimum}.`
          : `The ledger would keep ${amount} neuron; withdraw everything or leave at least ${minimum}.`,
    });
    this.amount = amount;
    this.minimum = minimum;
    this.reason = reason;
  }
}

/** The first transfer to a provider (which opens the sub-account) must be at least 1 0G. */
export class MinimumTransferError extends BaseError {
  static override readonly code = 4105;
  static override readonly description = "The first transferFund to a provider opens the sub-account and must move at least 1 0G (MIN_TRANSFER_AMOUNT).";
  override name = "MinimumTransferError";
  readonly amount: bigint;
  readonly minimum: bigint;
  constructor({ provider, amount, minimum }: { provider: Address; amount: bigint; minimum: bigint }) {
    super("Opening a sub-account needs at least 1 0G.", {
      code: MinimumTransferError.code,
      details: `Transferring ${amount} neuron to ${provider}, which has no sub-account yet; the minimum is ${minimum}.`,
    });
    this.amount = amount;
    this.minimum = minimum;
  }
}

/** The ledger's available balance does not cover a transfer or withdrawal. */
export class InsufficientLedgerBalanceError extends BaseError {
  static override readonly code = 4106;
  static override readonly description = "The ledger's available balance (not in sub-accounts) does not cover the transfer or withdrawal.";
  override name = "InsufficientLedgerBalanceError";
  readonly available: bigint;
  readonly required: bigint;
  constructor({ available, required }: { available: bigint; required: bigint }) {
    super("The ledger's available balance is too low.", {
      code: InsufficientLedgerBalanceError.code,
      details: `${required} neuron needed, ${available} available. Deposit more (depositFund) or collect refunds (retrieveFund).`,
    });
    this.available = available;
    this.required = required;
  }
}

/** `deleteLedger` while the ledger or its sub-accounts still hold funds. */
export class LedgerNotEmptyError extends BaseError {
  static override readonly code = 4107;
  static override readonly description = "A ledger can be deleted only when it and its sub-accounts are empty: retrieve and withdraw everything first.";
  override name = "LedgerNotEmptyError";
  readonly totalBalance: bigint;
  constructor({ totalBalance }: { totalBalance: bigint }) {
    super("The ledger still holds funds.", {
      code: LedgerNotEmptyError.code,
      details: `It holds ${totalBalance} neuron in total. Retrieve the sub-accounts' funds (retrieveFund), wait for the lock time, collect them, then withdraw (refund).`,
    });
    this.totalBalance = totalBalance;
  }
}

/** The LedgerManager has no service registered at the serving contract's address. */
export class ComputeServiceNotRegisteredError extends BaseError {
  static override readonly code = 4108;
  static override readonly description = "The LedgerManager has no service registered at this serving contract's address (getServiceInfo is empty).";
  override name = "ComputeServiceNotRegisteredError";
  readonly service: Address;
  constructor({ service }: { service: Address }) {
    super(`The LedgerManager has no service at ${service}.`, {
      code: ComputeServiceNotRegisteredError.code,
      details: "Check the `contracts` addresses: the ledger and the serving contract must belong to the same deployment.",
    });
    this.service = service;
  }
}

/** A compute contract transaction could not be sent, or reverted. */
export class ComputeTransactionError extends BaseError {
  static override readonly code = 4109;
  static override readonly description = "A compute contract transaction failed: it could not be sent (it would revert), or it reverted. `reason` is the contract's error name.";
  override name = "ComputeTransactionError";
  readonly functionName: string;
  readonly reason: string | undefined;
  readonly transactionHash: Hex | undefined;
  constructor({ functionName, reason, transactionHash, cause }: { functionName: string; reason?: string | undefined; transactionHash?: Hex | undefined; cause?: unknown }) {
    super(transactionHash === undefined ? `${functionName} failed${reason ? `: ${reason}` : ""}.` : `${functionName} reverted${reason ? `: ${reason}` : ""}.`, {
      code: ComputeTransactionError.code,
      ...(transactionHash === undefined ? {} : { metaMessages: [`Transaction: ${transactionHash}`] }),
      ...(cause === undefined ? {} : { cause }),
    });
    this.functionName = functionName;
    this.reason = reason;
    this.transactionHash = transactionHash;
  }
}

/** The user has no sub-account with the provider. */
export class SubAccountNotFoundError extends BaseError {
  static override readonly code = 4110;
  static override readonly description = "The user has no sub-account with this provider: transferFund at least 1 0G to open one.";
  override name = "SubAccountNotFoundError";
  readonly user: Address;
  readonly provider: Address;
  constructor({ user, provider }: { user: Address; provider: Address }) {
    super(`${user} has no sub-account with provider ${provider}.`, {
      code: SubAccountNotFoundError.code,
      details: "Open one with transferFund (at least 1 0G).",
    });
    this.user = user;
    this.provider = provider;
  }
}

/** Revoking the TEE signer acknowledgement of a sub-account that still holds funds. */
export class AcknowledgementRevokeError extends BaseError {
  static override readonly code = 4111;
  static override readonly description = "The TEE signer acknowledgement of a sub-account can be revoked only when its balance is 0.";
  override name = "AcknowledgementRevokeError";
  readonly balance: bigint;
  constructor({ provider, balance }: { provider: Address; balance: bigint }) {
    super("Cannot revoke the acknowledgement while the sub-account holds funds.", {
      code: AcknowledgementRevokeError.code,
      details: `The sub-account with ${provider} holds ${balance} neuron. Retrieve it first (retrieveFund).`,
    });
    this.balance = balance;
  }
}

/** The provider has no service on the serving contract. */
export class ServiceNotFoundError extends BaseError {
  static override readonly code = 4112;
  static override readonly description = "The provider has no service registered on InferenceServing.";
  override name = "ServiceNotFoundError";
  readonly provider: Address;
  constructor({ provider }: { provider: Address }) {
    super(`Provider ${provider} has no service.`, { code: ServiceNotFoundError.code, details: "List the services with listServices." });
    this.provider = provider;
  }
}

/** How a provider could not be reached. */
export type ProviderUnreachableReason = "connection" | "timeout";

/** The provider did not answer: connection refused or reset, DNS failure, or timeout. */
export class ProviderUnreachableError extends BaseError {
  static override readonly code = 4120;
  static override readonly description = "The provider could not be reached: the connection was refused or reset, the host is unknown, or it did not answer in time.";
  override name = "ProviderUnreachableError";
  readonly url: string;
  readonly reason: ProviderUnreachableReason;
  constructor({ url, reason, timeout, cause }: { url: string; reason: ProviderUnreachableReason; timeout?: number | undefined; cause?: unknown }) {
    super(reason === "timeout" ? "The provider did not answer in time." : "The provider could not be reached.", {
      code: ProviderUnreachableError.code,
      metaMessages: [`URL: ${url}`],
      ...(reason === "timeout" ? { details: `No answer within ${timeout} ms.` } : {}),
      ...(cause === undefined ? {} : { cause }),
    });
    this.url = url;
    this.reason = reason;
  }
}

type ProviderAnswer = { url: string; status: number; providerMessage: string };

/** The provider answered with an error status (0G's broker answers `400 {"error": "..."}`). */
export class ProviderRequestError extends BaseError {
  static override readonly code = 4121;
  static override readonly description = "The provider refused the request (an error status); `providerMessage` is its `error` text.";
  override name = "ProviderRequestError";
  readonly url: string;
  readonly status: number;
  readonly providerMessage: string;
  constructor({ url, status, providerMessage }: ProviderAnswer) {
    super(`The provider answered ${status}.`, providerDetails(ProviderRequestError.code, { url, status, providerMessage }));
    this.url = url;
    this.status = status;
    this.providerMessage = providerMessage;
  }
}

/** The provider refused the session token or API key as revoked (its token id or generation). */
export class ProviderTokenRevokedError extends BaseError {
  static override readonly code = 4122;
  static override readonly description =
    "The provider refused the session token or API key as revoked (revokeApiKey / revokeAllTokens): mint a new one.";
  override name = "ProviderTokenRevokedError";
  readonly url: string;
  readonly status: number;
  readonly providerMessage: string;
  constructor({ url, status, providerMessage }: ProviderAnswer) {
    super("The provider refused a revoked token.", providerDetails(ProviderTokenRevokedError.code, { url, status, providerMessage }));
    this.url = url;
    this.status = status;
    this.providerMessage = providerMessage;
  }
}

/** The provider refused the session token or API key as expired. */
export class ProviderTokenExpiredError extends BaseError {
  static override readonly code = 4123;
  static override readonly description = "The provider refused the session token or API key as expired (by the provider's clock): mint a new one.";
  override name = "ProviderTokenExpiredError";
  readonly url: string;
  readonly status: number;
  readonly providerMessage: string;
  constructor({ url, status, providerMessage }: ProviderAnswer) {
    super("The provider refused an expired token.", providerDetails(ProviderTokenExpiredError.code, { url, status, providerMessage }));
    this.url = url;
    this.status = status;
    this.providerMessage = providerMessage;
  }
}

/** The sub-account's balance does not cover the unsettled fees, this request and the provider's reserve. */
export class ProviderInsufficientBalanceError extends BaseError {
  static override readonly code = 4124;
  static override readonly description =
    "The provider refused the request: the sub-account's balance (minus pending refunds) does not cover unsettled fees + this request + its minimum locked balance. Top up with transferFund (or topUpProvider).";
  override name = "ProviderInsufficientBalanceError";
  readonly url: string;
  readonly status: number;
  readonly providerMessage: string;
  constructor({ url, status, providerMessage }: ProviderAnswer) {
    super("The sub-account's balance is too low for this provider.", providerDetails(ProviderInsufficientBalanceError.code, { url, status, providerMessage }));
    this.url = url;
    this.status = status;
    this.providerMessage = providerMessage;
  }
}

/** The provider found no sub-account of the user. */
export class ProviderAccountNotFoundError extends BaseError {
  static override readonly code = 4125;
  static override readonly description = "The provider found no sub-account of the user: open one with transferFund (at least 1 0G).";
  override name = "ProviderAccountNotFoundError";
  readonly url: string;
  readonly status: number;
  readonly providerMessage: string;
  constructor({ url, status, providerMessage }: ProviderAnswer) {
    super("The provider found no sub-account of this user.", providerDetails(ProviderAccountNotFoundError.code, { url, status, providerMessage }));
    this.url = url;
    this.status = status;
    this.providerMessage = providerMessage;
  }
}

function providerDetails(code: number, { url, status, providerMessage }: ProviderAnswer) {
  return { code, details: providerMessage || `HTTP ${status}`, metaMessages: [`URL: ${url}`, `Status: ${status}`] };
}

/** A response's signature could not be fetched from the provider. */
export class ResponseSignatureUnavailableError extends BaseError {
  static override readonly code = 4130;
  static override readonly description = "The response's signature could not be fetched (`GET /v1/proxy/signature/:chatId` failed or the provider is down).";
  override name = "ResponseSignatureUnavailableError";
  readonly chatId: string;
  constructor({ chatId, cause }: { chatId: string; cause?: unknown }) {
    super(`The signature of chat ${chatId} could not be fetched.`, {
      code: ResponseSignatureUnavailableError.code,
      ...(cause === undefined ? {} : { cause }),
    });
    this.chatId = chatId;
  }
}

/** A response names no chat id: neither a `ZG-Res-Key` header nor an `id`. */
export class ChatIdNotFoundError extends BaseError {
  static override readonly code = 4131;
  static override readonly description = "The response has no chat id to fetch its signature with: no ZG-Res-Key header and no `id` in the body.";
  override name = "ChatIdNotFoundError";
  constructor() {
    super("The response has no chat id.", {
      code: ChatIdNotFoundError.code,
      details: "0G providers send it in the ZG-Res-Key header (expose it to browsers with Access-Control-Expose-Headers) or as the completion's `id`.",
    });
  }
}

/** Strict verification of a service that does not sign its responses. */
export class ServiceNotVerifiableError extends BaseError {
  static override readonly code = 4132;
  static override readonly description = "The service's verifiability is empty: its responses are not TEE-signed, so strict verification cannot pass.";
  override name = "ServiceNotVerifiableError";
  readonly provider: Address;
  constructor({ provider }: { provider: Address }) {
    super(`Provider ${provider}'s service does not sign its responses.`, {
      code: ServiceNotVerifiableError.code,
      details: "Its verifiability is empty. Use `verify: true` (not strict) or a TeeML service.",
    });
    this.provider = provider;
  }
}

/** The response body was not read to its end, so it could not be verified. */
export class ResponseIncompleteError extends BaseError {
  static override readonly code = 4133;
  static override readonly description = "The response body was cancelled or failed before its end, so its signature could not be checked.";
  override name = "ResponseIncompleteError";
  constructor({ cause }: { cause?: unknown } = {}) {
    super("The response ended before it was complete.", {
      code: ResponseIncompleteError.code,
      details: "Only a whole response (the full JSON or SSE stream) can be verified.",
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === "bigint") return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

// Codes 4200-4299: fine-tuning (tasks, deliverables, model decryption).

/** The provider has no fine-tuning service on `FineTuningServing`. */
export class FineTuningServiceNotFoundError extends BaseError {
  static override readonly code = 4200;
  static override readonly description = "The provider has no fine-tuning service registered on FineTuningServing.";
  override name = "FineTuningServiceNotFoundError";
  readonly provider: Address;
  constructor({ provider }: { provider: Address }) {
    super(`Provider ${provider} has no fine-tuning service.`, {
      code: FineTuningServiceNotFoundError.code,
      details: "List the fine-tuning services with listFineTuningServices.",
    });
    this.provider = provider;
  }
}

/** The provider does not train a model of this name (or hash). */
export class FineTuningModelNotFoundError extends BaseError {
  static override readonly code = 4201;
  static override readonly description = "The fine-tuning provider does not offer this pre-trained model (by name or root hash).";
  override name = "FineTuningModelNotFoundError";
  readonly model: string;
  readonly available: readonly string[];
  constructor({ model, provider, available }: { model: string; provider: Address; available: readonly string[] }) {
    super(`Provider ${provider} does not fine-tune "${model}".`, {
      code: FineTuningModelNotFoundError.code,
      details: available.length > 0 ? `It offers: ${available.join(", ")}.` : "It lists no models (GET /v1/model).",
    });
    this.model = model;
    this.available = available;
  }
}

/** The provider knows no task with this id. */
export class FineTuningTaskNotFoundError extends BaseError {
  static override readonly code = 4202;
  static override readonly description = "The fine-tuning provider knows no task with this id.";
  override name = "FineTuningTaskNotFoundError";
  readonly taskId: string;
  constructor({ taskId, provider, cause }: { taskId: string; provider: Address; cause?: unknown }) {
    super(`Provider ${provider} has no task ${taskId}.`, { code: FineTuningTaskNotFoundError.code, ...(cause === undefined ? {} : { cause }) });
    this.taskId = taskId;
  }
}

/** The task ended in `Failed`: a set-up error (dataset, fee, signature) or a cancellation. */
export class FineTuningTaskFailedError extends BaseError {
  static override readonly code = 4203;
  static override readonly description =
    "The fine-tuning task failed (progress `Failed`): the provider could not download or read the dataset, the signature or nonce was refused, or the task was cancelled. `reason` is the provider's log line.";
  override name = "FineTuningTaskFailedError";
  readonly taskId: string;
  /** The provider's last error line of the task's log, if it wrote one. */
  readonly reason: string | undefined;
  /** The task's whole log. */
  readonly log: string;
  constructor({ taskId, reason, log }: { taskId: string; reason?: string | undefined; log: string }) {
    super(`Fine-tuning task ${taskId} failed.`, {
      code: FineTuningTaskFailedError.code,
      ...(reason === undefined ? { details: "The provider's log gives no reason; see `log`." } : { details: reason }),
    });
    this.taskId = taskId;
    this.reason = reason;
    this.log = log;
  }
}

/** The task failed because the sub-account (minus pending refunds) does not cover its fee. */
export class FineTuningInsufficientBalanceError extends BaseError {
  static override readonly code = 4204;
  static override readonly description =
    "The fine-tuning task failed at set-up: the sub-account's balance minus pending refunds does not cover the fee the provider computed from the dataset's tokens. Transfer more to the provider (transferFund with the fine-tuning service) and create the task again.";
  override name = "FineTuningInsufficientBalanceError";
  readonly taskId: string;
  /** The task's fee, in neuron. */
  readonly required: bigint;
  /** What the sub-account had available, in neuron. */
  readonly available: bigint;
  constructor({ taskId, required, available }: { taskId: string; required: bigint; available: bigint }) {
    super(`The sub-account does not cover the fee of fine-tuning task ${taskId}.`, {
      code: FineTuningInsufficientBalanceError.code,
      details: `The fee is ${required} neuron; ${available} neuron is available (balance minus pending refunds).`,
    });
    this.taskId = taskId;
    this.required = required;
    this.available = available;
  }
}

/** The task did not reach the awaited state in time. */
export class FineTuningTimeoutError extends BaseError {
  static override readonly code = 4205;
  static override readonly description = "A fine-tuning task did not reach the awaited state (delivered, or settled) within the timeout.";
  override name = "FineTuningTimeoutError";
  readonly taskId: string;
  readonly progress: string | undefined;
  constructor({ taskId, progress, timeout, until }: { taskId: string; progress: string | undefined; timeout: number; until: string }) {
    super(`Fine-tuning task ${taskId} was not ${until} within ${timeout} ms.`, {
      code: FineTuningTimeoutError.code,
      details: progress === undefined ? "Its progress is unknown." : `Its progress is "${progress}".`,
    });
    this.taskId = taskId;
    this.progress = progress;
  }
}

/** `FineTuningServing` has no deliverable for this task. */
export class FineTuningDeliverableNotFoundError extends BaseError {
  static override readonly code = 4206;
  static override readonly description = "FineTuningServing has no deliverable with this task id for the user and provider: the provider has not delivered the model yet.";
  override name = "FineTuningDeliverableNotFoundError";
  readonly taskId: string;
  constructor({ taskId, provider, user }: { taskId: string; provider: Address; user: Address }) {
    super(`No deliverable ${taskId} from provider ${provider} for ${user}.`, {
      code: FineTuningDeliverableNotFoundError.code,
      details: "Wait for it with waitForFineTuningDeliverable.",
    });
    this.taskId = taskId;
  }
}

/** The model is decrypted only after the user acknowledged the deliverable on chain. */
export class FineTuningDeliverableNotAcknowledgedError extends BaseError {
  static override readonly code = 4207;
  static override readonly description =
    "The deliverable is not acknowledged: acknowledge it on chain (acknowledgeFineTuningDeliverable) so the provider settles with the model key.";
  override name = "FineTuningDeliverableNotAcknowledgedError";
  readonly taskId: string;
  constructor({ taskId }: { taskId: string }) {
    super(`Deliverable ${taskId} is not acknowledged.`, {
      code: FineTuningDeliverableNotAcknowledgedError.code,
      details: "Call acknowledgeFineTuningDeliverable; the provider then settles the fee and publishes the encrypted key.",
    });
    this.taskId = taskId;
  }
}

/** The deliverable carries no encrypted key: not settled yet, or settled as unacknowledged (penalty). */
export class FineTuningSecretUnavailableError extends BaseError {
  static override readonly code = 4208;
  static override readonly description =
    "The deliverable has no encrypted model key: the provider has not settled it yet (wait with waitForFineTuningDeliverable({ settled: true })), or settled it as unacknowledged with the penalty fee, which publishes no key.";
  override name = "FineTuningSecretUnavailableError";
  readonly taskId: string;
  readonly reason: "unsettled" | "penalty";
  constructor({ taskId, reason }: { taskId: string; reason: "unsettled" | "penalty" }) {
    super(reason === "unsettled" ? `Deliverable ${taskId} is not settled yet.` : `Deliverable ${taskId} was settled without a key.`, {
      code: FineTuningSecretUnavailableError.code,
      details:
        reason === "unsettled"
          ? "The provider publishes the encrypted key when it settles the fee; wait for the settlement."
          : "It was settled as unacknowledged (penalty fee, empty secret): the model key is not published.",
    });
    this.taskId = taskId;
    this.reason = reason;
  }
}

/** Why a fine-tuned model could not be decrypted. */
export type FineTunedModelDecryptionReason = "secret" | "format" | "signature" | "cipher" | "unavailable";

/** The encrypted model (or its key) could not be opened. */
export class FineTunedModelDecryptionError extends BaseError {
  static override readonly code = 4209;
  static override readonly description =
    "A fine-tuned model could not be decrypted: the encrypted key is not sealed to this private key (`secret`), the file is malformed (`format`), its tag signature is not the provider's TEE signer's (`signature`), the AES-GCM chunks do not verify (`cipher`), or WebCrypto is missing (`unavailable`).";
  override name = "FineTunedModelDecryptionError";
  readonly reason: FineTunedModelDecryptionReason;
  constructor({ reason, details, cause }: { reason: FineTunedModelDecryptionReason; details: string; cause?: unknown }) {
    super(
      {
        secret: "The model key cannot be opened with this private key.",
        format: "The encrypted model is malformed.",
        signature: "The encrypted model is not signed by the provider's TEE.",
        cipher: "The encrypted model does not decrypt.",
        unavailable: "WebCrypto is not available.",
      }[reason],
      { code: FineTunedModelDecryptionError.code, details, ...(cause === undefined ? {} : { cause }) },
    );
    this.reason = reason;
  }
}

/** Only a task that has not started training can be cancelled. */
export class FineTuningTaskNotCancellableError extends BaseError {
  static override readonly code = 4210;
  static override readonly description = "The fine-tuning task cannot be cancelled: only tasks in Init, SettingUp or SetUp (before training) can.";
  override name = "FineTuningTaskNotCancellableError";
  readonly taskId: string;
  constructor({ taskId, providerMessage }: { taskId: string; providerMessage: string }) {
    super(`Fine-tuning task ${taskId} cannot be cancelled.`, {
      code: FineTuningTaskNotCancellableError.code,
      details: `The provider answered: ${providerMessage}`,
    });
    this.taskId = taskId;
  }
}

/**
 * Every error of `@0g/compute` with its stable code and description (4000-4999; the protocol core
 * uses 4000-4099, the client actions 4100-4199, fine-tuning 4200-4299).
 *
 * @example
 * import { computeErrors } from "@0g/compute";
 * computeErrors.find((e) => e.code === 4007); // { name: "SessionTokenExpiredError", ... }
 */
export const computeErrors = /*#__PURE__*/ describeErrors([
  AuthorizationHeaderError,
  AuthorizationEncodingError,
  AuthorizationPayloadError,
  SessionTokenFormatError,
  SessionTokenSignatureFormatError,
  InvalidSessionTokenSignatureError,
  SessionTokenProviderMismatchError,
  SessionTokenExpiredError,
  InvalidEphemeralTokenError,
  SessionTokenGenerationMismatchError,
  SessionTokenRevokedError,
  NoAvailableTokenIdError,
  ResponseSignatureFormatError,
  InvalidResponseSignatureError,
  ResponseSignerMismatchError,
  ResponseTextMismatchError,
  InvalidUsageError,
  ServiceAdditionalInfoError,
  ComputeContractNotFoundError,
  ComputeAccountRequiredError,
  LedgerNotFoundError,
  LedgerExistsError,
  MinimumLedgerBalanceError,
  MinimumTransferError,
  InsufficientLedgerBalanceError,
  LedgerNotEmptyError,
  ComputeServiceNotRegisteredError,
  ComputeTransactionError,
  SubAccountNotFoundError,
  AcknowledgementRevokeError,
  ServiceNotFoundError,
  ProviderUnreachableError,
  ProviderRequestError,
  ProviderTokenRevokedError,
  ProviderTokenExpiredError,
  ProviderInsufficientBalanceError,
  ProviderAccountNotFoundError,
  ResponseSignatureUnavailableError,
  ChatIdNotFoundError,
  ServiceNotVerifiableError,
  ResponseIncompleteError,
  FineTuningServiceNotFoundError,
  FineTuningModelNotFoundError,
  FineTuningTaskNotFoundError,
  FineTuningTaskFailedError,
  FineTuningInsufficientBalanceError,
  FineTuningTimeoutError,
  FineTuningDeliverableNotFoundError,
  FineTuningDeliverableNotAcknowledgedError,
  FineTuningSecretUnavailableError,
  FineTunedModelDecryptionError,
  FineTuningTaskNotCancellableError,
]);
