import { createProviderFetch, getLedger, getSubAccount, listFineTuningModels, type ComputeContracts } from "@0g/compute";
import { createDevnet, type Devnet } from "@0g/devnet";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createWalletClient, http, parseEther, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { memoryIo } from "../../test/helpers.js";
import { stripAnsi } from "../io.js";
import { run } from "../run.js";

// `0g compute` against a served devnet: its two inference providers (the deterministic built-in
// model), a fine-tuning provider and 0G Storage for datasets and models. Generous timeouts for a
// loaded 2-core CI machine.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

let devnet: Devnet;
let url: string;
let dir: string;
let contracts: ComputeContracts;
let provider0: Address;
let provider1: Address;
let model: string;

beforeAll(async () => {
  devnet = await createDevnet({ accounts: 10, storage: { nodes: 2, mining: false }, compute: { fineTuning: { trainingTime: 300 } } });
  url = (await devnet.serve({ port: 0 })).endpoints.rpc;
  dir = await mkdtemp(join(tmpdir(), "0g-cli-compute-"));
  contracts = { ledger: devnet.contracts.computeLedger!, inference: devnet.contracts.computeInference!, fineTuning: devnet.contracts.computeFineTuning! };
  provider0 = devnet.compute.providers[0]!.address;
  provider1 = devnet.compute.providers[1]!.address;
  model = devnet.compute.providers[0]!.model;
});
afterAll(async () => {
  await devnet?.stop();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => devnet.compute.clearFaults());

/** Runs `0g` in-process as account `account`; `writes` counts the stdout writes (a stream writes many). */
async function cli(args: string[], { account = 0 }: { account?: number } = {}) {
  const { io, stdout, stderr } = memoryIo({ env: { ZG_PRIVATE_KEY: devnet.accounts[account]!.privateKey } });
  let writes = 0;
  const write = stdout.write.bind(stdout);
  (stdout as { write: (chunk: string) => unknown }).write = (chunk: string) => {
    writes++;
    return write(chunk);
  };
  const code = await run([...args, "--rpc", url], io);
  return { code, stdout: stdout.text, stderr: stderr.text, writes };
}

const json = (out: { stdout: string }) => JSON.parse(out.stdout) as Record<string, unknown>;
const wallet = (account: number) =>
  createWalletClient({ account: privateKeyToAccount(devnet.accounts[account]!.privateKey as Hex), chain: devnet.chain, transport: http(url, { retryCount: 0 }) });
const ledgerOf = (account: number) => getLedger(wallet(account), { contracts });
const subAccountOf = (account: number, provider: Address) => getSubAccount(wallet(account), { provider, contracts });

/** The built-in model's answer to `messages`, asked directly with @0g/compute (account 9 funds provider 0 for it). */
async function directAnswer(messages: { role: string; content: string }[], extra: object = {}): Promise<string> {
  const chat = createProviderFetch(wallet(9), { provider: provider0, contracts, verify: "strict" });
  const res = await chat("/chat/completions", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ model, messages, ...extra }) });
  expect(res.status).toBe(200);
  const completion = (await res.json()) as { choices: { message: { content: string } }[] };
  return completion.choices[0]!.message.content;
}

