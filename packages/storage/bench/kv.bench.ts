import { KvClient } from "@0gfoundation/0g-ts-sdk";
import { createWalletClient, http, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { defineBench, type BenchContext } from "../../../bench/harness.js";
import { createDevnet } from "../../../devnet/src/index.js";
import { getKvValue, kvBatch, listKv, toStreamId, writeKv } from "../src/index.js";

// 0G Storage KV against a served devnet (chain, 2 storage nodes, KV node; clients over HTTP as a
// user's are): writes per second, one writer committing one key at a time (each write is a Flow
// submission, its upload, finality on the nodes and the KV node's replay) and four writers at once;
// read latency of one value with @0g/storage's getKvValue beside 0G's official SDK KvClient.getValue
// (side by side, alternating rounds). Value sizes 100 B, 10 KiB and 1 MiB. The official SDK cannot
// read values over 256 KiB (it asks for the next chunk at the base64 length, not the byte length),
// so 1 MiB reads are ours alone.

const sizes = [
  { label: "100 B", bytes: 100, writes: 40, reads: 200 },
  { label: "10 KiB", bytes: 10 * 1024, writes: 40, reads: 200 },
  { label: "1 MiB", bytes: 1024 * 1024, writes: 12, reads: 40 },
];
const concurrentWriters = 4;

const valueOf = (size: number, seed: number) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed * 7 + (i >> 9)) & 0xff);

export default defineBench("storage-kv", async (b: BenchContext) => {
  const devnet = await createDevnet({ accounts: concurrentWriters + 1 });
  try {
    const { endpoints } = await devnet.serve({ port: 0 });
    const kv = endpoints.kv as string;
    const wallet = (i: number) =>
      createWalletClient({
        account: privateKeyToAccount(devnet.accounts[i]!.privateKey as Hex),
        chain: devnet.chain,
        transport: http(endpoints.rpc, { retryCount: 0 }),
        pollingInterval: 20,
      });
    const official = new KvClient(kv);
    const writer = wallet(0);

    for (const size of sizes) {
      const stream = toStreamId(`bench/${size.label}`);
      // A writer's own stream: the first write makes it admin; grant the concurrent writers.
      await writeKv(writer, {
        batch: [1, 2, 3, 4].reduce((batch, i) => batch.grantWriter(stream, devnet.accounts[i]!.address), kvBatch().set(stream, "seed", "x")),
      });

      // Values made before timing (a 1 MiB Uint8Array.from takes tens of ms on this machine).
      const values = Array.from({ length: 4 }, (_, i) => valueOf(size.bytes, i));
      let n = 0;
      const latency = await b.time(
        `writeKv ${size.label}, one writer: submit + upload + finality + KV commit`,
        async () => {
          const key = `k/${n}`;
          await writeKv(writer, { batch: kvBatch().set(stream, key, values[n++ % values.length]!) });
        },
        { iterations: size.writes, warmup: 2 },
      );
      b.record(`KV writes/s ${size.label}, one writer`, "ops/s", latency.samples.map((ms) => 1000 / ms));

      const rates: number[] = [];
      for (let round = 0; round < 5; round++) {
        const perWriter = Math.max(2, Math.round(size.writes / concurrentWriters));
        const started = performance.now();
        await Promise.all(
          Array.from({ length: concurrentWriters }, async (_, w) => {
            const client = wallet(w + 1);
            for (let i = 0; i < perWriter; i++) await writeKv(client, { batch: kvBatch().set(stream, `c/${round}/${w}/${i}`, values[(w + i) % values.length]!) });
          }),
        );
        rates.push((concurrentWriters * perWriter * 1000) / (performance.now() - started));
      }
      b.record(`KV writes/s ${size.label}, ${concurrentWriters} writers at once`, "ops/s", rates);

      const key = new TextEncoder().encode("k/0");
      const expected = values[0]!;
      const ours = async () => {
        const found = await getKvValue({ kv }, { streamId: stream, key });
        if (found?.value.length !== expected.length) throw new Error(`getKvValue returned ${found?.value.length} bytes`);
      };
      const theirs = async () => {
        const found = await official.getValue(stream, key);
        if (!found || found.size !== expected.length) throw new Error("KvClient.getValue failed");
      };
      if (size.bytes <= 256 * 1024) {
        const [mine, sdk] = await b.sideBySide(
          [
            { name: `read ${size.label}, @0g/storage getKvValue, reads/s`, run: async (ops) => { for (let i = 0; i < ops; i++) await ours(); } },
            { name: `read ${size.label}, official SDK KvClient.getValue, reads/s`, run: async (ops) => { for (let i = 0; i < ops; i++) await theirs(); } },
          ],
          { ops: size.reads / 10, rounds: 10 },
        );
        b.ratio(`read ${size.label}, @0g/storage / official SDK`, mine!, sdk!);
      }
      await b.time(`getKvValue ${size.label} latency`, ours, { iterations: size.reads, warmup: 5 });
    }

    // Listing: 200 keys of a stream, keys and sizes only, on one pinned snapshot.
    const listStream = toStreamId("bench/list");
    let batch = kvBatch();
    for (let i = 0; i < 200; i++) batch = batch.set(listStream, `item/${String(i).padStart(4, "0")}`, valueOf(100, i));
    await writeKv(writer, { batch });
    await b.time(
      "listKv 200 keys (values: false)",
      async () => {
        const entries = await listKv({ kv }, { streamId: listStream, values: false });
        if (entries.length !== 200) throw new Error(`listed ${entries.length} keys`);
      },
      { iterations: 20, warmup: 2 },
    );
  } finally {
    await devnet.stop();
  }
});
