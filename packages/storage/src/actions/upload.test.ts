import { flowAbi } from "@0g/contracts";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hash, Hex } from "viem";
import { getBalance, getContractEvents, getTransactionReceipt } from "viem/actions";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { EmptyFileError, FileTooLargeError, NodeSelectionError } from "../errors.js";
import { fileMerkle } from "../merkle/source.js";
import { submissionDigest } from "../submission.js";
import { bytesOf, startDevnet, type TestDevnet } from "../test/devnet.js";
import { InsufficientFundsError, TransferAbortedError } from "../transfer/errors.js";
import { findLandedSubmission } from "../transfer/submit.js";
import { selectNodes } from "../rpc/shard.js";
import { download } from "./download.js";
import { getFileInfo } from "./getFileInfo.js";
import { fileRoot } from "./merkleTree.js";
import { upload, type UploadProgressEvent } from "./upload.js";

// Integration tests against a devnet: generous timeouts for a loaded 2-core CI machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let env: TestDevnet;
let dir: string;
beforeAll(async () => {
  env = await startDevnet({ accounts: 12 });
  dir = await mkdtemp(join(tmpdir(), "0g-storage-test-"));
});
afterAll(async () => {
  await env.devnet.stop();
  await rm(dir, { recursive: true, force: true });
});

const flow = () => env.devnet.contracts.flow!;
/** How many `Submit` events of this file's data the chain has (every sender). */
async function submits(data: Uint8Array): Promise<number> {
  const merkle = await fileMerkle(data);
  const logs = await getContractEvents(env.devnet.publicClient, { address: flow(), abi: flowAbi, eventName: "Submit", args: { identity: submissionDigest(merkle.nodes) }, fromBlock: 0n });
  return logs.length;
}
const nextTxSeq = async () => (await env.devnet.storage.request(0, { method: "zgs_getStatus" })).nextTxSeq;
async function gasPaid(hash: Hash): Promise<bigint> {
  const receipt = await getTransactionReceipt(env.devnet.publicClient, { hash });
  return receipt.gasUsed * receipt.effectiveGasPrice;
}

describe("upload and download round trips", () => {
  const MiB = 1024 * 1024;
  for (const size of [1, 255, 256, 257, 262_144, 262_144 + 256, 3 * MiB + 12_345]) {
    it(`${size} bytes: uploaded, finalized and downloaded byte-exact`, async () => {
      const data = bytesOf(size, size);
      const result = await upload(env.wallet(1), { data });
      expect(result).toMatchObject({ root: await fileRoot(data), status: "uploaded", size, totalSize: size });
      expect(result.txHash).toMatch(/^0x[0-9a-f]{64}$/);
      expect(result.fee).toBeGreaterThan(0n);
      expect(result.fragments).toHaveLength(1);
      const info = await env.devnet.storage.request(0, { method: "zgs_getFileInfoByTxSeq", params: [result.txSeq] });
      expect(info).toMatchObject({ finalized: true, tx: { size, dataMerkleRoot: result.root } });
      const { data: back, size: got } = await download(env.wallet(1), { root: result.root });
      expect(got).toBe(size);
      expect(back).toEqual(data);
    });
  }

  it("reports progress: hashing, submitting, submitted, syncing, uploading (to every byte), finalizing, done", async () => {
    const events: UploadProgressEvent[] = [];
    const data = bytesOf(600_000, 77);
    const result = await upload(env.wallet(1), { data, taskSize: 1, onProgress: (e) => events.push(e) });
    const kinds = events.map((e) => e.type).filter((t, i, all) => all[i - 1] !== t);
    expect(kinds).toEqual(["hashing", "submitting", "submitted", "syncing", "uploading", "finalizing", "done"]);
    expect(events.find((e) => e.type === "hashing" && e.bytes === 600_000)).toBeDefined();
    const last = events.filter((e) => e.type === "uploading").at(-1)!;
    // 3 segments, one copy each (replicas 1): 262144 + 262144 + (600000 - 524288 rounded up to a chunk)
    expect(last).toMatchObject({ segments: 3, totalSegments: 3, bytes: 600_064, totalBytes: 600_064, txSeq: result.txSeq });
    expect(events.at(-1)).toMatchObject({ type: "done", status: "uploaded", root: result.root });
  });
});

