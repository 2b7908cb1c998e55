import { Indexer, MemData } from "@0gfoundation/0g-ts-sdk";
import { JsonRpcProvider, Wallet } from "ethers";
import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bytesOf, startDevnet, type TestDevnet } from "../test/devnet.js";
import { download } from "./download.js";
import { upload } from "./upload.js";

// Integration tests against a devnet: generous timeouts for a loaded 2-core CI machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

// 0G's official TS SDK (@0gfoundation/0g-ts-sdk 1.2.8) and this package against the same devnet:
// files, and encrypted files, go both ways.

let env: TestDevnet;
beforeAll(async () => {
  env = await startDevnet();
  vi.spyOn(console, "log").mockImplementation(() => {}); // the SDK logs every step
});
afterAll(async () => {
  vi.restoreAllMocks();
  await env.devnet.stop();
});

const key = bytesOf(32, 99);

describe("wire compatibility with 0G's TS SDK 1.2.8", () => {
  it("ours uploads (aes256), the SDK downloads and decrypts", async () => {
    const data = bytesOf(400_000, 91);
    const { root } = await upload(env.wallet(1), { data, encryption: { type: "aes256", key } });
    const [blob, error] = await new Indexer(env.devnet.storage.indexerUrl).downloadToBlob(root, { decryption: { symmetricKey: key } });
    expect(error).toBeNull();
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(data);
  });

  it("the SDK uploads (ecies), ours downloads, verifies and decrypts", { timeout: 30_000 }, async () => {
    const data = bytesOf(300_000, 92);
    const account = env.devnet.accounts[2]!;
    const signer = new Wallet(account.privateKey, new JsonRpcProvider(env.rpcUrl));
    const recipient = env.wallet(3).account;
    const [result, error] = await new Indexer(env.devnet.storage.indexerUrl).upload(new MemData(data), env.rpcUrl, signer as never, {
      encryption: { type: "ecies", recipientPubKey: recipient.publicKey },
    });
    expect(error).toBeNull();
    const root = (result as { rootHash: Hex }).rootHash;
    const { data: back } = await download(env.wallet(1), { root, decryption: { type: "ecies", privateKey: env.devnet.accounts[3]!.privateKey as Hex } });
    expect(back).toEqual(data);
  });
});
