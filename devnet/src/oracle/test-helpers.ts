// Shared by the INFT oracle tests: users who mint agents with @0g/inft's envelope and 0G Storage,
// ask the devnet's oracle over HTTP as a client would, and send the proofs to the AgentNFT.
import { agentNftAbi } from "@0g/contracts";
import {
  accessNonce,
  agentKeyAddress,
  encodeAgentMetadata,
  encryptEnvelope,
  generateAgentKey,
  publicKeyOf,
  signAccessProof,
  signAccessRequest,
  signTransferRequest,
  type AccessProof,
  type OracleErrorBody,
  type OracleTransferResponse,
} from "@0g/inft";
import { download, upload } from "@0g/storage";
import {
  createPublicClient,
  createWalletClient,
  http,
  parseEventLogs,
  type Address,
  type Chain,
  type Hex,
  type HttpTransport,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
} from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import type { Devnet, ServedDevnet } from "../create-devnet.js";

export type InftUser = {
  key: Hex;
  account: PrivateKeyAccount;
  address: Address;
  publicKey: Hex;
  wallet: WalletClient<HttpTransport, Chain, PrivateKeyAccount>;
};

export type InftHarness = {
  devnet: Devnet;
  served: ServedDevnet;
  publicClient: PublicClient<HttpTransport, Chain>;
  agentNft: Address;
  oracleUrl: string;
  user(index: number): InftUser;
  /** Latest block's timestamp (chain time). */
  chainTime(): Promise<bigint>;
  /** Uploads bytes to the devnet's storage as `user`; resolves to the root. */
  store(user: InftUser, bytes: Uint8Array): Promise<Hex>;
  fetchData(root: Hex): Promise<Uint8Array>;
  /** Encrypts agent metadata to the owner and the oracle (or `recipients`), stores it (`tamper`: altered first) and mints it with its operator. */
  mint(owner: InftUser, data?: Record<string, unknown>, options?: { recipients?: Hex[]; tamper?: boolean }): Promise<{ tokenId: bigint; root: Hex; agentKey: Hex }>;
  dataHashes(tokenId: bigint): Promise<Hex[]>;
  /** Builds, signs and posts a `/v1/transfer` request; every part can be overridden. */
  requestTransfer(params: TransferParams): Promise<{ status: number; body: OracleTransferResponse | OracleErrorBody; request: Record<string, unknown> }>;
  requestAccess(params: { tokenId: bigint; user: InftUser; publicKey?: Hex; signer?: InftUser; dataHashes?: Hex[]; deadline?: bigint }): Promise<{ status: number; body: unknown }>;
  write(user: InftUser, functionName: string, args: readonly unknown[], value?: bigint): Promise<TransactionReceipt>;
  /** How many transactions the oracle's payer has sent (its uploads). */
  payerNonce(): Promise<number>;
};

export type TransferParams = {
  tokenId: bigint;
  from: InftUser;
  to: InftUser;
  clone?: boolean;
  /** Who signs the TransferRequest. @default from */
  signer?: InftUser;
  /** Who signs the access proofs. @default to */
  accessSigner?: InftUser;
  /** The `from` address sent (default `from.address`). */
  fromAddress?: Address;
  targetPubkey?: Hex;
  receiverPublicKey?: Hex;
  dataHashes?: Hex[];
  /** The access proofs' data hashes (default the request's). */
  accessDataHashes?: Hex[];
  deadline?: bigint;
  issuedAt?: bigint;
  agentNft?: Address;
};

