// The agent's answers: a chat with a 0G Compute provider, paid from the holder's ledger and
// accepted only when the provider's TEE signature covers exactly this request and answer.
import {
  createProviderFetch,
  depositFund,
  getLedger,
  getResponseVerification,
  LedgerNotFoundError,
  minimumLedgerBalance,
  ServiceNotVerifiableError,
  topUpProvider,
} from "@0g/compute";
import { parseEther, type Account, type Address, type Chain, type Client, type Transport } from "viem";
import { AnswerFormatError, UnverifiedAnswerError } from "./errors.js";

/** A wallet client: it signs and pays (compute requests, gas, storage fees). */
export type HolderClient = Client<Transport, Chain | undefined, Account>;

export type FundAgentComputeParameters = {
  /** The provider the agent asks. */
  provider: Address;
  /** 0G to keep available in the ledger (a new ledger needs at least 3). @default 10 0G */
  ledger?: bigint | undefined;
};

export type FundAgentComputeReturnType = {
  /** Neuron deposited into the ledger (0n when it had enough). */
  deposited: bigint;
  /** Neuron moved to the provider's sub-account (its first transfer also acknowledges the provider's TEE signer). */
  transferred: bigint;
};

/**
 * Makes the holder's wallet ready to pay the agent's provider: tops the compute ledger up to
 * `ledger` (opening it when there is none), then the sub-account with the provider (0G's rule:
 * unsettled fees + 2 0G). Safe to call again: it only moves what is missing.
 *
 * @example
 * await fundAgentCompute(alice, { provider });
 */
export async function fundAgentCompute(client: HolderClient, { provider, ledger = parseEther("10") }: FundAgentComputeParameters): Promise<FundAgentComputeReturnType> {
  const available = await getLedger(client, {}).then(
    (l) => l.availableBalance,
    (error: unknown) => {
      if (error instanceof LedgerNotFoundError) return undefined;
      throw error;
    },
  );
  let deposited = 0n;
  if (available === undefined) deposited = ledger > minimumLedgerBalance ? ledger : minimumLedgerBalance;
  else if (available < ledger) deposited = ledger - available;
  if (deposited > 0n) await depositFund(client, { amount: deposited });
  const { transferred } = await topUpProvider(client, { provider });
  return { deposited, transferred };
}

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

export type AskProviderReturnType = {
  answer: string;
  /** The id the provider's TEE signature is filed under. */
  chatId: string;
  /** The TEE signer that signed it (the service's, on chain). */
  signer: Address;
};

/**
 * One chat completion from `provider`, verified: the answer is returned only when its TEE
 * signature checks out against the service's on-chain signer and covers the exact request and
 * response bytes; otherwise {@link UnverifiedAnswerError}.
 */
export async function askProvider(
  client: HolderClient,
  { provider, model, messages, autoTopUp = true }: { provider: Address; model: string; messages: ChatMessage[]; autoTopUp?: boolean | undefined },
): Promise<AskProviderReturnType> {
  const chat = createProviderFetch(client, { provider, verify: true, throwOnError: true, autoTopUp });
  const response = await chat("/chat/completions", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ model, messages }),
  });
  const verifying = getResponseVerification(response);
  const raw = await response.text();
  const verification = await verifying;
  if (!verification?.valid) throw new UnverifiedAnswerError({ provider, cause: verification?.error ?? new ServiceNotVerifiableError({ provider }) });
  let answer: unknown;
  try {
    answer = (JSON.parse(raw) as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message?.content;
  } catch {
    // not JSON: reported below
  }
  if (typeof answer !== "string") throw new AnswerFormatError({ provider, body: raw });
  return { answer, chatId: verification.chatId, signer: verification.signer };
}
