import { execFile } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { defineBench, type BenchContext, type Measurement } from "../../../bench/harness.js";
import { createDevnet } from "../../../devnet/src/index.js";

// Upload + download of a file of random bytes through a served devnet with 4 storage nodes in 2
// shard groups, 2 replicas of every segment: @0g/storage beside 0G's official TypeScript SDK
// (@0gfoundation/0g-ts-sdk 1.2.8). Each client runs in its own Node process (transfer-client.mjs,
// importing the BUILT packages, as users do) so that its peak RSS (VmHWM) is the client's alone;
// the devnet stays in this process and is reached over HTTP. Every run gets a fresh
// devnet, so no file is ever known to the nodes beforehand. One op is one MiB: ops/s reads as MiB/s.

const here = dirname(fileURLToPath(import.meta.url));
const MiB = 1024 * 1024;
const run = promisify(execFile);

/** Our sizes: 256 MiB beside the official SDK, and 64 MiB / 1 GiB to show that memory stays flat. */
const oursSizes = [64, 256, 1024];
const comparedSize = 256;

type Side = "ours" | "official";
type Outcome = { uploadMs: number; downloadMs: number; rssMB: number };

/** A file of `size` random bytes. */
async function randomFile(path: string, size: number): Promise<void> {
  const handle = await open(path, "w");
  const buffer = new Uint8Array(8 * MiB);
  try {
    for (let done = 0; done < size; done += buffer.length) {
      const n = Math.min(buffer.length, size - done);
      randomFillSync(buffer, 0, n);
      await handle.write(buffer, 0, n, done);
    }
  } finally {
    await handle.close();
  }
}

/** Whether two files hold the same bytes. */
async function sameBytes(a: string, b: string): Promise<boolean> {
  const [fa, fb] = await Promise.all([open(a, "r"), open(b, "r")]);
  try {
    const [sa, sb] = await Promise.all([fa.stat(), fb.stat()]);
    if (sa.size !== sb.size) return false;
    const ba = Buffer.alloc(8 * MiB);
    const bb = Buffer.alloc(8 * MiB);
    for (let offset = 0; offset < sa.size; offset += ba.length) {
      const [ra, rb] = await Promise.all([fa.read(ba, 0, ba.length, offset), fb.read(bb, 0, bb.length, offset)]);
      if (ra.bytesRead !== rb.bytesRead || !ba.subarray(0, ra.bytesRead).equals(bb.subarray(0, rb.bytesRead))) return false;
    }
    return true;
  } finally {
    await Promise.all([fa.close(), fb.close()]);
  }
}

/** One upload + download by `side` in a child process against a fresh devnet; checks the bytes. */
async function transfer(dir: string, side: Side, size: number): Promise<Outcome> {
  const devnet = await createDevnet({ accounts: 2, storage: { nodes: 4, replicas: 2 } });
  const file = join(dir, `${side}-${size}.bin`);
  const out = join(dir, `${side}-${size}.out`);
  try {
    const { endpoints } = await devnet.serve({ port: 0 });
    await randomFile(file, size);
    const args = { side, file, out, rpc: endpoints.rpc, indexer: endpoints.indexer!, privateKey: devnet.accounts[1]!.privateKey, replicas: 2 };
    const { stdout } = await run(process.execPath, [join(here, "transfer-client.mjs"), JSON.stringify(args)], { cwd: here, timeout: 600_000 });
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as { uploadMs: number; downloadMs: number; peakRssKiB: number; uploadPeakRssKiB: number };
    if (!(await sameBytes(file, out))) throw new Error(`${side}: the ${size} B downloaded differ from the ${size} B uploaded`);
    const outcome = { uploadMs: result.uploadMs, downloadMs: result.downloadMs, rssMB: (result.peakRssKiB * 1024) / 1e6 };
    const mibps = size / MiB / ((outcome.uploadMs + outcome.downloadMs) / 1000);
    console.error(
      `  ${side}, ${size / MiB} MiB: upload ${(outcome.uploadMs / 1000).toFixed(1)} s, download ${(outcome.downloadMs / 1000).toFixed(1)} s, ${mibps.toFixed(1)} MiB/s, peak RSS ${outcome.rssMB.toFixed(0)} MB (${((result.uploadPeakRssKiB * 1024) / 1e6).toFixed(0)} MB by the end of the upload)`,
    );
    return outcome;
  } finally {
    await devnet.stop();
    await rm(file, { force: true });
    await rm(out, { force: true });
  }
}

/** Records a side's run: end-to-end MiB/s (the measurement returned), upload and download ms, peak RSS. */
function record(b: BenchContext, label: string, size: number, o: Outcome): { rate: Measurement; rss: Measurement } {
  const mib = size / MiB;
  const rate = b.record(`upload + download ${mib} MiB, ${label}, MiB/s`, "ops/s", [mib / ((o.uploadMs + o.downloadMs) / 1000)]);
  b.record(`upload ${mib} MiB (hash, pay, 2 replicas, finality), ${label}`, "ms", [o.uploadMs]);
  b.record(`download ${mib} MiB to a file, ${label}`, "ms", [o.downloadMs]);
  const rss = b.record(`peak RSS of the client process, ${mib} MiB, ${label}`, "MB", [o.rssMB]);
  return { rate, rss };
}

export default defineBench("storage-transfer", async (b) => {
  const dir = await mkdtemp(join(tmpdir(), "0g-transfer-bench-"));
  try {
    const ours = "@0g/storage (replicas 2)";
    const official = "@0gfoundation/0g-ts-sdk@1.2.8 (expectedReplica 2, download with proof)";
    let compared: Measurement | undefined;
    for (const mib of oursSizes) {
      const { rate, rss } = record(b, ours, mib * MiB, await transfer(dir, "ours", mib * MiB));
      b.check(rss, "<=", 300);
      if (mib === comparedSize) compared = rate;
    }
    const { rate: theirs } = record(b, official, comparedSize * MiB, await transfer(dir, "official", comparedSize * MiB));
    b.check(b.ratio(`upload + download ${comparedSize} MiB, @0g/storage / official SDK`, compared!, theirs), ">=", 5);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