describe("0g compute services", () => {
  it("lists the inference providers with index, model, prices per 1M tokens, verifiability; --json", async () => {
    const human = await cli(["compute", "services"]);
    expect({ code: human.code, stderr: human.stderr }).toEqual({ code: 0, stderr: "" });
    const lines = stripAnsi(human.stdout).trimEnd().split("\n");
    expect(lines[0]).toMatch(/^#\s+Provider\s+Model\s+Input\/1M\s+Output\/1M\s+Verifiable\s+Acknowledged\s+URL$/);
    expect(lines[1]).toMatch(new RegExp(`^0\\s+${provider0}\\s+${model}\\s+0\\.05 0G\\s+0\\.1 0G\\s+yes \\(TeeML\\)\\s+yes\\s+${devnet.compute.providers[0]!.url}$`));
    expect(lines[2]).toMatch(new RegExp(`^1\\s+${provider1}\\s`));

    const report = json(await cli(["compute", "services", "--json"])) as { type: string; services: Record<string, unknown>[] };
    expect(report.type).toBe("inference");
    const p = devnet.compute.providers[1]!;
    expect(report.services[1]).toEqual({
      index: 1,
      provider: provider1,
      serviceType: "chatbot",
      model: p.model,
      url: p.url,
      endpoint: `${p.url}/v1/proxy`,
      inputPrice: p.inputPrice.toString(),
      outputPrice: p.outputPrice.toString(),
      inputPricePerMillion: "0.05",
      outputPricePerMillion: "0.1",
      verifiability: "TeeML",
      verifiable: true,
      acknowledged: true,
      teeSigner: p.teeSigner,
      responseSigner: p.teeSigner,
    });
  });

  it("--type fine-tuning lists the fine-tuning providers", async () => {
    const ft = devnet.compute.fineTuning.providers[0]!;
    expect(json(await cli(["compute", "services", "--type", "fine-tuning", "--json"]))).toEqual({
      type: "fine-tuning",
      services: [
        {
          index: 0,
          provider: ft.address,
          url: ft.url,
          models: [...ft.models],
          pricePerToken: ft.pricePerToken.toString(),
          pricePerMillion: "0.001",
          occupied: false,
          acknowledged: true,
          teeSigner: ft.teeSigner,
        },
      ],
    });
    expect(stripAnsi((await cli(["compute", "services", "--type", "fine-tuning"])).stdout)).toMatch(/^#\s+Provider\s+Models[^\n]*\n0\s+0x\w+\s+mock-model, Qwen2\.5-0\.5B-Instruct\s+0\.001 0G\s+idle\s+yes/);
  });
});

describe("0g compute fund", () => {
  it("refuses to open a ledger below 3 0G; opens one; funds a provider's sub-account (balances on chain)", async () => {
    const small = await cli(["compute", "fund", "2", "--json"], { account: 1 });
    expect(small.code).toBe(1);
    expect(json(small).error).toMatchObject({ code: 8202, name: "ComputeLedgerMinimumError", message: expect.stringContaining("at least 3 0G") });
    await expect(ledgerOf(1)).rejects.toMatchObject({ name: "LedgerNotFoundError" });

    const opened = await cli(["compute", "fund", "5", "--json"], { account: 1 });
    expect({ code: opened.code, stderr: opened.stderr }).toEqual({ code: 0, stderr: "" });
    expect(json(opened)).toEqual({
      account: devnet.accounts[1]!.address,
      deposit: { amount: parseEther("5").toString(), createdLedger: true, transactionHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) },
      transfer: null,
      ledger: { availableBalance: parseEther("5").toString(), totalBalance: parseEther("5").toString() },
    });
    expect(await ledgerOf(1)).toMatchObject({ availableBalance: parseEther("5"), totalBalance: parseEther("5") });

    const funded = await cli(["compute", "fund", "2", "--provider", "0"], { account: 1 });
    expect(funded.code).toBe(0);
    expect(stripAnsi(funded.stdout)).toMatch(new RegExp(`^Transferred 2 0G to inference provider ${provider0} \\(opened the sub-account, acknowledged its TEE signer\\)`));
    expect(stripAnsi(funded.stdout)).toMatch(/Ledger\s+3 0G available, 5 0G in total/);
    expect(await subAccountOf(1, provider0)).toMatchObject({ balance: parseEther("2"), acknowledged: true });
    expect(await ledgerOf(1)).toMatchObject({ availableBalance: parseEther("3"), totalBalance: parseEther("5") });
  });

  it("--provider without a ledger opens one with the 3 0G minimum first; amounts in neuron; bad amounts are usage errors", async () => {
    const report = json(await cli(["compute", "fund", "2", "--provider", provider1, "--json"], { account: 2 }));
    expect(report).toMatchObject({
      deposit: { amount: parseEther("3").toString(), createdLedger: true },
      transfer: { provider: provider1, service: "inference", amount: parseEther("2").toString(), createdSubAccount: true },
      ledger: { availableBalance: parseEther("1").toString(), totalBalance: parseEther("3").toString() },
    });
    expect((await subAccountOf(2, provider1)).balance).toBe(parseEther("2"));
    // A top-up beyond what the ledger has deposits the difference.
    expect(json(await cli(["compute", "fund", "1500000000000000000neuron", "--provider", "1", "--json"], { account: 2 }))).toMatchObject({
      deposit: { amount: parseEther("0.5").toString(), createdLedger: false },
      transfer: { amount: parseEther("1.5").toString(), createdSubAccount: false },
      ledger: { availableBalance: "0" },
    });
    expect((await subAccountOf(2, provider1)).balance).toBe(parseEther("3.5"));

    for (const bad of ["abc", "0", "-1", "1.2.3"]) {
      const out = await cli(["compute", "fund", bad, "--json"], { account: 2 });
      expect(out.code, bad).toBe(2);
    }
    expect((await cli(["compute", "fund", "1", "--service", "fine-tuning"])).code).toBe(2); // --service needs --provider
  });
});

describe("0g compute chat", () => {
  beforeAll(async () => {
    // Account 9 asks the provider directly, for the expected answers.
    expect((await cli(["compute", "fund", "3", "--provider", "0"], { account: 9 })).code).toBe(0);
  });

  it("streams the built-in model's answer token by token, then says it verified against the TEE signer", async () => {
    const expected = await directAnswer([{ role: "user", content: "hello" }]);
    const out = await cli(["compute", "chat", "0", "hello"], { account: 1 });
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(`${expected}\n`);
    expect(out.writes).toBeGreaterThan(3); // streamed, not written at once
    const signer = devnet.compute.providers[0]!.teeSigner;
    expect(out.stderr).toContain(`✔ verified: signed by ${signer} (TEE signer of provider ${provider0})\n`);
    expect(out.stderr).toMatch(/\d+ prompt \+ \d+ completion tokens, [\d.]+ 0G/);
  });

  it("--json: { provider, model, content, usage, chatId, verified, signer }; --no-stream, --system and --max-tokens", async () => {
    const expected = await directAnswer([{ role: "user", content: "What is 0G?" }]);
    const out = await cli(["compute", "chat", provider0, "What is 0G?", "--json"], { account: 1 });
    expect({ code: out.code, stderr: out.stderr }).toEqual({ code: 0, stderr: "" });
    const report = json(out);
    expect(Object.keys(report)).toEqual(["provider", "model", "content", "usage", "chatId", "verified", "signer"]);
    expect(report).toEqual({
      provider: provider0,
      model,
      content: expected,
      usage: { promptTokens: expect.any(Number), completionTokens: expect.any(Number), totalTokens: expect.any(Number) },
      chatId: expect.stringMatching(/.+/),
      verified: true,
      signer: devnet.compute.providers[0]!.teeSigner,
    });

    const whole = json(await cli(["compute", "chat", "0", "What is 0G?", "--no-stream", "--json"], { account: 1 }));
    expect(whole).toMatchObject({ content: expected, verified: true, usage: report.usage });
    const human = await cli(["compute", "chat", "0", "What is 0G?", "--no-stream"], { account: 1 });
    expect(human.stdout).toBe(`${expected}\n`);
    expect(human.writes).toBeLessThanOrEqual(2);

    const messages = [
      { role: "system", content: "Answer briefly." },
      { role: "user", content: "hi" },
    ];
    expect(json(await cli(["compute", "chat", "1", "hi", "--system", "Answer briefly.", "--json"], { account: 2 }))).toMatchObject({
      provider: provider1,
      content: await directAnswer(messages),
      verified: true,
    });
    const short = json(await cli(["compute", "chat", "0", "hello", "--max-tokens", "3", "--json"], { account: 1 })) as { content: string; usage: { completionTokens: number } };
    expect(short.usage.completionTokens).toBe(3);
    expect(short.content).toBe(await directAnswer([{ role: "user", content: "hello" }], { max_tokens: 3 }));
  });

  it("a lying provider: the answer is shown, but NOT verified and the exit code is 1", async () => {
    devnet.compute.lie(0);
    const out = await cli(["compute", "chat", "0", "hello"], { account: 1 });
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/^You asked: "hello"\./);
    expect(out.stderr).toMatch(/^✘ NOT verified: /m);
    expect(out.stderr).not.toContain("✔");

    const report = await cli(["compute", "chat", "0", "hello", "--no-stream", "--json"], { account: 1 });
    expect(report.code).toBe(1);
    expect(json(report)).toMatchObject({ verified: false, signer: null, error: { name: expect.stringMatching(/^(ResponseSignerMismatchError|InvalidResponseSignatureError)$/), code: expect.any(Number) } });
  });

  it("an account without funds with the provider: ComputeNotFundedError with the fund command; --auto-fund tops up", async () => {
    const out = await cli(["compute", "chat", "1", "hello", "--json"], { account: 3 });
    expect(out.code).toBe(1);
    expect(json(out).error).toMatchObject({
      code: 8201,
      name: "ComputeNotFundedError",
      message: `No funds with provider ${provider1}: this account has no inference sub-account with it.`,
      details: expect.stringContaining(`\`0g compute fund 2 --provider ${provider1}\``),
    });
    const human = await cli(["compute", "chat", "1", "hello"], { account: 3 });
    expect(human.stderr).toContain(`0g compute fund 2 --provider ${provider1}`);
    expect(human.stderr).toContain("--auto-fund");

    // --auto-fund moves funds from the ledger; without a ledger it says how to make one.
    const noLedger = await cli(["compute", "chat", "1", "hello", "--auto-fund", "--json"], { account: 3 });
    expect(json(noLedger).error).toMatchObject({ code: 8201, details: expect.stringContaining("`0g compute fund 5`") });
    expect((await cli(["compute", "fund", "5"], { account: 3 })).code).toBe(0);
    const funded = await cli(["compute", "chat", "1", "hello", "--auto-fund", "--json"], { account: 3 });
    expect(json(funded)).toMatchObject({ verified: true, content: expect.stringMatching(/^You asked: "hello"\./) });
    expect((await subAccountOf(3, provider1)).balance).toBe(parseEther("2")); // topUpProvider's 2 0G reserve
  });

  it("an unknown provider index or a malformed provider is bad usage (exit 2)", async () => {
    const out = await cli(["compute", "chat", "7", "hello", "--json"], { account: 1 });
    expect(out.code).toBe(2);
    expect(json(out).error).toMatchObject({ code: 8200, name: "UnknownComputeProviderError", message: "No inference provider #7: 2 are registered (indexes 0 to 1)." });
    const human = await cli(["compute", "chat", "7", "hello"], { account: 1 });
    expect(human.stderr).toContain("Run `0g compute chat --help` for usage.");
    expect((await cli(["compute", "chat", "0xnope", "hello"])).code).toBe(2);
    expect((await cli(["compute", "chat", "0"])).code).toBe(2); // missing <prompt>
    expect(json(await cli(["compute", "chat", devnet.accounts[5]!.address, "hello", "--json"])).error).toMatchObject({ name: "ServiceNotFoundError" });
  });
});

