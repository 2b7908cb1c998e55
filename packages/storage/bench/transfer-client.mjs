// One side of the storage-transfer bench, in its own Node process so that its peak RSS is the
// client's alone (the devnet runs in the parent and is reached over HTTP). Uploads the file at
// `file`, downloads it to `out`, and prints one JSON line: { root, uploadMs, downloadMs, peakRssKiB,
// uploadPeakRssKiB }.
//
// Peak RSS is VmHWM of /proc/self/status: the high-water mark of this process's own memory.
// `process.resourceUsage().maxRSS` (getrusage) would not do: Linux carries the RSS of the forked
// copy of the parent across exec into it, so it reports at least the parent's RSS at spawn time
// (the devnet holding gigabytes of segments).
import { readFileSync } from "node:fs";

function peakRssKiB() {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

//
//   node transfer-client.mjs '{"side":"ours"|"official","file":…,"out":…,"rpc":…,"indexer":…,"privateKey":…,"replicas":2}'
const { side, file, out, rpc, indexer, privateKey, replicas, taskSize } = JSON.parse(process.argv[2]);

let root;
let uploadMs;
let downloadMs;
let uploadRssKiB;
if (side === "ours") {
  const { upload, download } = await import("@0g/storage");
  const { createWalletClient, http } = await import("viem");
  const { privateKeyToAccount } = await import("viem/accounts");
  const client = createWalletClient({ account: privateKeyToAccount(privateKey), transport: http(rpc, { retryCount: 0 }), pollingInterval: 50 });
  let start = performance.now();
  ({ root } = await upload(client, { data: file, replicas, indexer }));
  uploadMs = performance.now() - start;
  uploadRssKiB = peakRssKiB();
  start = performance.now();
  await download(client, { root, to: { path: out }, indexer });
  downloadMs = performance.now() - start;
  const { terminateMerkleWorkers } = await import("@0g/storage");
  await terminateMerkleWorkers();
} else {
  console.log = () => {}; // the SDK logs every step
  const { Indexer, ZgFile } = await import("@0gfoundation/0g-ts-sdk");
  const { ethers } = await import("ethers");
  const signer = new ethers.Wallet(privateKey, new ethers.JsonRpcProvider(rpc, undefined, { staticNetwork: true }));
  const client = new Indexer(indexer);
  let start = performance.now();
  const zgFile = await ZgFile.fromFilePath(file);
  const [result, error] = await client.upload(zgFile, rpc, signer, { expectedReplica: replicas, ...(taskSize ? { taskSize } : {}) });
  await zgFile.close();
  if (error) throw error;
  root = result.rootHash;
  uploadMs = performance.now() - start;
  uploadRssKiB = peakRssKiB();
  start = performance.now();
  const failed = await client.download(root, out, true);
  if (failed) throw failed;
  downloadMs = performance.now() - start;
}
process.stdout.write(`${JSON.stringify({ root, uploadMs, downloadMs, peakRssKiB: peakRssKiB(), uploadPeakRssKiB: uploadRssKiB })}\n`);
process.exit(0);
