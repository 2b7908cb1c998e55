import { createDevnet, type Devnet } from "@0g/devnet";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256, stringToBytes } from "viem";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { memoryIo } from "../../test/helpers.js";
import { run } from "../run.js";

// `0g kv` against a served devnet's KV node: generous timeouts for a loaded 2-core CI machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let devnet: Devnet;
let url: string;
let dir: string;

beforeAll(async () => {
  devnet = await createDevnet({ accounts: 3 });
  url = (await devnet.serve({ port: 0 })).endpoints.rpc;
  dir = await mkdtemp(join(tmpdir(), "0g-cli-kv-"));
});
afterAll(async () => {
  await devnet.stop();
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], { env = {} }: { env?: Record<string, string> } = {}) {
  const { io, stdout, stderr } = memoryIo({ env });
  const code = await run(args, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const json = (out: { stdout: string }) => JSON.parse(out.stdout) as Record<string, unknown>;

describe("0g kv", () => {
  it("set then get round-trips (a name is keccak256(name); --json reports txSeq and Commit)", async () => {
    const set = await cli(["kv", "set", "cli-agent", "name", "Ada", "--rpc", url, "--json"]);
    expect({ code: set.code, stderr: set.stderr }).toEqual({ code: 0, stderr: "" });
    const report = json(set);
    expect(report).toMatchObject({ streamId: keccak256(stringToBytes("cli-agent")), result: "Commit" });
    expect(report.txHash).toMatch(/^0x[0-9a-f]{64}$/);

    expect(await cli(["kv", "get", "cli-agent", "name", "--rpc", url])).toEqual({ code: 0, stdout: "Ada\n", stderr: "" });
    expect(json(await cli(["kv", "get", "cli-agent", "name", "--rpc", url, "--json"]))).toEqual({
      streamId: report.streamId,
      key: "name",
      version: report.txSeq,
      size: 3,
      value: { text: "Ada", hex: "0x416461" },
    });
    // The same stream by its id, and the KV node given directly (no RPC needed for reads).
    const kvUrl = devnet.storage.kv.url;
    expect((await cli(["kv", "get", report.streamId as string, "name", "--kv", kvUrl])).stdout).toBe("Ada\n");
  });

  it("set @file stores a file's bytes (over one 256 KiB read chunk); get --out writes them back exactly", async () => {
    const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
    const file = join(dir, "blob.bin");
    await writeFile(file, bytes);
    const set = await cli(["kv", "set", "cli-files", "blob", `@${file}`, "--rpc", url]);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/^Set "blob" \(300000 bytes\): Commit\n/);
    const out = join(dir, "blob.out");
    const get = await cli(["kv", "get", "cli-files", "blob", "--rpc", url, "--out", out]);
    expect(get.stdout).toMatch(/^Wrote 300000 bytes \(version \d+\) to /);
    expect(new Uint8Array(await readFile(out))).toEqual(bytes);
    // Binary values print as hex; @@ stores text starting with @.
    await cli(["kv", "set", "cli-files", "at", "@@home", "--rpc", url]);
    expect((await cli(["kv", "get", "cli-files", "at", "--rpc", url])).stdout).toBe("@home\n");
  });

  it("ls lists keys in order with sizes and versions; --prefix, --reverse, --limit; delete removes a key", async () => {
    for (const [key, value] of [["notes/b", "2"], ["notes/a", "1"], ["goal", "learn"]] as const) await cli(["kv", "set", "cli-ls", key, value, "--rpc", url]);
    const listed = json(await cli(["kv", "ls", "cli-ls", "--rpc", url, "--json"])) as { entries: { key: { text: string }; size: number }[] };
    expect(listed.entries.map((e) => [e.key.text, e.size])).toEqual([
      ["goal", 5],
      ["notes/a", 1],
      ["notes/b", 1],
    ]);
    const some = json(await cli(["kv", "ls", "cli-ls", "--prefix", "notes/", "--reverse", "--limit", "1", "--rpc", url, "--json"])) as {
      entries: { key: { text: string } }[];
    };
    expect(some.entries.map((e) => e.key.text)).toEqual(["notes/b"]);
    const human = await cli(["kv", "ls", "cli-ls", "--rpc", url]);
    expect(human.stdout).toMatch(/^Key\s+Size\s+Version\ngoal\s+5 B\s+v\d+\n/);

    expect((await cli(["kv", "delete", "cli-ls", "goal", "--rpc", url])).code).toBe(0);
    const missing = await cli(["kv", "get", "cli-ls", "goal", "--rpc", url, "--json"]);
    expect(missing.code).toBe(1);
    expect(json(missing).error).toMatchObject({ code: 8102, name: "KvKeyNotFoundError" });
    expect((await cli(["kv", "ls", "cli-empty-never-written", "--rpc", url])).code).toBe(1); // a stream the node does not hold
  });

  it("grant lets another account write; revoke takes it back; a non-writer's write fails and changes nothing", async () => {
    const other = { ZG_PRIVATE_KEY: devnet.accounts[1]!.privateKey };
    const otherAddress = devnet.accounts[1]!.address;
    expect((await cli(["kv", "set", "cli-acl", "owner", "me", "--rpc", url])).code).toBe(0); // account 0 creates it: admin

    const denied = await cli(["kv", "set", "cli-acl", "owner", "them", "--rpc", url, "--json"], { env: other });
    expect(denied.code).toBe(1);
    expect(json(denied).error).toMatchObject({ code: 2505, name: "KvTransactionFailedError" });
    expect((await cli(["kv", "get", "cli-acl", "owner", "--rpc", url])).stdout).toBe("me\n");

    expect(json(await cli(["kv", "grant", "cli-acl", otherAddress, "--rpc", url, "--json"]))).toMatchObject({ result: "Commit" });
    expect((await cli(["kv", "set", "cli-acl", "owner", "them", "--rpc", url], { env: other })).code).toBe(0);
    expect((await cli(["kv", "get", "cli-acl", "owner", "--rpc", url])).stdout).toBe("them\n");

    const revoked = await cli(["kv", "revoke", "cli-acl", otherAddress, "--rpc", url]);
    expect(revoked.stdout).toMatch(/^Revoked 0x\w+'s writer role: Commit/);
    expect((await cli(["kv", "set", "cli-acl", "owner", "again", "--rpc", url], { env: other })).code).toBe(1);
    expect((await cli(["kv", "get", "cli-acl", "owner", "--rpc", url])).stdout).toBe("them\n");
  });

  it("special keys: only the key's special writer (granted with --special-key) writes it; --key still signs", async () => {
    const writer = devnet.accounts[2]!;
    expect((await cli(["kv", "set", "cli-special", "config", "v1", "--rpc", url])).code).toBe(0);
    expect(json(await cli(["kv", "special", "cli-special", "config", "--rpc", url, "--json"]))).toMatchObject({ result: "Commit" });
    expect((await cli(["kv", "grant", "cli-special", writer.address, "--special-key", "config", "--key", devnet.accounts[0]!.privateKey, "--rpc", url])).stdout).toMatch(
      /^Granted 0x\w+ writer of key "config": Commit/,
    );
    // The special writer may write the key but not the rest of the stream.
    expect((await cli(["kv", "set", "cli-special", "config", "v2", "--key", writer.privateKey, "--rpc", url])).code).toBe(0);
    expect((await cli(["kv", "set", "cli-special", "other", "x", "--key", writer.privateKey, "--rpc", url])).code).toBe(1);
    expect((await cli(["kv", "get", "cli-special", "config", "--rpc", url])).stdout).toBe("v2\n");
    expect((await cli(["kv", "revoke", "cli-special", writer.address, "--special-key", "config", "--rpc", url])).code).toBe(0);
    expect((await cli(["kv", "set", "cli-special", "config", "v3", "--key", writer.privateKey, "--rpc", url])).code).toBe(1);
    expect((await cli(["kv", "get", "cli-special", "config", "--rpc", url])).stdout).toBe("v2\n");
  });

  it("bad usage exits 2 with a typed error and sends nothing", async () => {
    const bad = await cli(["kv", "set", "0x1234", "k", "v", "--rpc", url, "--json"]);
    expect(bad.code).toBe(2);
    expect(json(bad).error).toMatchObject({ code: 8000 });
    expect(json(bad).error).toMatchObject({ message: expect.stringContaining("a stream id is 0x and 64 hex digits") });
    expect((await cli(["kv", "get", "s", "--rpc", url])).code).toBe(2); // missing <key>
    expect((await cli(["kv", "set", "s", "k", "@/nonexistent/file", "--rpc", url])).code).toBe(2);
    expect((await cli(["kv", "grant", "s", "not-an-address", "--rpc", url])).code).toBe(2);
    const conflict = await cli(["kv", "grant", "s", devnet.accounts[1]!.address, "--admin", "--special-key", "k", "--rpc", url, "--json"]);
    expect(json(conflict).error).toMatchObject({ code: 8005, name: "ConflictingOptionsError" });
    const unknown = await cli(["kv", "gte"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("kv get");
  });

  it("--help lists the subcommands", async () => {
    const help = await cli(["kv", "--help"]);
    expect(help.code).toBe(0);
    for (const word of ["set", "get", "ls", "delete", "grant", "revoke", "special"]) expect(help.stdout).toMatch(new RegExp(`^  ${word}\\s`, "m"));
  });
});
