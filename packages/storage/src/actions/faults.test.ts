import { flowAbi } from "@0g/contracts";
import { getBalance, getContractEvents } from "viem/actions";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { fileMerkle } from "../merkle/source.js";
import { submissionDigest } from "../submission.js";
import { bytesOf, startDevnet, type TestDevnet } from "../test/devnet.js";
import { NodeSelectionError } from "../errors.js";
import { SegmentUploadError } from "../transfer/errors.js";
import { download } from "./download.js";
import { upload } from "./upload.js";

// Integration tests against a devnet: generous timeouts for a loaded 2-core CI machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

// Storage nodes dying in the middle of an upload (devnet faults). Nodes 0..3 with shards 0/2, 1/2,
// 0/2, 1/2: replicas 1 selects nodes 0 and 1, so nodes 2 and 3 are the spares.

let env: TestDevnet;
beforeAll(async () => {
  env = await startDevnet({ storage: { shards: [0, 1, 0, 1].map((shardId) => ({ shardId, numShard: 2 })) } });
});
afterAll(() => env.devnet.stop());
afterEach(() => {
  env.devnet.storage.clearFaults();
  for (let i = 0; i < 4; i++) env.devnet.storage.startNode(i);
});

async function submits(data: Uint8Array): Promise<number> {
  const merkle = await fileMerkle(data);
  const logs = await getContractEvents(env.devnet.publicClient, {
    address: env.devnet.contracts.flow!,
    abi: flowAbi,
    eventName: "Submit",
    args: { identity: submissionDigest(merkle.nodes) },
    fromBlock: 0n,
  });
  return logs.length;
}

const fast = { taskSize: 1, concurrency: 2, retry: { count: 1, delay: 10 } } as const;

describe("a storage node dies mid-upload", () => {
  it("its shard's segments go to another node of the shard; one payment", async () => {
    const data = bytesOf(2_000_000, 61); // 8 segments, 4 per shard
    const nodes = env.devnet.storage.nodes;
    const result = await upload(env.wallet(1), {
      data,
      ...fast,
      onProgress: (e) => {
        if (e.type === "uploading" && e.segments === 1 && nodes[1]!.running) env.devnet.storage.stopNode(1);
      },
    });
    expect(result.status).toBe("uploaded");
    expect(result.nodes).toContain(nodes[3]!.url);
    expect(result.nodes).not.toContain(nodes[1]!.url);
    expect(await env.devnet.storage.request(3, { method: "zgs_getFileInfoByTxSeq", params: [result.txSeq] })).toMatchObject({ finalized: true });
    expect(await submits(data)).toBe(1);
    expect((await download(env.wallet(1), { root: result.root })).data).toEqual(data);
  });

  it("when every node of a shard dies: SegmentUploadError with the txSeq; a retry resumes without paying", { timeout: 20_000 }, async () => {
    const data = bytesOf(2_000_000, 62);
    const wallet = env.wallet(2);
    const error = await upload(wallet, {
      data,
      ...fast,
      onProgress: (e) => {
        if (e.type === "uploading" && e.segments === 1 && env.devnet.storage.nodes[1]!.running) {
          env.devnet.storage.stopNode(1);
          env.devnet.storage.stopNode(3);
        }
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SegmentUploadError);
    const failed = error as SegmentUploadError;
    expect(failed.code).toBe(2105);
    expect(failed.segments.length).toBeGreaterThan(0);
    expect(failed.txSeq).toBeTypeOf("number");

    env.devnet.storage.startNode(1);
    env.devnet.storage.startNode(3);
    const balance = await getBalance(env.devnet.publicClient, { address: wallet.account.address });
    const retried = await upload(wallet, { data });
    expect(retried).toMatchObject({ status: "resumed", txSeq: failed.txSeq, fee: 0n });
    expect(await getBalance(env.devnet.publicClient, { address: wallet.account.address })).toBe(balance);
    expect(await submits(data)).toBe(1);
    expect((await download(wallet, { root: retried.root })).data).toEqual(data);
  });

  it("a node already down when the upload starts is left out by the indexer", async () => {
    env.devnet.storage.stopNode(0);
    const data = bytesOf(700_000, 63);
    const result = await upload(env.wallet(3), { data, ...fast });
    expect(result.nodes).not.toContain(env.devnet.storage.nodes[0]!.url);
    expect((await download(env.wallet(3), { root: result.root })).data).toEqual(data);
  });
});

describe("an indexer that lists dead nodes (devnet.storage.indexerListsStopped)", () => {
  const nextTxSeq = async () => (await env.devnet.storage.request(2, { method: "zgs_getStatus" })).nextTxSeq;

  it("upload: a listed node that is down is replaced before paying; one payment; download via the live ones", async () => {
    env.devnet.storage.stopNode(0);
    env.devnet.storage.indexerListsStopped(true);
    const { trusted } = (
      (await fetch(env.devnet.storage.indexerUrl, {
        method: "POST",
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "indexer_getShardedNodes" }),
      }).then((r) => r.json())) as { result: { trusted: { url: string }[] } }
    ).result;
    expect(trusted.map((n) => n.url)).toContain(env.devnet.storage.nodes[0]!.url); // listed, though dead
    const data = bytesOf(1_100_000, 64);
    const result = await upload(env.wallet(4), { data, ...fast });
    expect(result.status).toBe("uploaded");
    expect(result.nodes).not.toContain(env.devnet.storage.nodes[0]!.url);
    expect(await submits(data)).toBe(1);
    expect((await download(env.wallet(4), { root: result.root })).data).toEqual(data);
  });

  it("upload: when every listed node of a shard is down, NodeSelectionError before anything is paid", async () => {
    env.devnet.storage.stopNode(1);
    env.devnet.storage.stopNode(3);
    env.devnet.storage.indexerListsStopped(true);
    const wallet = env.wallet(5);
    const balance = await getBalance(env.devnet.publicClient, { address: wallet.account.address });
    const seq = await nextTxSeq();
    const data = bytesOf(700_000, 65);
    const error = await upload(wallet, { data, ...fast }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeSelectionError);
    expect(await nextTxSeq()).toBe(seq);
    expect(await getBalance(env.devnet.publicClient, { address: wallet.account.address })).toBe(balance);
    expect(await submits(data)).toBe(0);
  });

  it("download: the indexer locates the file on a dead node too; the live replica serves it", async () => {
    const data = bytesOf(1_300_000, 66);
    const { root } = await upload(env.wallet(4), { data, replicas: 2 });
    env.devnet.storage.stopNode(0);
    env.devnet.storage.stopNode(3);
    env.devnet.storage.indexerListsStopped(true);
    const locations = (
      (await fetch(env.devnet.storage.indexerUrl, {
        method: "POST",
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "indexer_getFileLocations", params: [root] }),
      }).then((r) => r.json())) as { result: { url: string }[] }
    ).result;
    expect(locations.map((l) => l.url)).toEqual(expect.arrayContaining([env.devnet.storage.nodes[0]!.url, env.devnet.storage.nodes[3]!.url]));
    expect((await download({ indexer: env.devnet.storage.indexerUrl }, { root })).data).toEqual(data);
    expect((await download(env.wallet(4), { root, concurrency: 2 })).data).toEqual(data);
  });
});
