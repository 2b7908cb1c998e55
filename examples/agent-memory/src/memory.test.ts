import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createDevnet, type Devnet } from "@0g/devnet";
import { kvBatch, writeKv } from "@0g/storage";
import { createWalletClient, http, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentMemory, MemoryValueError } from "./memory.js";

type Memory = { name: string; goals: string[]; visits: number };

let devnet: Devnet;
let rpcUrl: string;
const wallet = (index: number) =>
  createWalletClient({
    account: privateKeyToAccount(devnet.accounts[index]!.privateKey as Hex),
    chain: devnet.chain,
    transport: http(rpcUrl, { retryCount: 0 }),
    pollingInterval: 50,
  });

beforeAll(async () => {
  devnet = await createDevnet({ accounts: 4 });
  rpcUrl = (await devnet.serve({ port: 0 })).endpoints.rpc;
});
afterAll(() => devnet.stop());

describe("createAgentMemory", () => {
  it("starts empty, then sets, gets, lists and deletes typed values", async () => {
    const memory = createAgentMemory<Memory>({ client: wallet(0), stream: "test/basic" });
    expect(await memory.get("name")).toBeUndefined();
    expect(await memory.list()).toEqual([]);

    const { version } = await memory.set("name", "Ada");
    expect(await memory.get("name")).toBe("Ada");
    const many = await memory.setMany({ goals: ["learn 0G", "remember"], visits: 3 });
    expect(many.version).toBeGreaterThan(version);
    expect(await memory.list()).toEqual([
      { key: "goals", value: ["learn 0G", "remember"], version: many.version },
      { key: "name", value: "Ada", version },
      { key: "visits", value: 3, version: many.version },
    ]);

    await memory.delete("goals");
    expect(await memory.get("goals")).toBeUndefined();
    expect((await memory.list()).map((e) => e.key)).toEqual(["name", "visits"]);
    // Reads as of a version see the past.
    expect(await memory.get("goals", { version: many.version })).toEqual(["learn 0G", "remember"]);
  });

  it("history lists a key's values newest first, back to its first write", async () => {
    const memory = createAgentMemory<Memory>({ client: wallet(0), stream: "test/history" });
    const v1 = await memory.set("name", "Ada");
    await memory.set("visits", 1); // another key in between: not in the name's history
    const v2 = await memory.set("name", "Ada L.");
    const v3 = await memory.set("name", "Ada Lovelace");
    expect(await memory.history("name")).toEqual([
      { value: "Ada Lovelace", version: v3.version },
      { value: "Ada L.", version: v2.version },
      { value: "Ada", version: v1.version },
    ]);
    expect(await memory.history("name", { limit: 1 })).toEqual([{ value: "Ada Lovelace", version: v3.version }]);
  });

  it("update is serialisable: concurrent increments from three agents all count", async () => {
    const owner = createAgentMemory<Memory>({ client: wallet(0), stream: "test/counter" });
    await owner.set("visits", 0);
    // The stream's first writer is its admin: let the other agents write too.
    await writeKv(wallet(0), { batch: kvBatch().grantWriter(owner.streamId, devnet.accounts[1]!.address).grantWriter(owner.streamId, devnet.accounts[2]!.address) });
    const agents = [0, 1, 2].map((i) => createAgentMemory<Memory>({ client: wallet(i), stream: "test/counter" }));
    const results = await Promise.all(agents.map((a) => a.update("visits", (n) => (n ?? 0) + 1)));
    expect(results.map((r) => r.value).sort()).toEqual([1, 2, 3]);
    expect(await owner.get("visits")).toBe(3);
  });

  it("namespaces share a stream without seeing each other's keys", async () => {
    const a = createAgentMemory<Memory>({ client: wallet(0), stream: "test/shared", namespace: "a" });
    const b = createAgentMemory<Memory>({ client: wallet(0), stream: "test/shared", namespace: "b" });
    await a.set("name", "A");
    await b.set("name", "B");
    expect([await a.get("name"), await b.get("name")]).toEqual(["A", "B"]);
    expect((await a.list()).map((e) => [e.key, e.value])).toEqual([["name", "A"]]);
  });

  it("a value that is not JSON is a MemoryValueError, not a crash", async () => {
    const memory = createAgentMemory<Memory>({ client: wallet(0), stream: "test/foreign" });
    await writeKv(wallet(0), { batch: kvBatch().set(memory.streamId, "name", new Uint8Array([0xff, 0x00])) });
    const error = await memory.get("name").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MemoryValueError);
    expect(error).toMatchObject({ code: 10001, key: "name" });
  });

  it("the demo runs against a served devnet", async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ["--conditions=@0g/source", "--import", "tsx", join(here, "demo.ts"), rpcUrl], {
      cwd: join(here, ".."),
      timeout: 60_000,
    });
    expect(stdout).toContain("name now: Ada Lovelace");
    expect(stdout).toMatch(/visit: \{ value: 1, version: \d+ \}/);
  });
});