describe("sources and sinks", () => {
  it("a Blob, downloaded to a Blob", async () => {
    const data = bytesOf(300_000, 11);
    const { root } = await upload(env.wallet(2), { data: new Blob([data]) });
    const { data: blob } = await download(env.wallet(2), { root, to: "blob" });
    expect(blob).toBeInstanceOf(Blob);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(data);
  });

  it("a File, downloaded into a WritableStream in order", async () => {
    const data = bytesOf(1_100_000, 12);
    const { root } = await upload(env.wallet(2), { data: new File([data], "photo.jpg") });
    const chunks: Uint8Array[] = [];
    const result = await download(env.wallet(2), { root, to: new WritableStream({ write: (chunk) => void chunks.push(chunk) }), concurrency: 3 });
    expect(result.data).toBeUndefined();
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(data));
  });

  it("a ReadableStream is read once (spooled to a temporary file, then removed), downloaded to a path", async () => {
    const data = bytesOf(5 * 1024 * 1024 + 7, 13);
    const before = (await readdir(tmpdir())).filter((n) => n.startsWith("0g-upload-")).length;
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const at = pulls++ * 100_003;
        if (at >= data.length) controller.close();
        else controller.enqueue(data.slice(at, at + 100_003));
      },
    });
    const result = await upload(env.wallet(2), { data: stream });
    expect(result.root).toBe(await fileRoot(data));
    expect((await readdir(tmpdir())).filter((n) => n.startsWith("0g-upload-")).length).toBe(before);
    const out = join(dir, "stream.bin");
    expect(await download(env.wallet(2), { root: result.root, to: { path: out } })).toMatchObject({ path: out, size: data.length });
    expect(new Uint8Array(await readFile(out))).toEqual(data);
  });

  it("a file path, downloaded to bytes", async () => {
    const data = bytesOf(777_777, 14);
    const path = join(dir, "source.bin");
    await writeFile(path, data);
    const { root } = await upload(env.wallet(2), { data: path });
    expect((await download(env.wallet(2), { root })).data).toEqual(data);
  });
});

