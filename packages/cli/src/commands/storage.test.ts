import { fileRoot } from "@0g/storage";
import { createDevnet, type Devnet } from "@0g/devnet";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { memoryIo } from "../../test/helpers.js";
import { stripAnsi } from "../io.js";
import { run } from "../run.js";

// Integration tests against a devnet: generous timeouts for a loaded 2-core CI machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let devnet: Devnet;
let url: string;
let dir: string;
const bytesOf = (size: number, seed: number) => Uint8Array.from({ length: size }, (_, i) => (i * 131 + seed * 7 + (i >> 9)) & 0xff);

beforeAll(async () => {
  devnet = await createDevnet({ accounts: 4 });
  url = (await devnet.serve({ port: 0 })).endpoints.rpc;
  dir = await mkdtemp(join(tmpdir(), "0g-cli-storage-"));
});
afterAll(async () => {
  await devnet.stop();
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], { env = {}, tty = false }: { env?: Record<string, string>; tty?: boolean } = {}) {
  const { io, stdout, stderr } = memoryIo({ env, tty });
  const code = await run(args, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

async function fileOf(name: string, size: number, seed: number): Promise<{ path: string; data: Uint8Array }> {
  const data = bytesOf(size, seed);
  const path = join(dir, name);
  await writeFile(path, data);
  return { path, data };
}

describe("0g storage", () => {
  it("root <file>: the root, computed locally (--json: { root })", async () => {
    const { path, data } = await fileOf("root.bin", 5000, 1);
    const root = await fileRoot(data);
    expect(await cli(["storage", "root", path])).toEqual({ code: 0, stdout: `${root}\n`, stderr: "" });
    expect(JSON.parse((await cli(["storage", "root", path, "--json"])).stdout)).toEqual({ root });
  });

  it("upload <file> --json, download <root> <out> --json, info <root> --json", async () => {
    const { path, data } = await fileOf("photo.jpg", 700_000, 2);
    const up = await cli(["storage", "upload", path, "--rpc", url, "--json"]);
    expect({ code: up.code, stderr: up.stderr }).toEqual({ code: 0, stderr: "" });
    const uploaded = JSON.parse(up.stdout) as { root: string; txHash: string; txSeq: number };
    expect(Object.keys(uploaded)).toEqual(["root", "txHash", "txSeq"]);
    expect(uploaded.root).toBe(await fileRoot(data));
    expect(uploaded.txHash).toMatch(/^0x[0-9a-f]{64}$/);

    const out = join(dir, "copy.jpg");
    const down = await cli(["storage", "download", uploaded.root, out, "--rpc", url, "--json"]);
    expect(down.code).toBe(0);
    expect(JSON.parse(down.stdout)).toEqual({ root: uploaded.root, path: out, size: data.length });
    expect(new Uint8Array(await readFile(out))).toEqual(data);

    // The file exists now: refused without --overwrite (exit 1, FileExistsError), replaced with it.
    const again = await cli(["storage", "download", uploaded.root, out, "--rpc", url, "--json"]);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error).toMatchObject({ code: 2112, name: "FileExistsError" });
    expect((await cli(["storage", "download", uploaded.root, out, "--rpc", url, "--overwrite"])).stdout).toContain(`Downloaded ${uploaded.root} to ${out}`);

    const info = await cli(["storage", "info", uploaded.root, "--rpc", url, "--json"]);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ root: uploaded.root, txSeq: uploaded.txSeq, size: data.length, segments: 3, finalized: true });
    const human = await cli(["storage", "info", uploaded.root, "--rpc", url]);
    expect(human.stdout).toMatch(/Finalized\s+yes/);
    expect(human.stdout).toMatch(new RegExp(`${url}/storage/\\d  shard \\d/\\d  finalized`));

    // Uploading it again pays nothing: the nodes have it.
    const skipped = await cli(["storage", "upload", path, "--rpc", url]);
    expect(skipped.stdout).toContain("photo.jpg is already stored (finalized on the nodes; nothing was paid)");
    expect(JSON.parse((await cli(["storage", "upload", path, "--rpc", url, "--json"])).stdout)).toEqual({ ...uploaded, txHash: null });
  });

  it("upload --replicas 2 --tags --fee --key: human output, progress bars on a terminal", async () => {
    const { path } = await fileOf("two.bin", 300_000, 3);
    const key = devnet.accounts[2]!.privateKey;
    const result = await cli(["storage", "upload", path, "--rpc", url, "--replicas", "2", "--tags", "0x1234", "--fee", "0.001", "--key", key], { tty: true });
    const { code, stderr } = result;
    const stdout = stripAnsi(result.stdout);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Uploaded two\.bin \(293\.0 KiB\) in /);
    expect(stdout).toMatch(/Fee\s+0\.001 0G/);
    expect(stderr).toContain("Hashing two.bin");
    expect(stderr).toContain("Uploading two.bin");
    expect(stderr).toContain("Waiting for the storage nodes to finalize the file");
    const root = stdout.match(/Root\s+(0x[0-9a-f]{64})/)![1]!;
    const info = JSON.parse((await cli(["storage", "info", root, "--rpc", url, "--json"])).stdout) as { nodes: { info: { finalized: boolean } }[] };
    expect(info.nodes.filter((n) => n.info.finalized).length).toBeGreaterThanOrEqual(2);
  });

  it("bad usage exits 2 with a hint; failures exit 1 with the error", async () => {
    expect(await cli(["storage"])).toMatchObject({ code: 2, stderr: expect.stringContaining("Missing a storage command") });
    expect(await cli(["storage", "uplod", "x"])).toMatchObject({ code: 2, stderr: expect.stringContaining('Did you mean "storage upload"?') });
    expect(await cli(["storage", "upload"])).toMatchObject({ code: 2, stderr: expect.stringContaining("Missing argument <file>.\nRun `0g storage upload --help` for usage.") });
    expect(await cli(["storage", "download", "0x12", "out"])).toMatchObject({ code: 2, stderr: expect.stringContaining("Invalid <root>") });
    expect(await cli(["storage", "upload", "f", "--tags", "xyz"])).toMatchObject({ code: 2 });
    expect(await cli(["storage", "upload", "f", "--replicas", "0"])).toMatchObject({ code: 2 });
    const unknown = await cli(["storage", "info", `0x${"ab".repeat(32)}`, "--rpc", url, "--json"]);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout).error).toMatchObject({ code: 2110, name: "FileNotFoundError" });
    const missing = await cli(["storage", "root", join(dir, "nope.bin"), "--json"]);
    expect(JSON.parse(missing.stdout).error).toMatchObject({ code: 2005, name: "FileReadError" });
  });

  it("--help at every level", async () => {
    const group = await cli(["storage", "--help"]);
    expect(group.code).toBe(0);
    expect(group.stdout).toContain("Usage: 0g storage <command> [options]");
    for (const name of ["root", "upload", "download", "info"]) expect(group.stdout).toMatch(new RegExp(`\\n  ${name}\\s`));
    const upload = await cli(["storage", "upload", "--help"]);
    expect(upload.stdout).toContain("Usage: 0g storage upload <file> [options]");
    expect(upload.stdout).toContain("--replicas <n>");
    expect(upload.stdout).toContain("--indexer <url>");
    expect((await cli(["help", "storage"])).stdout).toBe(group.stdout);
    expect((await cli(["--help"])).stdout).toMatch(/\n  storage\s+Upload, download and inspect files on 0G Storage/);
  });
});
