// Shared by the fine-tuning tests: a user who funds a fine-tuning provider through the LedgerManager,
// uploads datasets to the devnet's 0G Storage with @0g/storage, and talks to the provider over
// HTTP with @0g/compute's protocol core (what 0G's SDK sends), as a client app would.
import { fineTuningCancelHash, fineTuningTaskNonce, signFineTuningTaskRequest, type FineTuningTaskJson } from "@0g/compute";
import { fineTuningServingAbi, ledgerManagerAbi } from "@0g/contracts";
import { upload } from "@0g/storage";
import {
  createPublicClient,
  createWalletClient,
  http,
  parseEther,
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
import type { Devnet } from "../../create-devnet.js";
import { computeContractAddresses } from "../contracts.js";

export const { ledgerManager, fineTuningServing } = computeContractAddresses;

/** A JSONL dataset of `count` instruction records. */
export function dataset(count = 6, topic = "0G"): Uint8Array {
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({ instruction: `Question ${i} about ${topic}?`, input: "", output: `Answer ${i}: ${topic} is a modular AI chain with storage, DA and compute.` }),
  );
  return new TextEncoder().encode(`${lines.join("\n")}\n`);
}

export const trainingParams = JSON.stringify({ num_train_epochs: 2, learning_rate: 0.0002, per_device_train_batch_size: 2 });

type SubAccount = ContractFunctionReturnType<typeof fineTuningServingAbi, "view", "getAccount">;
type Deliverable = ContractFunctionReturnType<typeof fineTuningServingAbi, "view", "getDeliverable">;
type Write = { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[]; value?: bigint };

/** What {@link fineTuningUser} returns. */
export type FineTuningTestUser = {
  account: PrivateKeyAccount;
  address: Address;
  privateKey: Hex;
  publicClient: PublicClient<HttpTransport, Chain>;
  wallet: WalletClient<HttpTransport, Chain, PrivateKeyAccount>;
  write(request: Write): Promise<TransactionReceipt>;
  fund(provider: Address, options?: { deposit?: string; amount?: string }): Promise<void>;
  subAccount(provider: Address): Promise<SubAccount>;
  deliverable(provider: Address, id: string): Promise<Deliverable>;
  acknowledge(provider: Address, id: string): Promise<TransactionReceipt>;
  upload(data: Uint8Array): Promise<Hex>;
  createTask(
    url: string,
    task: { model: Hex; datasetHash: Hex; params?: string; nonce?: bigint; wait?: boolean },
  ): Promise<{ status: number; body: { id?: string; error?: string } }>;
  task(url: string, id: string): Promise<FineTuningTaskJson>;
  log(url: string, id: string): Promise<string>;
  cancel(url: string, id: string): Promise<{ status: number; body: string }>;
};

/** A devnet user talking to the served devnet over HTTP. */
export function fineTuningUser(devnet: Devnet, rpc: string, privateKey: Hex): FineTuningTestUser {
  const account: PrivateKeyAccount = privateKeyToAccount(privateKey);
  const transport = http(rpc, { retryCount: 0 });
  const publicClient: PublicClient<HttpTransport, Chain> = createPublicClient({ chain: devnet.chain, transport, pollingInterval: 50 });
  const wallet: WalletClient<HttpTransport, Chain, PrivateKeyAccount> = createWalletClient({ chain: devnet.chain, transport, account, pollingInterval: 50 });
  const write = async (request: Write) => {
    const hash = await wallet.writeContract(request as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return receipt;
  };
  const user: FineTuningTestUser = {
    account,
    address: account.address,
    privateKey,
    publicClient,
    wallet,
    write,
    /** Opens a ledger with `deposit` 0G (if none) and moves `amount` 0G to the provider's fine-tuning sub-account. */
    async fund(provider: Address, { deposit = "10", amount = "2" }: { deposit?: string; amount?: string } = {}) {
      const ledger = await publicClient.readContract({ address: ledgerManager, abi: ledgerManagerAbi, functionName: "getLedger", args: [account.address] }).catch(() => undefined);
      if (!ledger) await write({ address: ledgerManager, abi: ledgerManagerAbi, functionName: "addLedger", args: [""], value: parseEther(deposit) });
      await write({ address: ledgerManager, abi: ledgerManagerAbi, functionName: "transferFund", args: [provider, "fine-tuning-v1.0", parseEther(amount)] });
    },
    subAccount: (provider: Address) =>
      publicClient.readContract({ address: fineTuningServing, abi: fineTuningServingAbi, functionName: "getAccount", args: [account.address, provider] }),
    deliverable: (provider: Address, id: string) =>
      publicClient.readContract({ address: fineTuningServing, abi: fineTuningServingAbi, functionName: "getDeliverable", args: [account.address, provider, id] }),
    acknowledge: (provider: Address, id: string) => write({ address: fineTuningServing, abi: fineTuningServingAbi, functionName: "acknowledgeDeliverable", args: [provider, id] }),
    /** Uploads bytes to the devnet's 0G Storage; resolves to the root once the nodes finalized it. */
    async upload(data: Uint8Array): Promise<Hex> {
      const { root } = await upload(wallet, { data, workers: false });
      return root;
    },
    /** POSTs a task as 0G's SDK does; resolves to the HTTP answer. */
    async createTask(url: string, { model, datasetHash, params = trainingParams, nonce = fineTuningTaskNonce(), wait = false }: { model: Hex; datasetHash: Hex; params?: string; nonce?: bigint; wait?: boolean }) {
      const signature = await signFineTuningTaskRequest({ account, nonce, datasetHash });
      const body = { userAddress: account.address, datasetHash, trainingParams: params, preTrainedModelHash: model, fee: "0", nonce: nonce.toString(), signature, wait };
      const res = await fetch(`${url}/v1/user/${account.address}/task`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as { id?: string; error?: string } };
    },
    async task(url: string, id: string): Promise<FineTuningTaskJson> {
      const res = await fetch(`${url}/v1/user/${account.address}/task/${id}`);
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
      return (await res.json()) as FineTuningTaskJson;
    },
    async log(url: string, id: string): Promise<string> {
      return (await fetch(`${url}/v1/user/${account.address}/task/${id}/log`)).text();
    },
    async cancel(url: string, id: string) {
      const signature = await account.signMessage({ message: { raw: fineTuningCancelHash(id) } });
      const res = await fetch(`${url}/v1/user/${account.address}/task/${id}/cancel`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ signature }) });
      return { status: res.status, body: await res.text() };
    },
  };
  return user;
}
