import { flowAbi, marketAbi } from "@0g/contracts";
import {
  fileMerkle,
  loadKeccak,
  segmentBytes,
  submissionSectors,
  toSegmentWithProof,
  toSubmission,
  verifySegmentWithProof,
  fromSegmentWithProof,
  type FileInfo,
  type FileMerkle,
  type SegmentWithProof,
} from "@0g/storage";
import { decodeEventLog, encodeEventTopics, type Hex } from "viem";
import { bloomBits, bloomMayContain } from "./follower.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevnet, type Devnet } from "../create-devnet.js";
import {
  DevnetNotServedError,
  DevnetStoppedError,
  StorageDisabledError,
  StorageNodeStoppedError,
  StorageWaitTimeoutError,
  UnknownStorageNodeError,
} from "../errors.js";

const bytesOf = (size: number, seed: number) => Uint8Array.from({ length: size }, (_, i) => (i * 131 + seed * 7 + (i >> 10)) & 0xff);
const b64 = (s: string | null) => (s === null ? null : new Uint8Array(Buffer.from(s, "base64")));

let devnet: Devnet;
let rpcUrl: string;
let ids = 0;

/** One JSON-RPC call over HTTP; returns the whole response object. */
async function rpc(url: string, method: string, params?: unknown[]) {
  const body = params === undefined ? { jsonrpc: "2.0", id: ++ids, method } : { jsonrpc: "2.0", id: ++ids, method, params };
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return (await res.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
}
async function result<T>(url: string, method: string, params?: unknown[]): Promise<T> {
  const reply = await rpc(url, method, params);
  if (reply.error) throw Object.assign(new Error(reply.error.message), reply.error);
  return reply.result as T;
}

/** Submits a file to Flow as account 0 and returns its merkle tree and txSeq. */
async function submit(bytes: Uint8Array): Promise<{ merkle: FileMerkle; txSeq: number; blockNumber: bigint }> {
  const merkle = await fileMerkle(bytes);
  const flow = devnet.contracts.flow!;
  const price = await devnet.publicClient.readContract({ address: devnet.contracts.market!, abi: marketAbi, functionName: "pricePerSector" });
  const hash = await devnet.walletClient.writeContract({
    address: flow,
    abi: flowAbi,
    functionName: "submit",
    args: [toSubmission(merkle, { submitter: devnet.accounts[0]!.address })],
    value: submissionSectors(merkle.nodes) * price,
  });
  const receipt = await devnet.publicClient.getTransactionReceipt({ hash });
  const log = receipt.logs.find((l) => l.address.toLowerCase() === flow.toLowerCase())!;
  const { args } = decodeEventLog({ abi: flowAbi, eventName: "Submit", data: log.data, topics: log.topics });
  return { merkle, txSeq: Number(args.submissionIndex), blockNumber: receipt.blockNumber };
}

const segment = (merkle: FileMerkle, bytes: Uint8Array, index: number): SegmentWithProof =>
  toSegmentWithProof(merkle, index, segmentBytes(bytes, index));

/** Uploads every segment to the nodes of its shard, over HTTP, as the SDK does. */
async function uploadAll(merkle: FileMerkle, bytes: Uint8Array, txSeq: number) {
  await devnet.storage.sync();
  const info = await devnet.storage.request(0, { method: "zgs_getFileInfoByTxSeq", params: [txSeq] });
  const first = Math.floor(info!.tx.startEntryIndex / 1024);
  for (const node of devnet.storage.nodes) {
    const mine = [];
    for (let i = 0; i < merkle.dataSegments; i++) if ((first + i) % node.numShard === node.shardId) mine.push(segment(merkle, bytes, i));
    if (mine.length === 0) continue;
    // A node may already have the file from a peer (auto sync): 0G's answer, a success for the SDKs.
    const reply = await rpc(node.url, "zgs_uploadSegmentsByTxSeq", [mine, txSeq]);
    if (reply.error) expect(reply.error).toEqual({ code: -32602, message: "Invalid params: root", data: "already uploaded and finalized" });
    else expect(reply.result).toBeNull();
  }
}

beforeAll(async () => {
  // Shard groups only, so every test below exercises sharding (the default adds full nodes).
  devnet = await createDevnet({ storage: { nodes: 4, replicas: 2 } });
  expect(() => devnet.storage.indexerUrl).toThrow(DevnetNotServedError);
  rpcUrl = (await devnet.serve({ port: 0 })).endpoints.rpc;
});
afterAll(() => devnet.stop());

describe("the storage layer", () => {
  it("runs 4 nodes in 2 shard groups, served under /storage and listed by devnet_info", async () => {
    expect(devnet.storage.enabled).toBe(true);
    expect(devnet.storage.nodes.map(({ shardId, numShard }) => `${shardId}/${numShard}`)).toEqual(["0/2", "1/2", "0/2", "1/2"]);
    expect(devnet.storage.nodes.map((n) => n.url)).toEqual([0, 1, 2, 3].map((i) => `${rpcUrl}/storage/${i}`));
    expect(devnet.storage.indexerUrl).toBe(`${rpcUrl}/storage/indexer`);
    const info = await result<ReturnType<Devnet["info"]>>(rpcUrl, "devnet_info");
    expect(info.endpoints).toEqual({
      rpc: rpcUrl,
      indexer: devnet.storage.indexerUrl,
      storageNodes: devnet.storage.nodes.map((n) => n.url),
      kv: `${rpcUrl}/storage/kv`,
      computeProviders: devnet.compute.providers.map((p) => p.url),
      inftOracle: devnet.inft.oracle.url,
    });
    for (const name of ["flow", "market", "reward", "mine"]) expect(info.contracts[name]).toMatch(/^0x[0-9a-fA-F]{40}$/);
    const status = await result<{ networkIdentity: { chainId: number; flowAddress: string } }>(devnet.storage.nodes[1]!.url, "zgs_getStatus");
    expect(status.networkIdentity.chainId).toBe(31337);
    expect(status.networkIdentity.flowAddress).toBe(devnet.contracts.flow!.toLowerCase());
    expect(await result(devnet.storage.nodes[3]!.url, "zgs_getShardConfig")).toEqual({ shardId: 1, numShard: 2 });
  });

  it("sees a Flow submission on every node within 100 ms, in txSeq order", async () => {
    const before = await devnet.storage.request(0, { method: "zgs_getStatus" });
    const { merkle, txSeq } = await submit(bytesOf(3000, 1));
    const started = performance.now(); // the block is mined: the receipt is in
    let infos: (FileInfo | null)[] = [];
    while (performance.now() - started < 2000) {
      infos = await Promise.all(devnet.storage.nodes.map((n) => devnet.storage.request(n.index, { method: "zgs_getFileInfo", params: [merkle.root, false] })));
      if (infos.every(Boolean)) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(performance.now() - started).toBeLessThan(100);
    expect(txSeq).toBe(before.nextTxSeq);
    // A one-segment file: the nodes of the other shard have nothing to store and finalize it at once.
    const start = await startSegment(txSeq);
    for (const [i, info] of infos.entries()) {
      const holds = devnet.storage.nodes[i]!.shardId === start % 2;
      expect(info).toEqual({
        tx: {
          streamIds: [],
          data: [],
          dataMerkleRoot: merkle.root,
          merkleNodes: merkle.nodes.map((n) => [n.height + 1, n.root]),
          startEntryIndex: expect.any(Number),
          size: 3000,
          seq: txSeq,
        },
        finalized: !holds,
        isCached: false,
        uploadedSegNum: holds ? 0 : 1,
        pruned: false,
      });
    }
    const status = await result<{ nextTxSeq: number; logSyncHeight: number }>(devnet.storage.nodes[0]!.url, "zgs_getStatus");
    expect(status.nextTxSeq).toBe(txSeq + 1);
    expect(status.logSyncHeight).toBe(Number(await devnet.publicClient.getBlockNumber()));
  });

  it("reads a block's logs only when its bloom may hold a Flow Submit (the follower's one-call fast path)", async () => {
    const flow = devnet.contracts.flow!;
    const bits = [...bloomBits(flow), ...bloomBits(encodeEventTopics({ abi: flowAbi, eventName: "Submit" })[0]!)];
    const { blockNumber } = await submit(bytesOf(300, 9));
    const withSubmit = await devnet.publicClient.getBlock({ blockNumber });
    expect(bloomMayContain(withSubmit.logsBloom!, bits)).toBe(true);
    const transfer = await devnet.walletClient.sendTransaction({ to: devnet.accounts[1]!.address, value: 1n });
    const plain = await devnet.publicClient.getBlock({ blockNumber: (await devnet.publicClient.getTransactionReceipt({ hash: transfer })).blockNumber });
    expect(bloomMayContain(plain.logsBloom!, bits)).toBe(false);
    expect(bloomMayContain(undefined, bits)).toBe(true); // no bloom: read the logs
    // A submission right after plain blocks still reaches the nodes without an explicit sync.
    const next = await submit(bytesOf(200, 10));
    await expect.poll(() => devnet.storage.request(0, { method: "zgs_getFileInfoByTxSeq", params: [next.txSeq] }), { timeout: 2_000 }).not.toBeNull();
  });

  it("finalizes a multi-segment file uploaded to its shards; each node keeps only its segments", async () => {
    const bytes = bytesOf(4 * 262_144 + 1000, 2); // 5 segments
    const { merkle, txSeq } = await submit(bytes);
    await uploadAll(merkle, bytes, txSeq);
    const finalized = await devnet.storage.waitForFinalized(merkle.root);
    expect(finalized).toEqual({ txSeq, root: merkle.root, nodes: [0, 1, 2, 3] });
    for (const node of devnet.storage.nodes) {
      const info = await result<FileInfo>(node.url, "zgs_getFileInfo", [merkle.root, true]);
      expect(info).toMatchObject({ finalized: true, uploadedSegNum: 5 });
      const start = Math.floor(info.tx.startEntryIndex / 1024);
      for (let i = 0; i < 5; i++) {
        const data = await result<string | null>(node.url, "zgs_downloadSegmentByTxSeq", [txSeq, i * 1024, Math.min((i + 1) * 1024, merkle.chunks)]);
        if ((start + i) % 2 === node.shardId) expect(b64(data)).toEqual(segmentBytes(bytes, i));
        else expect(data).toBeNull();
      }
    }
    // Uploading again: 0G's answer, which the SDKs treat as success.
    expect(await rpc(devnet.storage.nodes[0]!.url, "zgs_uploadSegmentsByTxSeq", [[segment(merkle, bytes, 0)], txSeq])).toMatchObject({
      error: { code: -32602, message: "Invalid params: root", data: "already uploaded and finalized" },
    });
    expect(await result(devnet.storage.nodes[2]!.url, "zgs_checkFileFinalized", [txSeq])).toBe(true);
  });

  it("downloads by root and txSeq, with proofs that verify with @0g/storage", async () => {
    const bytes = bytesOf(262_144 + 1, 3);
    const { merkle, txSeq } = await submit(bytes);
    await uploadAll(merkle, bytes, txSeq);
    await devnet.storage.waitForFinalized(txSeq);
    const keccak = await loadKeccak();
    const out = new Uint8Array(merkle.chunks * 256);
    const start = await startSegment(txSeq);
    const locations = await result<{ url: string; config: { shardId: number } }[]>(devnet.storage.indexerUrl, "indexer_getFileLocations", [merkle.root]);
    expect(locations).toHaveLength(4);
    for (let i = 0; i < merkle.dataSegments; i++) {
      const holder = locations.find((n) => n.config.shardId === (start + i) % 2)!;
      const byRoot = await result<string>(holder.url, "zgs_downloadSegment", [merkle.root, i * 1024, Math.min(i * 1024 + 1024, merkle.chunks)]);
      out.set(b64(byRoot)!, i * 262_144);
      const withProof = await result<SegmentWithProof>(holder.url, "zgs_downloadSegmentWithProof", [merkle.root, i]);
      expect(withProof).toEqual(segment(merkle, bytes, i));
      expect(verifySegmentWithProof(keccak, fromSegmentWithProof(withProof))).toEqual({ ok: true });
      expect(await result(holder.url, "zgs_downloadSegmentWithProofByTxSeq", [txSeq, i])).toEqual(withProof);
    }
    expect(out.subarray(0, bytes.length)).toEqual(bytes);
    expect(await rpc(devnet.storage.nodes[0]!.url, "zgs_downloadSegmentWithProofByTxSeq", [txSeq, 2])).toMatchObject({
      error: { code: -32602, message: "Invalid params: index", data: "index out of bound" },
    });
  });

  it("answers bad segments over HTTP with 0G's errors", async () => {
    const bytes = bytesOf(262_144 * 2, 4);
    const { merkle, txSeq } = await submit(bytes);
    const start = await startSegment(txSeq);
    const url = devnet.storage.nodes.find((n) => n.shardId === start % 2)!.url;
    const good = segment(merkle, bytes, 0);
    const data = Buffer.from(good.data, "base64");
    data.writeUInt8(data[0]! ^ 1, 0);
    expect(await rpc(url, "zgs_uploadSegmentByTxSeq", [{ ...good, data: data.toString("base64") }, txSeq])).toMatchObject({
      error: { code: -32000, message: expect.stringMatching(/^data hash mismatch: leaf_hash=\[/) },
    });
    // A segment's base64 arrives as bytes over HTTP (no long strings): malformed base64 gets serde's error as before.
    for (const [bad, at] of [["$", 100_001], ["-", 5], ["=", 200_000]] as const) {
      const text = good.data.slice(0, at) + bad + good.data.slice(at + 1);
      expect(await rpc(url, "zgs_uploadSegmentByTxSeq", [{ ...good, data: text }, txSeq])).toMatchObject({
        error: { code: -32602, message: expect.stringMatching(/^Invalid byte \d+, offset \d+\.$/) },
      });
    }
    expect(await rpc(url, "zgs_uploadSegmentByTxSeq", [{ ...good, index: 1 }, txSeq])).toMatchObject({
      error: { code: -32000, message: "wrong position: proof_pos=0 provided=1" },
    });
    const lemma = [...good.proof.lemma];
    lemma[1] = `0x${"22".repeat(32)}` as Hex;
    expect(await rpc(url, "zgs_uploadSegmentByTxSeq", [{ ...good, proof: { ...good.proof, lemma } }, txSeq])).toMatchObject({
      error: { code: -32602, message: "Invalid params: proof", data: "validation failed" },
    });
    expect(await rpc(url, "zgs_uploadSegmentByTxSeq", [good])).toEqual(expect.objectContaining({ error: { code: -32602, message: "No more params" } }));
    expect(await rpc(url, "zgs_nope", [])).toMatchObject({ error: { code: -32601, message: "Method not found" } });
    expect(await result(url, "zgs_getFileInfoByTxSeq", [txSeq])).toMatchObject({ finalized: false, uploadedSegNum: 0 });
  });

  it("caches segments uploaded before their submission syncs, and writes them when it does", async () => {
    const bytes = bytesOf(9000, 10);
    const merkle = await fileMerkle(bytes);
    for (const node of devnet.storage.nodes) expect(await result(node.url, "zgs_uploadSegment", [segment(merkle, bytes, 0)])).toBeNull();
    expect(await result(devnet.storage.nodes[0]!.url, "zgs_getFileInfo", [merkle.root, false])).toBeNull();
    const { txSeq } = await submit(bytes);
    expect(await devnet.storage.waitForFinalized(txSeq, { timeout: 1000 })).toMatchObject({ nodes: [0, 1, 2, 3] });
    await expect(devnet.storage.waitForFinalized(`0x${"98".repeat(32)}`, { timeout: 30 })).rejects.toBeInstanceOf(StorageWaitTimeoutError);
  });

  it("answers batches in order and echoes ids above 2^53 and fractional ids byte for byte", async () => {
    const url = devnet.storage.nodes[0]!.url;
    const res = await fetch(url, {
      method: "POST",
      body: '[{"jsonrpc":"2.0","id":18014398509481985,"method":"zgs_getShardConfig"},{"jsonrpc":"2.0","id":17676543210987.654,"method":"zgs_getStatus"},{"jsonrpc":"2.0","method":"zgs_getStatus"}]',
    });
    const text = await res.text();
    expect(text.startsWith('[{"jsonrpc":"2.0","id":18014398509481985,"result":{"shardId":0,"numShard":2}},{"jsonrpc":"2.0","id":17676543210987.654,"result":{')).toBe(true);
    expect(JSON.parse(text)).toHaveLength(2);
    const indexer = await fetch(devnet.storage.indexerUrl, { method: "POST", body: '{"jsonrpc":"2.0","id":123456789012345678901,"method":"indexer_getShardedNodes"}' });
    expect((await indexer.text()).startsWith('{"jsonrpc":"2.0","id":123456789012345678901,"result":{"trusted":[')).toBe(true);
  });

  it("serves the indexer: sharded nodes, file locations and 0G's errors", async () => {
    const nodes = await result<{ trusted: { url: string; config: object; latency: number; since: number }[]; discovered: unknown[] }>(
      devnet.storage.indexerUrl,
      "indexer_getShardedNodes",
    );
    expect(nodes.discovered).toEqual([]);
    expect(nodes.trusted.map((n) => [n.url, n.config])).toEqual(devnet.storage.nodes.map((n) => [n.url, { shardId: n.shardId, numShard: n.numShard }]));
    expect(await rpc(devnet.storage.indexerUrl, "indexer_getFileLocations", [`0x${"99".repeat(32)}`])).toMatchObject({
      error: { code: -32000, message: "file not found" },
    });
    expect(await rpc(devnet.storage.indexerUrl, "indexer_getFileLocations", [])).toMatchObject({
      error: { code: -32602, message: "missing value for required argument 0" },
    });
    expect(await rpc(devnet.storage.indexerUrl, "indexer_nope")).toMatchObject({
      error: { code: -32601, message: "the method indexer_nope does not exist/is not available" },
    });
    // Submitted but not uploaded: known, held by half the nodes (the shard without its segment).
    const { merkle, txSeq } = await submit(bytesOf(1024, 5));
    await devnet.storage.sync();
    expect(await result(devnet.storage.indexerUrl, "indexer_getFileLocations", [merkle.root])).toBeNull();
    await uploadAll(merkle, bytesOf(1024, 5), txSeq);
    // A one-segment file: the other shard's nodes finalize it at sync, having nothing to store.
    const locations = await result<{ url: string }[]>(devnet.storage.indexerUrl, "indexer_getFileLocations", [merkle.root]);
    expect(locations.map((l) => l.url)).toEqual(devnet.storage.nodes.map((n) => n.url));
    const selected = await result<{ trusted: { config: { numShard: number } }[] }>(devnet.storage.indexerUrl, "indexer_getSelectedNodes", [1, "min", true, []]);
    expect(selected.trusted).toHaveLength(2);
  });

  describe("faults", () => {
    let merkle: FileMerkle;
    let txSeq: number;
    const bytes = bytesOf(70_000, 6);
    beforeAll(async () => {
      ({ merkle, txSeq } = await submit(bytes));
      await uploadAll(merkle, bytes, txSeq);
      await devnet.storage.waitForFinalized(txSeq);
    });
    afterAll(() => {
      devnet.storage.clearFaults();
      for (const n of devnet.storage.nodes) devnet.storage.startNode(n.index);
    });
    let holderShard = 0;
    beforeAll(async () => {
      holderShard = (await startSegment(txSeq)) % 2;
    });
    const holderOf = () => devnet.storage.nodes.find((n) => n.shardId === holderShard)!;

    it("a stopped node drops connections, leaves the indexer, and catches up with its data on restart", async () => {
      const node = holderOf();
      devnet.storage.stopNode(node.index);
      expect(devnet.storage.nodes[node.index]!.running).toBe(false);
      await expect(fetch(node.url, { method: "POST", body: '{"jsonrpc":"2.0","id":1,"method":"zgs_getStatus"}' })).rejects.toThrow();
      await expect(devnet.storage.request(node.index, { method: "zgs_getStatus" })).rejects.toBeInstanceOf(StorageNodeStoppedError);
      const { trusted } = await result<{ trusted: { url: string }[] }>(devnet.storage.indexerUrl, "indexer_getShardedNodes");
      expect(trusted.map((n) => n.url)).not.toContain(node.url);
      const later = await submit(bytesOf(500, 7));
      await devnet.storage.sync();
      devnet.storage.startNode(node.index);
      const status = await result<{ nextTxSeq: number }>(node.url, "zgs_getStatus");
      expect(status.nextTxSeq).toBe(later.txSeq + 1);
      expect(b64(await result(node.url, "zgs_downloadSegmentByTxSeq", [txSeq, 0, 1]))).toEqual(bytes.subarray(0, 256));
    });

    it("indexerListsStopped: the indexer keeps listing a stopped node and the files it had, until turned off", async () => {
      const node = holderOf();
      devnet.storage.stopNode(node.index);
      devnet.storage.indexerListsStopped(true);
      const { trusted } = await result<{ trusted: { url: string; config: object }[] }>(devnet.storage.indexerUrl, "indexer_getShardedNodes");
      expect(trusted.find((n) => n.url === node.url)?.config).toEqual({ shardId: node.shardId, numShard: node.numShard });
      const locations = await result<{ url: string }[]>(devnet.storage.indexerUrl, "indexer_getFileLocations", [merkle.root]);
      expect(locations.map((l) => l.url)).toContain(node.url);
      // Listed, but dead: its endpoint still drops connections.
      await expect(fetch(node.url, { method: "POST", body: '{"jsonrpc":"2.0","id":1,"method":"zgs_getStatus"}' })).rejects.toThrow();
      devnet.storage.indexerListsStopped(false);
      const after = await result<{ trusted: { url: string }[] }>(devnet.storage.indexerUrl, "indexer_getShardedNodes");
      expect(after.trusted.map((n) => n.url)).not.toContain(node.url);
      devnet.storage.indexerListsStopped();
      devnet.storage.clearFaults(); // turns it off too
      expect((await result<{ trusted: { url: string }[] }>(devnet.storage.indexerUrl, "indexer_getShardedNodes")).trusted.map((n) => n.url)).not.toContain(node.url);
      devnet.storage.startNode(node.index);
    });

    it("a corrupting node serves flipped bytes that fail verification", async () => {
      const node = holderOf();
      devnet.storage.corrupt(node.index, merkle.root);
      const data = b64(await result(node.url, "zgs_downloadSegmentByTxSeq", [txSeq, 0, 10]))!;
      expect(data).not.toEqual(bytes.subarray(0, 2560));
      expect(data.length).toBe(2560);
      const withProof = await result<SegmentWithProof>(node.url, "zgs_downloadSegmentWithProof", [merkle.root, 0]);
      expect(verifySegmentWithProof(await loadKeccak(), fromSegmentWithProof(withProof)).ok).toBe(false);
      devnet.storage.clearFaults(node.index);
      expect(b64(await result(node.url, "zgs_downloadSegmentByTxSeq", [txSeq, 0, 10]))).toEqual(bytes.subarray(0, 2560));
    });

    it("a withholding node lists the file but serves no data", async () => {
      const node = holderOf();
      devnet.storage.withhold(node.index);
      expect(await result(node.url, "zgs_getFileInfo", [merkle.root, true])).toMatchObject({ finalized: true });
      expect(await result(node.url, "zgs_downloadSegment", [merkle.root, 0, 10])).toBeNull();
      expect(await result(node.url, "zgs_downloadSegmentWithProofByTxSeq", [txSeq, 0])).toBeNull();
      devnet.storage.clearFaults(node.index);
      expect(await result(node.url, "zgs_downloadSegment", [merkle.root, 0, 10])).not.toBeNull();
    });

    it("a slow node answers after its latency, switchable at run time", async () => {
      devnet.storage.setLatency(1, 120);
      let t = performance.now();
      await result(devnet.storage.nodes[1]!.url, "zgs_getShardConfig");
      expect(performance.now() - t).toBeGreaterThanOrEqual(115);
      const { trusted } = await result<{ trusted: { url: string; latency: number }[] }>(devnet.storage.indexerUrl, "indexer_getShardedNodes");
      expect(trusted.find((n) => n.url === devnet.storage.nodes[1]!.url)!.latency).toBeGreaterThanOrEqual(115);
      devnet.storage.setLatency(1, 0);
      t = performance.now();
      await result(devnet.storage.nodes[1]!.url, "zgs_getShardConfig");
      expect(performance.now() - t).toBeLessThan(100);
    });

    it("rejects unknown node indices", () => {
      expect(() => devnet.storage.stopNode(4)).toThrow(UnknownStorageNodeError);
      expect(() => devnet.storage.corrupt(-1)).toThrow(UnknownStorageNodeError);
    });
  });

  it("rolls node state back with the chain on revert (devnet.revert and raw evm_revert)", async () => {
    const id = await devnet.snapshot();
    const before = await devnet.storage.request(0, { method: "zgs_getStatus" });
    const bytes = bytesOf(2000, 8);
    const { merkle, txSeq } = await submit(bytes);
    await uploadAll(merkle, bytes, txSeq);
    await devnet.storage.waitForFinalized(txSeq);
    await devnet.revert(id);
    for (const n of devnet.storage.nodes) {
      expect(await devnet.storage.request(n.index, { method: "zgs_getFileInfo", params: [merkle.root, false] })).toBeNull();
      expect((await devnet.storage.request(n.index, { method: "zgs_getStatus" })).nextTxSeq).toBe(before.nextTxSeq);
    }
    // The same file again gets the same txSeq and uploads fresh.
    const again = await submit(bytes);
    expect(again.txSeq).toBe(txSeq);
    await devnet.storage.sync();
    expect(await devnet.storage.request(0, { method: "zgs_getFileInfoByTxSeq", params: [txSeq] })).toMatchObject({ finalized: false });
    await uploadAll(merkle, bytes, txSeq);
    await devnet.storage.waitForFinalized(txSeq);

    // Over HTTP, as Hardhat's network helpers do it.
    const raw = await result<string>(rpcUrl, "evm_snapshot");
    const third = await submit(bytesOf(300, 9));
    await devnet.storage.sync();
    expect(await devnet.storage.request(1, { method: "zgs_getFileInfoByTxSeq", params: [third.txSeq] })).not.toBeNull();
    expect(await result(rpcUrl, "evm_revert", [raw])).toBe(true);
    expect(await devnet.storage.request(1, { method: "zgs_getFileInfoByTxSeq", params: [third.txSeq] })).toBeNull();
    expect(await devnet.storage.request(1, { method: "zgs_checkFileFinalized", params: [txSeq] })).toBe(true);
  });
});

/** The global segment index where tx `txSeq` starts. */
async function startSegment(txSeq: number): Promise<number> {
  await devnet.storage.sync();
  const info = await devnet.storage.request(0, { method: "zgs_getFileInfoByTxSeq", params: [txSeq] });
  return Math.floor(info!.tx.startEntryIndex / 1024);
}

describe("createDevnet({ storage })", () => {
  it("defaults to two full nodes and one shard group", async () => {
    const fresh = await createDevnet({ accounts: 1, storage: { mining: false } });
    try {
      expect(fresh.storage.nodes.map(({ shardId, numShard }) => `${shardId}/${numShard}`)).toEqual(["0/1", "0/1", "0/2", "1/2"]);
    } finally {
      await fresh.stop();
    }
  });

  it("storage: false leaves the layer out", async () => {
    const bare = await createDevnet({ storage: false, compute: false, accounts: 1 });
    try {
      expect(bare.storage.enabled).toBe(false);
      expect(bare.storage.nodes).toEqual([]);
      expect(() => bare.storage.stopNode(0)).toThrow(StorageDisabledError);
      expect(() => bare.storage.indexerListsStopped()).toThrow(StorageDisabledError);
      expect(bare.contracts.flow).toBeUndefined();
      const { endpoints } = await bare.serve({ port: 0 });
      expect(endpoints).toEqual({ rpc: endpoints.rpc });
      expect((await fetch(`${endpoints.rpc}/storage/0`, { method: "POST", body: "{}" })).status).toBe(404);
    } finally {
      await bare.stop();
    }
  });

  it("without autoSync a node holds only what was uploaded to it", async () => {
    const solo = await createDevnet({ accounts: 1, storage: { nodes: 4, replicas: 2, autoSync: false, mining: false } });
    try {
      const bytes = bytesOf(600_000, 11); // 3 segments
      const merkle = await fileMerkle(bytes);
      const price = await solo.publicClient.readContract({ address: solo.contracts.market!, abi: marketAbi, functionName: "pricePerSector" });
      await solo.walletClient.writeContract({
        address: solo.contracts.flow!,
        abi: flowAbi,
        functionName: "submit",
        args: [toSubmission(merkle, { submitter: solo.accounts[0]!.address })],
        value: submissionSectors(merkle.nodes) * price,
      });
      await solo.storage.sync();
      const { tx } = (await solo.storage.request(0, { method: "zgs_getFileInfoByTxSeq", params: [0] }))!;
      for (const node of [0, 1]) {
        const mine = [0, 1, 2].filter((i) => (Math.floor(tx.startEntryIndex / 1024) + i) % 2 === node).map((i) => segment(merkle, bytes, i));
        await solo.storage.request(node, { method: "zgs_uploadSegmentsByTxSeq", params: [mine, 0] });
      }
      expect(await solo.storage.waitForFinalized(0)).toEqual({ txSeq: 0, root: merkle.root, nodes: [0, 1] });
      expect(await solo.storage.request(2, { method: "zgs_checkFileFinalized", params: [0] })).toBe(false);
    } finally {
      await solo.stop();
    }
  });

  it("takes shard configs per node", async () => {
    const custom = await createDevnet({ accounts: 1, storage: { shards: [{ shardId: 0, numShard: 1 }, { shardId: 3, numShard: 4 }], mining: false } });
    try {
      expect(custom.storage.nodes.map((n) => [n.shardId, n.numShard])).toEqual([[0, 1], [3, 4]]);
    } finally {
      await custom.stop();
    }
    await expect(custom.storage.request(0, { method: "zgs_getStatus" })).rejects.toBeInstanceOf(DevnetStoppedError);
    await expect(createDevnet({ storage: { shards: [{ shardId: 2, numShard: 2 }] } })).rejects.toThrow(/storage\.shards\[0\]\.shardId/);
    await expect(createDevnet({ storage: { shards: [{ shardId: 0, numShard: 3 }] } })).rejects.toThrow(/power of two/);
  });
});