describe("replicas, skipping and never paying twice", () => {
  it("replicas: 2 stores every segment on two nodes (whatever the node layout)", async () => {
    const data = bytesOf(900_000, 21);
    const result = await upload(env.wallet(3), { data, replicas: 2 });
    const info = await getFileInfo(env.wallet(3), { root: result.root });
    const finalized = info.nodes.filter((n) => n.info.finalized);
    expect(result.nodes.every((url) => finalized.some((n) => n.url === url))).toBe(true);
    expect(selectNodes(finalized, 2).ok).toBe(true);
    await expect(upload(env.wallet(3), { data: bytesOf(10, 1), replicas: 5 })).rejects.toThrow(NodeSelectionError);
  });

  it("a file the nodes have finalized is skipped: nothing is submitted or paid", async () => {
    const data = bytesOf(400_000, 22);
    const first = await upload(env.wallet(3), { data });
    const address = env.wallet(3).account.address;
    const balance = await getBalance(env.devnet.publicClient, { address });
    const seq = await nextTxSeq();
    const again = await upload(env.wallet(3), { data });
    expect(again).toMatchObject({ status: "skipped", txSeq: first.txSeq, root: first.root, fee: 0n, txHash: undefined });
    expect(await getBalance(env.devnet.publicClient, { address })).toBe(balance);
    expect(await nextTxSeq()).toBe(seq);
    // skipIfFinalized: false stores it again, as a new submission.
    const forced = await upload(env.wallet(3), { data, skipIfFinalized: false });
    expect(forced.status).toBe("uploaded");
    expect(forced.txSeq).not.toBe(first.txSeq);
    expect(await submits(data)).toBe(2);
  });

  it("resumes a submission that landed before a crash: no second Submit, same txSeq, charged once", async () => {
    const data = bytesOf(1_500_000, 23);
    const wallet = env.wallet(4);
    const address = wallet.account.address;
    const start = await getBalance(env.devnet.publicClient, { address });
    const controller = new AbortController();
    let sent: Hash | undefined;
    const crashed = await upload(wallet, {
      data,
      signal: controller.signal,
      onSubmitted: ({ txHash }) => {
        sent = txHash;
        controller.abort(new Error("crash"));
      },
    }).catch((e: unknown) => e);
    expect(crashed).toBeInstanceOf(TransferAbortedError);
    expect((crashed as TransferAbortedError).txHash).toBe(sent);
    const root = (crashed as TransferAbortedError).root!;
    const afterCrash = await getBalance(env.devnet.publicClient, { address });
    const firstCost = start - afterCrash;

    // What the lookup before submitting finds: the landed Submit of this file by this submitter.
    const merkle = await fileMerkle(data);
    const landed = await findLandedSubmission(wallet, { flow: flow(), submitter: address, merkle, lookback: 10_000n });
    expect(landed?.txHash).toBe(sent);
    expect(await findLandedSubmission(wallet, { flow: flow(), submitter: env.wallet(5).account.address, merkle, lookback: 10_000n })).toBeUndefined();

    const resumed = await upload(wallet, { data });
    expect(resumed).toMatchObject({ status: "resumed", root, txSeq: landed!.txSeq, fee: 0n });
    expect(await submits(data)).toBe(1);
    expect(await getBalance(env.devnet.publicClient, { address })).toBe(afterCrash);
    expect(firstCost).toBe((await gasPaid(sent!)) + (await readFee(data)));
    expect((await download(wallet, { root })).data).toEqual(data);
  });

  it("resumes a submission that was still pending at the crash when given its hash (onSubmitted)", async () => {
    const data = bytesOf(300_000, 24);
    const wallet = env.wallet(5);
    await env.devnet.setMining({ mode: "manual" });
    try {
      const controller = new AbortController();
      let sent: Hash | undefined;
      await expect(
        upload(wallet, {
          data,
          signal: controller.signal,
          onSubmitted: ({ txHash }) => {
            sent = txHash;
            controller.abort(new Error("crash"));
          },
        }),
      ).rejects.toThrow(TransferAbortedError);
      expect(await submits(data)).toBe(0); // not mined yet
      const mined = new Promise((r) => setTimeout(r, 300)).then(() => env.devnet.mine());
      const resumed = await upload(wallet, { data, txHash: sent! });
      await mined;
      expect(resumed).toMatchObject({ status: "resumed", txHash: sent, fee: 0n });
      expect(await submits(data)).toBe(1);
    } finally {
      await env.devnet.setMining({ mode: "auto" });
    }
  });
});

async function readFee(data: Uint8Array): Promise<bigint> {
  const { readPricePerSector, submissionFee } = await import("../transfer/submit.js");
  return submissionFee(await fileMerkle(data), await readPricePerSector(env.devnet.publicClient, flow()));
}

