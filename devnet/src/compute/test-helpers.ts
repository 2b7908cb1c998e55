// Shared by the compute tests: a user who funds providers through the LedgerManager with viem and
// chats over HTTP with @0g/compute's protocol core, as a client app would.
import {
  chatSignatureUrl,
  createSessionToken,
  formatAuthorization,
  getChatId,
  serviceEndpoint,
  type SignedSessionToken,
} from "@0g/compute";
import { inferenceServingAbi, ledgerManagerAbi } from "@0g/contracts";
import {
  createPublicClient,
  createWalletClient,
  http,
  parseEther,
  type Abi,
  type Address,
  type Chain,
  type ContractFunctionReturnType,
  type Hex,
  type HttpTransport,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
} from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { computeContractAddresses } from "./contracts.js";
import type { Devnet } from "../create-devnet.js";

export const { ledgerManager, inferenceServing } = computeContractAddresses;

type Service = ContractFunctionReturnType<typeof inferenceServingAbi, "view", "getService">;
type SubAccount = ContractFunctionReturnType<typeof inferenceServingAbi, "view", "getAccount">;
/** A contract write, checked loosely (the tests pass literal ABIs and arguments). */
type Write = { address: Address; abi: Abi; functionName: string; args?: readonly unknown[]; value?: bigint };
type Chat = { res: Response; request: string; response: string; chatId: string | undefined };

/** What {@link computeUser} returns. */
export type ComputeTestUser = {
  account: PrivateKeyAccount;
  address: Address;
  publicClient: PublicClient<HttpTransport, Chain>;
  wallet: WalletClient<HttpTransport, Chain, PrivateKeyAccount>;
  write(request: Write): Promise<TransactionReceipt>;
  service(provider: Address): Promise<Service>;
  subAccount(provider: Address): Promise<SubAccount>;
  fund(provider: Address, options?: { deposit?: string; amount?: string }): Promise<void>;
  token(provider: Address, options?: { duration?: number; kind?: "persistent"; tokenId?: number; timestamp?: number }): Promise<SignedSessionToken>;
  chat(url: string, token: SignedSessionToken | string, body: object): Promise<Chat>;
  signature(url: string, chatId: string, model?: string): Promise<{ status: number; body: unknown }>;
};

/** A devnet user talking to the served devnet over HTTP. */
export function computeUser(devnet: Devnet, rpc: string, privateKey: Hex): ComputeTestUser {
  const account = privateKeyToAccount(privateKey);
  const transport = http(rpc, { retryCount: 0 });
  const publicClient: PublicClient<HttpTransport, Chain> = createPublicClient({ chain: devnet.chain, transport, pollingInterval: 50 });
  const wallet: WalletClient<HttpTransport, Chain, PrivateKeyAccount> = createWalletClient({ chain: devnet.chain, transport, account, pollingInterval: 50 });
  const write = async (request: Write) => {
    const hash = await wallet.writeContract(request as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return receipt;
  };
  const service = (provider: Address) =>
    publicClient.readContract({ address: inferenceServing, abi: inferenceServingAbi, functionName: "getService", args: [provider] });
  const subAccount = (provider: Address) =>
    publicClient.readContract({ address: inferenceServing, abi: inferenceServingAbi, functionName: "getAccount", args: [account.address, provider] });

  return {
    account,
    address: account.address,
    publicClient,
    wallet,
    write,
    service,
    subAccount,
    /** Opens a ledger with `deposit` 0G and moves `amount` 0G to `provider`'s sub-account. */
    async fund(provider: Address, { deposit = "10", amount = "3" }: { deposit?: string; amount?: string } = {}) {
      const ledger = await publicClient
        .readContract({ address: ledgerManager, abi: ledgerManagerAbi, functionName: "getLedger", args: [account.address] })
        .catch(() => undefined);
      if (!ledger) await write({ address: ledgerManager, abi: ledgerManagerAbi, functionName: "addLedger", args: [""], value: parseEther(deposit) });
      await write({ address: ledgerManager, abi: ledgerManagerAbi, functionName: "transferFund", args: [provider, "inference-v1.0", parseEther(amount)] });
    },
    /** An ephemeral session token for `provider` with the account's current generation. */
    async token(provider: Address, options: { duration?: number; kind?: "persistent"; tokenId?: number; timestamp?: number } = {}): Promise<SignedSessionToken> {
      const sub = await subAccount(provider).catch(() => undefined);
      return createSessionToken({ account, provider, generation: sub?.generation ?? 0n, ...options });
    },
    /** POSTs a chat completion to the service at `url` and reads the whole answer. */
    async chat(url: string, token: SignedSessionToken | string, body: object) {
      const text = JSON.stringify(body);
      const res = await fetch(`${serviceEndpoint(url)}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: typeof token === "string" ? token : formatAuthorization(token) },
        body: text,
      });
      const answer = await res.text();
      return { res, request: text, response: answer, chatId: getChatId({ headers: res.headers, body: answer }) };
    },
    /** The provider's signature answer for a chat id. */
    async signature(url: string, chatId: string, model?: string) {
      const res = await fetch(chatSignatureUrl({ url, chatId, model }));
      return { status: res.status, body: (await res.json()) as unknown };
    },
  };
}