/** Serves `devnet` on a free port and returns the helpers. */
export async function inftHarness(devnet: Devnet): Promise<InftHarness> {
  const served = await devnet.serve({ port: 0 });
  const rpc = served.endpoints.rpc;
  const transport = http(rpc, { retryCount: 0 });
  const publicClient: PublicClient<HttpTransport, Chain> = createPublicClient({ chain: devnet.chain, transport, pollingInterval: 50 });
  const agentNft = devnet.inft.contracts.agentNft;
  const oracleUrl = served.endpoints.inftOracle as string;
  const indexer = served.endpoints.indexer as string;

  const user = (index: number): InftUser => {
    const key = devnet.accounts[index]!.privateKey;
    const account = privateKeyToAccount(key);
    return {
      key,
      account,
      address: account.address,
      publicKey: publicKeyOf(key),
      wallet: createWalletClient({ chain: devnet.chain, transport, account, pollingInterval: 50 }),
    };
  };
  const chainTime = async () => (await publicClient.getBlock({ blockTag: "latest" })).timestamp;
  const write = async (u: InftUser, functionName: string, args: readonly unknown[], value?: bigint) => {
    const hash = await u.wallet.writeContract({ address: agentNft, abi: agentNftAbi, functionName, args, ...(value ? { value } : {}) } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
    return receipt;
  };
  const store = async (u: InftUser, bytes: Uint8Array) => (await upload(u.wallet, { data: bytes, indexer, workers: false })).root;
  const dataHashes = async (tokenId: bigint) =>
    (await publicClient.readContract({ address: agentNft, abi: agentNftAbi, functionName: "intelligentDatasOf", args: [tokenId] })).map((d) => d.dataHash);

  const harness: InftHarness = {
    devnet,
    served,
    publicClient,
    agentNft,
    oracleUrl,
    user,
    chainTime,
    store,
    fetchData: async (root) => (await download({ indexer }, { root, workers: false })).data,
    async mint(owner, data = { name: "Ada", model: "0g-devnet/deterministic-chat" }, options = {}) {
      const agentKey = generateAgentKey();
      const { envelope } = await encryptEnvelope({
        plaintext: encodeAgentMetadata({ agentKey, data }),
        recipients: options.recipients ?? [owner.publicKey, devnet.inft.oracle.publicKey],
      });
      // A flipped ciphertext byte: sealed as usual, but nothing authenticates any more.
      if (options.tamper) envelope[envelope.length - 20]! ^= 1;
      const root = await store(owner, envelope);
      const receipt = await write(owner, "mint", [[{ dataDescription: "agent", dataHash: root }], owner.address, agentKeyAddress(agentKey)]);
      const [minted] = parseEventLogs({ abi: agentNftAbi, eventName: "Transfer", logs: receipt.logs });
      return { tokenId: minted!.args.tokenId, root, agentKey };
    },
    dataHashes,
    async requestTransfer(p) {
      const clone = p.clone ?? false;
      const hashes = p.dataHashes ?? (await dataHashes(p.tokenId));
      const now = await chainTime();
      const deadline = p.deadline ?? now + 600n;
      const from = p.fromAddress ?? p.from.address;
      const contract = p.agentNft ?? agentNft;
      const signature = await signTransferRequest(
        (p.signer ?? p.from).account,
        { chainId: devnet.chainId, agentNft: contract },
        { tokenId: p.tokenId, from, to: p.to.address, clone, dataHashes: hashes, deadline },
      );
      const accessProofs: AccessProof[] = [];
      for (const dataHash of p.accessDataHashes ?? hashes)
        accessProofs.push(await signAccessProof((p.accessSigner ?? p.to).account, { dataHash, targetPubkey: p.targetPubkey ?? "0x", nonce: accessNonce(p.issuedAt ?? now) }));
      const request: Record<string, unknown> = {
        agentNft: contract,
        tokenId: p.tokenId.toString(),
        from,
        to: p.to.address,
        clone,
        dataHashes: hashes,
        deadline: deadline.toString(),
        signature,
        accessProofs,
        ...(p.receiverPublicKey ? { receiverPublicKey: p.receiverPublicKey } : {}),
      };
      const res = await fetch(`${oracleUrl}/v1/transfer`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
      return { status: res.status, body: (await res.json()) as OracleTransferResponse | OracleErrorBody, request };
    },
    async requestAccess({ tokenId, user: u, publicKey = u.publicKey, signer = u, dataHashes: hashes, deadline }) {
      const message = {
        tokenId,
        user: u.address,
        publicKey,
        dataHashes: hashes ?? (await dataHashes(tokenId)),
        deadline: deadline ?? (await chainTime()) + 600n,
      };
      const signature = await signAccessRequest(signer.account, { chainId: devnet.chainId, agentNft }, message);
      const body = { agentNft, ...message, tokenId: tokenId.toString(), deadline: message.deadline.toString(), signature };
      const res = await fetch(`${oracleUrl}/v1/access`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    },
    write,
    payerNonce: () => publicClient.getTransactionCount({ address: devnet.inft.oracle.payer }),
  };
  return harness;
}

/** The proofs of an oracle answer as the AgentNFT's `TransferValidityProof[]` takes them. */
export function proofsOf(response: OracleTransferResponse) {
  return response.proofs.map(({ accessProof, ownershipProof }) => ({ accessProof, ownershipProof }));
}