describe("0g compute balance and refund", () => {
  it("balance shows the ledger and the sub-accounts; no ledger is not an error", async () => {
    const report = json(await cli(["compute", "balance", "--json"], { account: 2 }));
    expect(report).toMatchObject({
      account: devnet.accounts[2]!.address,
      ledger: { availableBalance: "0", lockedBalance: parseEther("3.5").toString(), totalBalance: parseEther("3.5").toString() },
      subAccounts: [{ provider: provider1, service: "inference", balance: expect.any(String), pendingRefund: "0", refunds: [] }],
    });
    const none = await cli(["compute", "balance"], { account: 4 });
    expect(none).toMatchObject({ code: 0, stdout: `${devnet.accounts[4]!.address} has no compute ledger. Open one with \`0g compute fund 3\` (3 0G at least).\n` });
    expect(json(await cli(["compute", "balance", "--json"], { account: 4 }))).toMatchObject({ ledger: null, subAccounts: [] });
    expect(stripAnsi((await cli(["compute", "balance"], { account: 2 })).stdout)).toMatch(new RegExp(`Sub-accounts\\n\\s+Provider\\s+Service\\s+Balance\\s+Pending refunds\\n\\s+${provider1}\\s+inference`));
  });
});

describe("0g compute finetune", () => {
  const trainingParams = '{"num_train_epochs":1}';
  let datasetFile: string;
  let dataset: Uint8Array;
  let taskId: string;
  const ft = () => devnet.compute.fineTuning.providers[0]!;

  beforeAll(async () => {
    dataset = new TextEncoder().encode(
      Array.from({ length: 5 }, (_, i) => JSON.stringify({ instruction: `question ${i}?`, input: "", output: `answer ${i}.` })).join("\n"),
    );
    datasetFile = join(dir, "dataset.jsonl");
    await writeFile(datasetFile, dataset);
  });

  it("models; create needs a funded fine-tuning sub-account (the error says how)", async () => {
    const models = json(await cli(["compute", "finetune", "models", "--json"], { account: 6 })) as { models: { name: string; provider: string }[] };
    expect(models.models.map((m) => m.name)).toEqual((await listFineTuningModels(wallet(6), { contracts })).map((m) => m.name));
    expect(models.models[0]).toMatchObject({ name: "mock-model", provider: ft().address });

    const unfunded = await cli(["compute", "finetune", "create", "--model", "mock-model", "--dataset", datasetFile, "--json"], { account: 6 });
    expect(unfunded.code).toBe(1);
    expect(json(unfunded).error).toMatchObject({ code: 8201, details: expect.stringContaining(`0g compute fund 2 --provider ${ft().address} --service fine-tuning`) });
  });

  it("create (uploading the dataset) → status --wait → logs → ack → download decrypts the model", async () => {
    const fund = json(await cli(["compute", "fund", "2", "--provider", "0", "--service", "fine-tuning", "--json"], { account: 6 }));
    expect(fund).toMatchObject({ transfer: { provider: ft().address, service: "fine-tuning", createdSubAccount: true } });

    const created = await cli(["compute", "finetune", "create", "--model", "mock-model", "--dataset", datasetFile, "--json"], { account: 6 });
    expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: "" });
    const report = json(created) as { taskId: string; datasetHash: string; datasetUpload: { txHash: string } };
    expect(report).toMatchObject({ provider: ft().address, model: "mock-model", trainingParams, datasetUpload: { file: datasetFile } });
    taskId = report.taskId;
    expect(devnet.compute.fineTuning.task(taskId)).toMatchObject({ datasetHash: report.datasetHash, user: devnet.accounts[6]!.address });

    const status = json(await cli(["compute", "finetune", "status", taskId, "--wait", "--json"], { account: 6 }));
    expect(status).toMatchObject({ taskId, provider: ft().address, progress: "Delivered", deliverable: { acknowledged: false, settled: false, keyPublished: false } });
    const human = stripAnsi((await cli(["compute", "finetune", "status", taskId], { account: 6 })).stdout);
    expect(human).toMatch(/Progress\s+Delivered/);
    expect(human).toContain(`0g compute finetune ack ${taskId}`);
    expect((await cli(["compute", "finetune", "logs", taskId], { account: 6 })).stdout).toContain(`Training model for finalizer task ${taskId} successfully`);
    expect(json(await cli(["compute", "finetune", "tasks", "--json"], { account: 6 }))).toMatchObject({ tasks: [{ taskId, progress: "Delivered" }] });

    const out = join(dir, "model.zip");
    const early = await cli(["compute", "finetune", "download", taskId, "--out", out, "--json"], { account: 6 });
    expect(early.code).toBe(1);
    expect(json(early).error).toMatchObject({ code: 8204, name: "FineTunedModelNotAcknowledgedError" });
    // Only tasks that have not started training can be cancelled.
    expect(json(await cli(["compute", "finetune", "cancel", taskId, "--json"], { account: 6 })).error).toMatchObject({ name: "FineTuningTaskNotCancellableError" });

    const ack = json(await cli(["compute", "finetune", "ack", taskId, "--json"], { account: 6 }));
    expect(ack).toEqual({ taskId, provider: ft().address, transactionHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });

    const downloaded = await cli(["compute", "finetune", "download", taskId, "--out", out, "--json"], { account: 6 });
    expect({ code: downloaded.code, stderr: downloaded.stderr }).toEqual({ code: 0, stderr: "" });
    const expected = devnet.compute.fineTuning.expectedModel({ model: "mock-model", dataset, trainingParams });
    expect(json(downloaded)).toMatchObject({ taskId, path: out, size: expected.length, source: "storage" });
    expect(new Uint8Array(await readFile(out))).toEqual(expected);
    // Never overwritten without --overwrite; the provider's TEE gives the same model.
    expect(json(await cli(["compute", "finetune", "download", taskId, "--out", out, "--json"], { account: 6 })).error).toMatchObject({ name: "FileExistsError" });
    const tee = await cli(["compute", "finetune", "download", taskId, "--out", out, "--from", "tee", "--overwrite"], { account: 6 });
    expect(tee.stdout).toContain(`Wrote the fine-tuned model of task ${taskId} to ${out}`);
    expect(new Uint8Array(await readFile(out))).toEqual(expected);
  });

  it("bad task ids are usage errors; another account's task is unknown", async () => {
    expect((await cli(["compute", "finetune", "status", "not-a-uuid"])).code).toBe(2);
    expect(json(await cli(["compute", "finetune", "status", taskId, "--json"], { account: 7 })).error).toMatchObject({ name: "FineTuningTaskNotFoundError" });
    expect((await cli(["compute", "finetune", "download", taskId])).code).toBe(2); // missing --out
  });
});

