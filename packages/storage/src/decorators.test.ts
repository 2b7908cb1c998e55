import { createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fileRoot } from "./actions/merkleTree.js";
import { storageActions } from "./decorators.js";
import { bytesOf, startDevnet, type TestDevnet } from "./test/devnet.js";

// Integration tests against a devnet: generous timeouts for a loaded 2-core CI machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let env: TestDevnet;
beforeAll(async () => {
  env = await startDevnet();
});
afterAll(() => env.devnet.stop());

describe("storageActions()", () => {
  it("binds upload, download, getFileInfo, fileRoot and merkleTree to a viem client", async () => {
    const client = env.wallet(1).extend(storageActions());
    const data = bytesOf(123_456, 1);
    const root = await client.fileRoot(data);
    expect(root).toBe(await fileRoot(data));
    expect((await client.merkleTree(new Blob([data]))).root).toBe(root);
    const uploaded = await client.upload({ data });
    expect(uploaded.root).toBe(root);
    expect((await client.download({ root })).data).toEqual(data);
    expect(await client.download({ root, to: "blob" })).toMatchObject({ root, size: data.length });
    expect(await client.getFileInfo({ root })).toMatchObject({ root, finalized: true, txSeq: uploaded.txSeq });
  });

  it("applies its defaults (indexer, nodes) to every call; a call's own parameters win", async () => {
    // A chain the registry does not know and that is not a devnet: only the defaults say where storage is.
    const account = privateKeyToAccount(env.devnet.accounts[2]!.privateKey);
    const bare = createWalletClient({ account, chain: env.devnet.chain, transport: http(env.rpcUrl) });
    const client = bare.extend(storageActions({ indexer: env.devnet.storage.indexerUrl, flow: env.devnet.contracts.flow! }));
    const data = bytesOf(5_000, 2);
    const { root } = await client.upload({ data, indexer: undefined });
    const nodes = env.devnet.storage.nodes.map((n) => n.url);
    expect((await client.download({ root, nodes })).data).toEqual(data);
  });
});
