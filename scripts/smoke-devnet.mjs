// Smoke test of the README's first command, as CI runs it: `pnpm devnet --port 0 --json` must print
// one JSON line once ready, its rpcUrl must answer eth_chainId and a batch with devnet_info, the built
// `0g kv set` / `0g kv get` must round-trip a value through its KV node, `0g compute fund` then
// `0g compute chat --json` must get a verified answer from its first inference provider, `0g inft
// mint` then `0g inft transfer` then `0g inft show` as the new holder must decrypt the agent (and the
// old holder must no longer), and Ctrl+C (SIGINT to the process group) must stop it and release the port.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const child = spawn("pnpm", ["devnet", "--port", "0", "--json"], { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"] });
let stdout = "";
let stderr = "";
child.stdout.on("data", (d) => (stdout += d));
child.stderr.on("data", (d) => (stderr += d));
const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));

const fail = (message) => {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {}
  console.error(`smoke failed: ${message}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
  process.exit(1);
};

// pnpm prints its own "> script" header on stdout first; the devnet's output is the JSON line.
const jsonLines = () => stdout.split("\n").filter((line) => line.startsWith("{"));
const deadline = Date.now() + 180_000;
while (jsonLines().length === 0 || !stdout.endsWith("\n")) {
  if (Date.now() > deadline) fail("the devnet did not report ready within 180 s");
  if (child.exitCode !== null) fail(`the devnet exited with ${child.exitCode} before it was ready`);
  await new Promise((r) => setTimeout(r, 100));
}
const info = JSON.parse(jsonLines()[0]);
for (const key of ["chainId", "rpcUrl", "accounts", "contracts", "endpoints"]) if (!(key in info)) fail(`--json output lacks ${key}`);

const rpc = (body) => fetch(info.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
const single = await rpc({ jsonrpc: "2.0", id: 1, method: "eth_chainId" });
if (Number(single.result) !== info.chainId) fail(`eth_chainId answered ${JSON.stringify(single)}`);
const batch = await rpc([
  { jsonrpc: "2.0", id: 1, method: "eth_blockNumber" },
  { jsonrpc: "2.0", id: 2, method: "devnet_info" },
]);
if (!Array.isArray(batch) || batch.length !== 2 || batch[1].result?.rpcUrl !== info.rpcUrl) fail(`batch answered ${JSON.stringify(batch)}`);

// The built `0g` against it: `0g kv set` then `0g kv get` round-trip through the devnet's KV node.
const cli = join(root, "packages/cli/dist/cli.js");
const run0g = (args) =>
  new Promise((resolve) => {
    const p = spawn(process.execPath, [cli, ...args, "--rpc", info.rpcUrl], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("exit", (code) => resolve({ code, out, err }));
  });
const set = await run0g(["kv", "set", "smoke", "greeting", "hello 0G", "--json"]);
if (set.code !== 0 || JSON.parse(set.out).result !== "Commit") fail(`0g kv set exited ${set.code}: ${set.out}${set.err}`);
const got = await run0g(["kv", "get", "smoke", "greeting"]);
if (got.code !== 0 || got.out !== "hello 0G\n") fail(`0g kv get exited ${got.code}: ${JSON.stringify(got.out)}${got.err}`);

// `0g compute`: fund the first inference provider (opening the compute ledger), then chat with it;
// the answer must come back with a TEE signature that verifies against the provider's signer on chain.
const funded = await run0g(["compute", "fund", "3", "--provider", "0", "--json"]);
let fundReport;
try {
  fundReport = JSON.parse(funded.out);
} catch {}
if (funded.code !== 0 || fundReport?.transfer?.createdSubAccount !== true) fail(`0g compute fund exited ${funded.code}: ${funded.out}${funded.err}`);
const chat = await run0g(["compute", "chat", "0", "hello", "--json"]);
let chatReport;
try {
  chatReport = JSON.parse(chat.out);
} catch {}
if (chat.code !== 0 || !chat.out.includes('"verified":true') || typeof chatReport?.content !== "string" || chatReport.content.trim() === "")
  fail(`0g compute chat exited ${chat.code}: ${chat.out}${chat.err}`);

// `0g inft`: mint an agent as account 0, transfer it to account 1 (the devnet signs account 1's access
// proof with its key), then show it as account 1: it must decrypt it; account 0 must no longer.
const agentDir = mkdtempSync(join(tmpdir(), "0g-smoke-"));
const agent = { name: "Smoke", prompt: "You are a smoke test." };
writeFileSync(join(agentDir, "agent.json"), JSON.stringify(agent));
const parse = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
const minted = await run0g(["inft", "mint", join(agentDir, "agent.json"), "--json"]);
rmSync(agentDir, { recursive: true, force: true });
const tokenId = parse(minted.out)?.tokenId;
if (minted.code !== 0 || typeof tokenId !== "string") fail(`0g inft mint exited ${minted.code}: ${minted.out}${minted.err}`);
const receiver = info.accounts[1];
const moved = await run0g(["inft", "transfer", tokenId, receiver.address, "--json"]);
const movedReport = parse(moved.out);
if (moved.code !== 0 || movedReport?.to !== receiver.address) fail(`0g inft transfer exited ${moved.code}: ${moved.out}${moved.err}`);
const shown = await run0g(["inft", "show", tokenId, "--json", "--key", receiver.privateKey]);
const shownReport = parse(shown.out);
if (shown.code !== 0 || shownReport?.holder !== receiver.address || shownReport?.readAs !== "holder" || shownReport?.data?.name !== agent.name)
  fail(`0g inft show as the new holder exited ${shown.code}: ${shown.out}${shown.err}`);
const oldHolder = parse((await run0g(["inft", "show", tokenId, "--json"])).out);
if (oldHolder?.data !== null || oldHolder?.unreadable?.name !== "NotARecipientError") fail(`the old holder could still read agent #${tokenId}: ${JSON.stringify(oldHolder)}`);

// Ctrl+C in a terminal signals the whole foreground process group, pnpm included (which then says
// ELIFECYCLE whatever the devnet's exit code; the CLI's own tests assert `0g devnet` exits 0).
// Here: the group must exit promptly, release the port, and print no crash.
process.kill(-child.pid, "SIGINT");
const outcome = await Promise.race([exited, new Promise((r) => setTimeout(() => r("timeout"), 15_000))]);
if (outcome === "timeout") fail("the devnet did not stop within 15 s of SIGINT");
const stillServing = await fetch(info.rpcUrl, { method: "POST", body: "{}" }).then(() => true, () => false);
if (stillServing) fail("the RPC port still answers after SIGINT");
if (/Error:|at .+:\d+:\d+\)/.test(stderr)) fail("stderr shows an error after SIGINT");
const devnetLines = stdout.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("> ") && !line.includes("ELIFECYCLE"));
if (devnetLines.length !== 1) fail("--json printed more than one line on stdout");
console.log(
  `devnet smoke passed: ${info.rpcUrl} answered eth_chainId (${single.result}) and a batch with devnet_info; \`0g kv set\` then \`0g kv get\` round-tripped; \`0g compute chat\` got an answer verified against ${chatReport.signer}; \`0g inft mint\`, \`transfer\` and \`show\` moved agent #${tokenId} to ${receiver.address} with operator ${movedReport.operator}; Ctrl+C stopped it and released the port`,
);
