// Helpers of the KV node's integration tests (not part of the package API).
import { encodeStreamData, streamTags, upload, type StreamData } from "@0g/storage";
import { http, createWalletClient, type Address, type Chain, type Hex, type HttpTransport, type WalletClient } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createDevnet, type Devnet } from "../../create-devnet.js";
import type { CreateDevnetOptions } from "../../options.js";

export const utf8 = (text: string) => new TextEncoder().encode(text);
export const b64 = (bytes: Uint8Array | string) => Buffer.from(typeof bytes === "string" ? utf8(bytes) : bytes).toString("base64");
export const fromB64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));
/** A blind write (never conflicts). */
export const blind = 0xffff_ffff_ffff_ffffn;

export type KvTestNet = {
  devnet: Devnet;
  rpcUrl: string;
  kvUrl: string;
  /** Lowercase address of devnet account `index`. */
  address(index: number): Address;
  wallet(index: number): WalletClient<HttpTransport, Chain, PrivateKeyAccount>;
  /**
   * Uploads a KV transaction from account `index` (tags: the streams it names, unless given) and
   * waits for the KV node's result.
   */
  write(
    index: number,
    data: Partial<StreamData> | Uint8Array,
    options?: { streams?: Hex[]; submitter?: Address },
  ): Promise<{ txSeq: number; result: string | null }>;
  /** A JSON-RPC call to the KV node over HTTP: `{ result }` or `{ error }` of the reply. */
  rpc(method: string, params?: unknown): Promise<{ result?: unknown; error?: { code: number; message: string; data?: unknown } }>;
};

/** Every stream id a transaction names, in order of appearance. */
function streamsOf(data: Partial<StreamData>): Hex[] {
  const ids = [...(data.reads ?? []), ...(data.writes ?? []), ...(data.controls ?? [])].map((x) => x.streamId.toLowerCase() as Hex);
  return [...new Set(ids)];
}

/** A served devnet with a KV node and helpers to write to it. */
export async function startKvDevnet(options: CreateDevnetOptions = {}): Promise<KvTestNet> {
  const devnet = await createDevnet({ accounts: 5, ...options });
  const { endpoints } = await devnet.serve({ port: 0 });
  const wallets = new Map<number, WalletClient<HttpTransport, Chain, PrivateKeyAccount>>();
  const wallet = (index: number) => {
    let w = wallets.get(index);
    if (!w) {
      w = createWalletClient({
        account: privateKeyToAccount(devnet.accounts[index]!.privateKey as Hex),
        chain: devnet.chain,
        transport: http(endpoints.rpc, { retryCount: 0 }),
        pollingInterval: 50,
      });
      wallets.set(index, w);
    }
    return w;
  };
  let id = 0;
  return {
    devnet,
    rpcUrl: endpoints.rpc,
    kvUrl: endpoints.kv as string,
    address: (index) => devnet.accounts[index]!.address.toLowerCase() as Address,
    wallet,
    async write(index, data, { streams, submitter } = {}) {
      const bytes = data instanceof Uint8Array ? data : encodeStreamData({ version: blind, reads: [], writes: [], controls: [], ...data });
      const ids = streams ?? (data instanceof Uint8Array ? [] : streamsOf(data));
      const { txSeq } = await upload(wallet(index), {
        data: bytes,
        tags: streamTags(ids),
        skipIfFinalized: false,
        resumeLookback: 0n,
        ...(submitter ? { submitter } : {}),
      });
      return { txSeq, result: await devnet.storage.kv.waitForTransaction(txSeq) };
    },
    async rpc(method, params) {
      const body = JSON.stringify({ jsonrpc: "2.0", id: ++id, method, ...(params === undefined ? {} : { params }) });
      const res = await fetch(endpoints.kv as string, { method: "POST", headers: { "content-type": "application/json" }, body });
      const reply = (await res.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
      return "error" in reply ? { error: reply.error! } : { result: reply.result };
    },
  };
}