describe("failures before anything is paid", () => {
  it("insufficient funds: a typed error, no transaction, the balance untouched", async () => {
    const wallet = env.wallet(6);
    const address = wallet.account.address;
    const data = bytesOf(50_000, 31);
    const fee = await readFee(data);
    for (const balance of [fee - 1n, fee + 1n /* the fee but no gas */]) {
      await env.devnet.setBalance(address, balance);
      const seq = await nextTxSeq();
      const error = await upload(wallet, { data }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InsufficientFundsError);
      expect(error).toMatchObject({ code: 2102, address, balance });
      expect(await getBalance(env.devnet.publicClient, { address })).toBe(balance);
      expect(await nextTxSeq()).toBe(seq);
    }
  });

  it("an empty file is EmptyFileError, whatever the source: nothing sent or paid", async () => {
    const wallet = env.wallet(7);
    const balance = await getBalance(env.devnet.publicClient, { address: wallet.account.address });
    const seq = await nextTxSeq();
    const empty = () => new ReadableStream<Uint8Array>({ start: (c) => c.close() });
    const path = join(dir, "empty.bin");
    await writeFile(path, new Uint8Array(0));
    for (const data of [new Uint8Array(0), new Blob([]), empty(), path]) await expect(upload(wallet, { data })).rejects.toThrow(EmptyFileError);
    expect(await nextTxSeq()).toBe(seq);
    expect(await getBalance(env.devnet.publicClient, { address: wallet.account.address })).toBe(balance);
  });

  it("a file over maxFileSize is FileTooLargeError before it is hashed or paid, whatever the source", async () => {
    const wallet = env.wallet(7);
    const balance = await getBalance(env.devnet.publicClient, { address: wallet.account.address });
    const seq = await nextTxSeq();
    const data = bytesOf(300_000, 33);
    const path = join(dir, "large.bin");
    await writeFile(path, data);
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          for (let at = 0; at < data.length; at += 65_536) c.enqueue(data.slice(at, at + 65_536));
          c.close();
        },
      });
    for (const source of [data, new Blob([data]), path, stream()]) {
      const events: UploadProgressEvent[] = [];
      const error = await upload(wallet, { data: source, maxFileSize: 200_000, onProgress: (e) => events.push(e) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FileTooLargeError);
      expect(error).toMatchObject({ code: 2007, maxFileSize: 200_000 });
      expect((error as FileTooLargeError).size).toBeGreaterThan(200_000);
      expect(events.some((e) => e.type === "submitting")).toBe(false);
      // A source of known size is refused before a byte is hashed; a stream within one piece of the limit.
      const hashed = Math.max(0, ...events.map((e) => (e.type === "hashing" ? e.bytes : 0)));
      expect(hashed).toBeLessThanOrEqual(source instanceof ReadableStream ? 200_000 : 0);
    }
    // Encrypted: the limit counts the header too.
    await expect(upload(wallet, { data: bytesOf(200_000, 34), maxFileSize: 200_000, encryption: { type: "aes256", key: bytesOf(32, 35) } })).rejects.toThrow(FileTooLargeError);
    await expect(upload(wallet, { data, maxFileSize: 0 })).rejects.toThrow(/maxFileSize/);
    expect(await nextTxSeq()).toBe(seq);
    expect(await getBalance(env.devnet.publicClient, { address: wallet.account.address })).toBe(balance);
    // At the limit it goes through.
    expect(await upload(wallet, { data: bytesOf(200_000, 36), maxFileSize: 200_000 })).toMatchObject({ status: "uploaded", size: 200_000 });
  });

  it("an aborted signal stops the upload with TransferAbortedError", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    const error = await upload(env.wallet(7), { data: bytesOf(1000, 32), signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferAbortedError);
    expect((error as TransferAbortedError).cause).toMatchObject({ message: "stop" });
  });
});

describe("fragments and encryption", () => {
  it("files over fragmentSize are split: each fragment its own submission; download joins them", async () => {
    const data = bytesOf(1_200_000, 41);
    const result = await upload(env.wallet(8), { data, fragmentSize: 300_000 }); // rounded up to 512 KiB
    expect(result.fragments.map((f) => f.size)).toEqual([524_288, 524_288, 151_424]);
    expect(new Set(result.fragments.map((f) => f.txSeq)).size).toBe(3);
    expect(result.roots).toEqual(result.fragments.map((f) => f.root));
    expect(result.totalFee).toBe(result.fragments.reduce((s, f) => s + f.fee, 0n));
    expect((await download(env.wallet(8), { root: result.roots })).data).toEqual(data);
  });

  it("aes256 and ecies: the nodes store ciphertext, the key gets the plaintext back (fragments too)", async () => {
    const data = bytesOf(700_000, 42);
    const key = bytesOf(32, 43);
    const aes = await upload(env.wallet(8), { data, encryption: { type: "aes256", key } });
    expect(aes.size).toBe(data.length + 17);
    const raw = (await download(env.wallet(8), { root: aes.root })).data;
    expect(raw[0]).toBe(1);
    expect(raw.subarray(17)).not.toEqual(data);
    expect((await download(env.wallet(8), { root: aes.root, decryption: { type: "aes256", key } })).data).toEqual(data);

    const owner = env.wallet(9).account;
    const split = await upload(env.wallet(8), { data, fragmentSize: 262_144, encryption: { type: "ecies", publicKey: owner.publicKey } });
    expect(split.fragments).toHaveLength(3);
    const { data: back, size } = await download(env.wallet(8), {
      root: split.roots,
      decryption: { type: "ecies", privateKey: env.devnet.accounts[9]!.privateKey as Hex },
    });
    expect(size).toBe(data.length);
    expect(back).toEqual(data);
  });
});