describe("0g compute refund", () => {
  it("requests refunds and withdraws the ledger; after the lock time collects and withdraws the rest", async () => {
    const before = await devnet.publicClient.getBalance({ address: devnet.accounts[2]!.address });
    const first = json(await cli(["compute", "refund", "--json"], { account: 2 }));
    const subBalance = (await subAccountOf(2, provider1)).balance;
    expect(first).toMatchObject({
      account: devnet.accounts[2]!.address,
      service: "inference",
      providers: [provider1],
      collected: "0",
      withdrawn: "0", // everything is in the sub-account
      withdrawTransaction: null,
      ledgerDeleted: false,
      pending: [{ provider: provider1, service: "inference", amount: subBalance.toString(), unlocked: false }],
    });
    const human = stripAnsi((await cli(["compute", "balance"], { account: 2 })).stdout);
    expect(human).toMatch(/unlocks in 2[34]h\d\dm/);

    await devnet.increaseTime(86_400 + 120);
    await devnet.compute.settle(); // what the provider is owed leaves before the refund comes back
    const second = json(await cli(["compute", "refund", "--json"], { account: 2 })) as { collected: string; withdrawn: string; ledgerDeleted: boolean; pending: unknown[] };
    expect(BigInt(second.collected)).toBeGreaterThan(parseEther("3"));
    expect(second).toMatchObject({ withdrawn: second.collected, pending: [] });
    const after = await devnet.publicClient.getBalance({ address: devnet.accounts[2]!.address });
    expect(after - before).toBeGreaterThan(parseEther("3"));
    const left = json(await cli(["compute", "balance", "--json"], { account: 2 })) as { ledger: { availableBalance: string } | null };
    expect(second.ledgerDeleted ? left.ledger : left.ledger?.availableBalance).toBe(second.ledgerDeleted ? null : "0");
  });

  it("--help lists the subcommands at every level", async () => {
    const help = await cli(["compute", "--help"]);
    expect(help.code).toBe(0);
    for (const word of ["services", "fund", "balance", "chat", "refund", "finetune"]) expect(help.stdout).toMatch(new RegExp(`^  ${word}\\s`, "m"));
    const ft = await cli(["compute", "finetune", "--help"]);
    expect(ft.stdout).toContain("Usage: 0g compute finetune <command> [options]");
    for (const word of ["models", "create", "status", "logs", "tasks", "cancel", "ack", "download"]) expect(ft.stdout).toMatch(new RegExp(`^  ${word}\\s`, "m"));
    expect((await cli(["compute", "chat", "--help"])).stdout).toContain("Usage: 0g compute chat <provider> <prompt> [options]");
    expect((await cli(["compute", "finetune", "stauts", "x"])).stderr).toContain('Did you mean "compute finetune status"?');
  });
});
