// The README's protocol-core and KV examples, run as written (keep them in sync).
import { createWalletClient, http, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { expect, it } from "vitest";
import {
  fileMerkle, kvActions, kvBatch, loadKeccak, rootFromSubmissionNodes, segmentBytes, submissionSectors,
  toSegmentWithProof, toStreamId, toSubmission, fromSegmentWithProof, verifySegmentWithProof,
} from "./index.js";
import { startDevnet } from "./test/devnet.js";

it("README: protocol core example", async () => {
  const bytes = new Uint8Array(700_000);
  const merkle = await fileMerkle(bytes);
  expect(merkle.nodes.map((n) => n.height)).toEqual([11, 9, 8]);
  const submission = toSubmission(merkle, { submitter: "0x1111111111111111111111111111111111111111" });
  expect(submission.data.length).toBe(700_000n);
  expect(submissionSectors(merkle.nodes)).toBe(2816n);
  const keccak = await loadKeccak();
  const wire = toSegmentWithProof(merkle, 2, segmentBytes(bytes, 2));
  expect(verifySegmentWithProof(keccak, fromSegmentWithProof(wire), { fileSize: 700_000 })).toEqual({ ok: true });
  expect(rootFromSubmissionNodes(keccak, merkle.nodes)).toBe(merkle.root);
});

it("README: KV example", async () => {
  const t = await startDevnet({ accounts: 2 });
  try {
    const key = t.devnet.accounts[0]!.privateKey as Hex;
    const zgDevnet = t.devnet.chain; // the README's zgDevnet, at this devnet's port
    const client = createWalletClient({ account: privateKeyToAccount(key), chain: zgDevnet, transport: http(t.rpcUrl) }).extend(kvActions());

    const notes = toStreamId("my-app/notes");
    const { txSeq } = await client.writeKv({
      batch: kvBatch().set(notes, "greeting", "hello 0G").set(notes, "todo/1", "ship it").set(notes, "todo/2", "test it"),
    });

    const entry = await client.getKvValue({ streamId: notes, key: "greeting" });
    expect(new TextDecoder().decode(entry!.value)).toBe("hello 0G");
    expect(entry!.version).toBe(txSeq);
    const todos = await client.listKv({ streamId: notes, prefix: "todo/" });
    expect(todos.map((e) => new TextDecoder().decode(e.value))).toEqual(["ship it", "test it"]);

    const { value: visits } = await client.kvTransaction({
      run: async (tx) => {
        const current = await tx.get(notes, "visits");
        const next = (current ? Number(new TextDecoder().decode(current.value)) : 0) + 1;
        tx.set(notes, "visits", String(next));
        return next;
      },
    });
    expect(visits).toBe(1);

    await client.writeKv({ batch: kvBatch().grantWriter(notes, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8") });
    expect(await client.isKvWriterOfStream({ account: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", streamId: notes })).toBe(true);
  } finally {
    await t.devnet.stop();
  }
}, 60_000);
