import { createDevnet, type Devnet } from "@0g/devnet";
import { getAgent, loadAgent, NotARecipientError } from "@0g/inft";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { createWalletClient, http, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { memoryIo } from "../../test/helpers.js";
import { stripAnsi } from "../io.js";
import { run } from "../run.js";

// `0g inft` against a served devnet (storage + the INFT contracts and oracle, no compute). Each
// test mints its own agents; account 0 signs unless a test says otherwise.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

let devnet: Devnet;
let url: string;
let dir: string;
const agent = { name: "Ada", model: "qwen-2.5-7b", prompt: "You are Ada, a helpful agent.", memory: { stream: "ada/memory" } };

beforeAll(async () => {
  devnet = await createDevnet({ accounts: 6, compute: false, storage: { nodes: 2, mining: false } });
  url = (await devnet.serve({ port: 0 })).endpoints.rpc;
  dir = await mkdtemp(join(tmpdir(), "0g-cli-inft-"));
  await writeFile(join(dir, "agent.json"), JSON.stringify(agent));
});
afterAll(async () => {
  await devnet?.stop();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => devnet.inft.oracle.clearFaults());

const address = (index: number) => devnet.accounts[index]!.address as Address;
const keyOf = (index: number) => devnet.accounts[index]!.privateKey as Hex;

/** Runs `0g` in-process, signing as account `account` (or with an explicit `key`). */
async function cli(args: string[], { account = 0, key }: { account?: number; key?: Hex } = {}) {
  const { io, stdout, stderr } = memoryIo({ env: { ZG_PRIVATE_KEY: key ?? keyOf(account) } });
  const code = await run([...args, "--rpc", url], io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
const json = <T = Record<string, unknown>>(out: { stdout: string }) => JSON.parse(out.stdout) as T;
const wallet = (key: Hex) => createWalletClient({ account: privateKeyToAccount(key), chain: devnet.chain, transport: http(url, { retryCount: 0 }), pollingInterval: 50 });

async function mint(account = 0): Promise<bigint> {
  const out = await cli(["inft", "mint", join(dir, "agent.json"), "--json"], { account });
  expect(out.stderr).toBe("");
  return BigInt(json<{ tokenId: string }>(out).tokenId);
}

describe("0g inft mint", () => {
  it("encrypts the agent, stores it on 0G Storage and mints it; the holder's key opens it", async () => {
    const out = await cli(["inft", "mint", join(dir, "agent.json"), "--json", "--reveal-key"]);
    expect({ code: out.code, stderr: out.stderr }).toEqual({ code: 0, stderr: "" });
    const report = json<{ tokenId: string; holder: string; account: string; operator: string; dataHash: Hex; agentKey: Hex; storage: { fee: string } }>(out);
    const tokenId = BigInt(report.tokenId);
    expect(report.holder).toBe(address(0));
    expect(privateKeyToAccount(report.agentKey).address).toBe(report.operator);
    expect(BigInt(report.storage.fee)).toBeGreaterThan(0n);

    const onChain = await getAgent(wallet(keyOf(0)), { tokenId });
    expect({ holder: onChain.holder, operator: onChain.operator, account: onChain.account, dataHashes: onChain.dataHashes }).toEqual({
      holder: address(0),
      operator: report.operator,
      account: report.account,
      dataHashes: [report.dataHash],
    });
    // Opened with the library, independently of the CLI: the metadata is the file, the key the printed one.
    const loaded = await loadAgent(wallet(keyOf(0)), { tokenId, encryptionKey: keyOf(0) });
    expect(loaded.data).toEqual(agent);
    expect(loaded.agentKey).toBe(report.agentKey);
  });

  it("prints a human summary without the agent key unless asked", async () => {
    const out = await cli(["inft", "mint", join(dir, "agent.json")]);
    expect(out.code).toBe(0);
    const text = stripAnsi(out.stdout);
    expect(text).toMatch(/^Minted agent #\d+ {2}0x[0-9a-f]{64}\n/);
    expect(text).toMatch(/Agent account\s+0x[0-9a-fA-F]{40}/);
    expect(text).not.toMatch(/Agent key/);
  });

  it("reads the agent from standard input with -", async () => {
    const stdin = vi.spyOn(process, "stdin", "get").mockReturnValue(Readable.from([Buffer.from('{"name":'), Buffer.from('"Piped"}')]) as typeof process.stdin);
    try {
      const out = await cli(["inft", "mint", "-", "--json"]);
      expect({ code: out.code, stderr: out.stderr }).toEqual({ code: 0, stderr: "" });
      const tokenId = BigInt(json<{ tokenId: string }>(out).tokenId);
      expect((await loadAgent(wallet(keyOf(0)), { tokenId, encryptionKey: keyOf(0) })).data).toEqual({ name: "Piped" });
    } finally {
      stdin.mockRestore();
    }
  });

  it.each([
    ["a missing file", "missing.json", null, /Invalid agent file ".*missing\.json": cannot read it \(ENOENT\)/],
    ["not JSON", "bad.json", "{name: Ada", /not UTF-8 JSON/],
    ["a JSON array", "array.json", "[1,2]", /expected a JSON object, got an array/],
    ["null", "null.json", "null", /expected a JSON object, got null/],
  ])("refuses %s with code 8302 and mints nothing", async (_, file, content, message) => {
    if (content !== null) await writeFile(join(dir, file), content);
    const before = await devnet.publicClient.getBlockNumber();
    const out = await cli(["inft", "mint", join(dir, file), "--json"]);
    expect(out.code).toBe(1);
    const error = json<{ error: { code: number; name: string; message: string } }>(out).error;
    expect(error).toMatchObject({ code: 8302, name: "InvalidAgentFileError" });
    expect(error.message).toMatch(message);
    expect(await devnet.publicClient.getBlockNumber()).toBe(before);
  });

  it("without <agent.json> is bad usage (exit 2)", async () => {
    const out = await cli(["inft", "mint"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/Missing argument <agent\.json>/);
  });
});

describe("0g inft show", () => {
  it("shows the token and, to its holder, the decrypted metadata (--reveal-key adds the agent key)", async () => {
    const tokenId = await mint();
    const report = json<Record<string, unknown>>(await cli(["inft", "show", String(tokenId), "--json", "--reveal-key"]));
    const onChain = await getAgent(wallet(keyOf(0)), { tokenId });
    expect(report).toMatchObject({
      tokenId: String(tokenId),
      agentNft: devnet.inft.contracts.agentNft,
      holder: address(0),
      creator: address(0),
      operator: onChain.operator,
      account: { address: onChain.account, balance: "0" },
      datas: [{ dataHash: onChain.dataHashes[0], description: "" }],
      authorizedUsers: [],
      reader: address(0),
      data: agent,
      readAs: "holder",
      unreadable: null,
    });
    expect(privateKeyToAccount(report.agentKey as Hex).address).toBe(onChain.operator);

    const human = stripAnsi((await cli(["inft", "show", String(tokenId)])).stdout);
    expect(human).toContain(`Agent #${tokenId} on ${devnet.inft.contracts.agentNft}`);
    expect(human).toMatch(new RegExp(`Holder\\s+${address(0)} \\(you\\)`));
    expect(human).toContain('Metadata (read as holder):\n  {\n    "name": "Ada",');
    expect(human).not.toContain("Agent key");
  });

  it("shows a stranger the public part and why the data is unreadable (exit 0); --chain-only skips storage", async () => {
    const tokenId = await mint();
    const out = await cli(["inft", "show", String(tokenId), "--json", "--reveal-key"], { account: 3 });
    expect(out.code).toBe(0);
    const report = json<Record<string, unknown>>(out);
    expect(report).toMatchObject({ holder: address(0), reader: address(3), data: null, readAs: null, unreadable: { code: 5002, name: "NotARecipientError" } });
    expect(report).not.toHaveProperty("agentKey");
    expect(stripAnsi((await cli(["inft", "show", String(tokenId)], { account: 3 })).stdout)).toMatch(/Metadata: not readable by 0x[0-9a-fA-F]{40}: /);

    const chainOnly = json<Record<string, unknown>>(await cli(["inft", "show", String(tokenId), "--json", "--chain-only"], { account: 3 }));
    expect(chainOnly).toMatchObject({ holder: address(0), data: null, readAs: null, unreadable: null });
  });

  it("fails with TokenNotFoundError (5010) for a token that does not exist, and rejects a malformed id", async () => {
    const out = await cli(["inft", "show", "999999", "--json"]);
    expect(out.code).toBe(1);
    expect(json<{ error: { code: number; name: string } }>(out).error).toMatchObject({ code: 5010, name: "TokenNotFoundError" });
    const bad = await cli(["inft", "show", "one"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Invalid <id> "one": expected a token id/);
  });

  it("fails with DataHashMismatchError when a storage node serves other bytes under the data hash", async () => {
    const tokenId = await mint();
    const [dataHash] = (await getAgent(wallet(keyOf(0)), { tokenId })).dataHashes;
    for (const node of devnet.storage.nodes) devnet.storage.corrupt(node.index, dataHash);
    try {
      const out = await cli(["inft", "show", String(tokenId), "--json"]);
      expect(out.code).toBe(1);
      expect(json<{ error: { code: number; name: string } }>(out).error).toMatchObject({ code: 5014, name: "DataHashMismatchError" });
      // --chain-only still answers: it reads nothing from storage.
      expect((await cli(["inft", "show", String(tokenId), "--chain-only"])).code).toBe(0);
    } finally {
      devnet.storage.clearFaults();
    }
  });
});

describe("0g inft transfer", () => {
  it("mint, transfer to a devnet account, show as the new holder: the old holder can no longer read it", async () => {
    const tokenId = await mint();
    const before = await getAgent(wallet(keyOf(0)), { tokenId });
    const out = await cli(["inft", "transfer", String(tokenId), address(1), "--json"]);
    expect({ code: out.code, stderr: out.stderr }).toEqual({ code: 0, stderr: "" });
    const report = json<{ tokenId: string; to: string; operator: string; account: string; dataHashes: Hex[]; accessProof: string; from: { holder: string } }>(out);
    expect(report).toMatchObject({ tokenId: String(tokenId), to: address(1), account: before.account, accessProof: "devnet account", from: { holder: address(0) } });
    expect(report.operator).not.toBe(before.operator); // the agent key rotated
    expect(report.dataHashes[0]).not.toBe(before.dataHashes[0]);

    const shown = json<Record<string, unknown>>(await cli(["inft", "show", String(tokenId), "--json", "--reveal-key"], { account: 1 }));
    expect(shown).toMatchObject({ holder: address(1), reader: address(1), operator: report.operator, data: agent, readAs: "holder", datas: [{ dataHash: report.dataHashes[0] }] });
    expect(privateKeyToAccount(shown.agentKey as Hex).address).toBe(report.operator);

    const old = json<Record<string, unknown>>(await cli(["inft", "show", String(tokenId), "--json"], { account: 0 }));
    expect(old).toMatchObject({ holder: address(1), data: null, unreadable: { code: 5002, name: "NotARecipientError" } });
    await expect(loadAgent(wallet(keyOf(0)), { tokenId, encryptionKey: keyOf(0), via: "key" })).rejects.toBeInstanceOf(NotARecipientError);
  });

  it("with the receiver's access proof from `0g inft access-proof` (a key that is no devnet account)", async () => {
    const tokenId = await mint();
    const receiverKey = generatePrivateKey();
    const receiver = privateKeyToAccount(receiverKey).address;
    const proofFile = join(dir, `proof-${tokenId}.json`);
    const signed = await cli(["inft", "access-proof", String(tokenId), "--out", proofFile], { key: receiverKey });
    expect({ code: signed.code, stderr: signed.stderr }).toEqual({ code: 0, stderr: "" });
    expect(signed.stdout).toBe(`Wrote the access proof for agent #${tokenId} signed by ${receiver} to ${proofFile}\n`);
    const file = JSON.parse(await readFile(proofFile, "utf8")) as Record<string, unknown>;
    expect(file).toMatchObject({ format: "0g-inft-access-proof/1", chainId: devnet.chain.id, agentNft: devnet.inft.contracts.agentNft, tokenId: String(tokenId), signer: receiver });

    // Without it, a receiver whose key is not at hand: a typed error naming the way out, nothing sent.
    const missing = await cli(["inft", "transfer", String(tokenId), receiver, "--json"]);
    expect(missing.code).toBe(1);
    expect(json<{ error: { code: number; details: string } }>(missing).error).toMatchObject({ code: 8300 });
    expect((await getAgent(wallet(keyOf(0)), { tokenId })).holder).toBe(address(0));

    const out = await cli(["inft", "transfer", String(tokenId), receiver, "--access-proof", proofFile, "--json"]);
    expect({ code: out.code, stderr: out.stderr }).toEqual({ code: 0, stderr: "" });
    expect(json(out)).toMatchObject({ to: receiver, accessProof: "file" });
    await devnet.setBalance(receiver, 10n ** 18n);
    const loaded = await loadAgent(wallet(receiverKey), { tokenId, encryptionKey: receiverKey });
    expect(loaded.data).toEqual(agent);
  });

  it("refuses an access proof for another token, a malformed file, and a proof that is not the receiver's; the token stays put", async () => {
    const [tokenA, tokenB] = [await mint(), await mint()];
    const proofFile = join(dir, `proof-a-${tokenA}.json`);
    expect((await cli(["inft", "access-proof", String(tokenA), "--out", proofFile], { account: 2 })).code).toBe(0);
    const before = await getAgent(wallet(keyOf(0)), { tokenId: tokenB });

    const wrongToken = await cli(["inft", "transfer", String(tokenB), address(2), "--access-proof", proofFile, "--json"]);
    expect(json<{ error: { code: number; message: string } }>(wrongToken).error).toMatchObject({ code: 8301, message: expect.stringMatching(new RegExp(`for agent #${tokenA}, not #${tokenB}`)) });

    await writeFile(join(dir, "garbage.json"), '{"format":"something else"}');
    const garbage = await cli(["inft", "transfer", String(tokenB), address(2), "--access-proof", join(dir, "garbage.json"), "--json"]);
    expect(json<{ error: { code: number } }>(garbage).error.code).toBe(8301);

    // Account 2's proof for token A, sent for token A to account 3: the oracle seals to account 2's key,
    // which is not the receiver's; refused before anything is sent.
    const wrongReceiver = await cli(["inft", "transfer", String(tokenA), address(3), "--access-proof", proofFile, "--json"]);
    expect(wrongReceiver.code).toBe(1);
    expect(json<{ error: { code: number } }>(wrongReceiver).error.code).toBeGreaterThanOrEqual(5020);

    for (const tokenId of [tokenA, tokenB]) expect((await getAgent(wallet(keyOf(0)), { tokenId })).holder).toBe(address(0));
    expect(await getAgent(wallet(keyOf(0)), { tokenId: tokenB })).toEqual(before);
  });

  it("refuses a token the signer does not hold (NotTokenHolderError) and an oracle that is down (OracleUnavailableError), changing nothing", async () => {
    const tokenId = await mint();
    const before = await getAgent(wallet(keyOf(0)), { tokenId });
    const notHolder = await cli(["inft", "transfer", String(tokenId), address(2), "--json"], { account: 4 });
    expect(json<{ error: { code: number } }>(notHolder).error.code).toBe(5011);

    devnet.inft.oracle.stop();
    const down = await cli(["inft", "transfer", String(tokenId), address(2), "--json"]);
    expect(json<{ error: { code: number; name: string } }>(down).error).toMatchObject({ code: 5030, name: "OracleUnavailableError" });
    devnet.inft.oracle.start();

    expect(await getAgent(wallet(keyOf(0)), { tokenId })).toEqual(before);
    expect((await loadAgent(wallet(keyOf(0)), { tokenId, encryptionKey: keyOf(0) })).data).toEqual(agent);
  });

  it("checks --receiver-key: it must be <to>'s key, and not given with --access-proof", async () => {
    const tokenId = await mint();
    const mismatch = await cli(["inft", "transfer", String(tokenId), address(2), "--receiver-key", keyOf(3)]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain(`--receiver-key is the key of ${address(3)}, not of <to> ${address(2)}.`);
    const both = await cli(["inft", "transfer", String(tokenId), address(2), "--receiver-key", keyOf(2), "--access-proof", "x.json"]);
    expect(both.code).toBe(2);
    const malformed = await cli(["inft", "transfer", String(tokenId), address(2), "--receiver-key", "0x1234"]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/Invalid --receiver-key: expected 64 hex digits, got 4\. \(the value is not shown\)/);
    expect(malformed.stderr).not.toContain("0x1234");

    const withKey = await cli(["inft", "transfer", String(tokenId), address(2), "--receiver-key", keyOf(2), "--json"]);
    expect(json(withKey)).toMatchObject({ to: address(2), accessProof: "receiver key" });
  });
});

describe("0g inft clone", () => {
  it("mints a copy for the receiver with its own agent key; the source token is unchanged", async () => {
    const tokenId = await mint();
    const before = await getAgent(wallet(keyOf(0)), { tokenId });
    const out = await cli(["inft", "clone", String(tokenId), address(2), "--json"]);
    expect({ code: out.code, stderr: out.stderr }).toEqual({ code: 0, stderr: "" });
    const report = json<{ tokenId: string; operator: string; account: string; from: { tokenId: string } }>(out);
    const cloneId = BigInt(report.tokenId);
    expect(cloneId).not.toBe(tokenId);
    expect(report.from.tokenId).toBe(String(tokenId));
    expect(report.operator).not.toBe(before.operator);
    expect(report.account).not.toBe(before.account);
    expect(await getAgent(wallet(keyOf(0)), { tokenId })).toEqual(before);

    const shown = json<Record<string, unknown>>(await cli(["inft", "show", String(cloneId), "--json"], { account: 2 }));
    expect(shown).toMatchObject({ holder: address(2), data: agent, readAs: "holder" });
    const human = stripAnsi((await cli(["inft", "clone", String(tokenId), address(3)])).stdout);
    expect(human).toMatch(new RegExp(`^Cloned agent #${tokenId} for ${address(3)}: the clone is #\\d+ {2}0x[0-9a-f]{64}\\n`));
  });
});

describe("0g inft authorize", () => {
  it("authorises a user, who then reads the metadata through the oracle without the agent key; --revoke takes it back", async () => {
    const tokenId = await mint();
    const granted = await cli(["inft", "authorize", String(tokenId), address(5), "--json"]);
    expect({ code: granted.code, stderr: granted.stderr }).toEqual({ code: 0, stderr: "" });
    expect(json(granted)).toMatchObject({ tokenId: String(tokenId), user: address(5), revoked: false, authorizedUsers: [address(5)] });

    const asUser = json<Record<string, unknown>>(await cli(["inft", "show", String(tokenId), "--json", "--reveal-key"], { account: 5 }));
    expect(asUser).toMatchObject({ data: agent, readAs: "authorized user", authorizedUsers: [address(5)] });
    expect(asUser).not.toHaveProperty("agentKey");

    const revoked = await cli(["inft", "authorize", String(tokenId), address(5), "--revoke"]);
    expect(stripAnsi(revoked.stdout)).toMatch(new RegExp(`^Revoked ${address(5)}'s use of agent #${tokenId} {2}0x[0-9a-f]{64}\\n {2}Authorised now: nobody\\n$`));
    expect(json(await cli(["inft", "show", String(tokenId), "--json"], { account: 5 }))).toMatchObject({ data: null, unreadable: { code: 5002 } });
  });

  it("refuses a non-holder (5011) and a malformed user address (exit 2)", async () => {
    const tokenId = await mint();
    const out = await cli(["inft", "authorize", String(tokenId), address(5), "--json"], { account: 4 });
    expect(json<{ error: { code: number } }>(out).error.code).toBe(5011);
    const bad = await cli(["inft", "authorize", String(tokenId), "0x12"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Invalid <user> "0x12": expected a 0x address/);
  });
});

it("--agent-nft that is no AgentNFT: AgentNftNotDeployedError, not a crash", async () => {
  const out = await cli(["inft", "show", "1", "--agent-nft", "0x000000000000000000000000000000000000dEaD", "--json"]);
  expect(out.code).toBe(1);
  expect(json<{ error: { code: number; name: string } }>(out).error).toMatchObject({ code: 5009, name: "AgentNftNotDeployedError" });
  const malformed = await cli(["inft", "show", "1", "--agent-nft", "0xdead"]);
  expect(malformed.code).toBe(2);
  expect(malformed.stderr).toMatch(/Invalid --agent-nft "0xdead": expected a 0x address/);
});
