import { hashMessage, parseEther, recoverAddress, type Address, type Hex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { defineBench, type BenchContext } from "../../../bench/harness.js";
// Relative, as storage's KV bench does, so the suite needs no workspace dependency of @0g/compute
// (@0g/devnet depends on @0g/compute). Under `--conditions=@0g/source` the devnet's own
// `@0g/compute` import is this package's src as well.
import { ledgerManagerAbi } from "../../../contracts/src/index.js";
import { createDevnet } from "../../../devnet/src/index.js";
import {
  bodySha256,
  chatSignatureUrl,
  createSessionToken,
  createSessionTokenCache,
  formatAuthorization,
  getChatId,
  parseResponseSignature,
  serviceEndpoint,
  verifyResponseSignature,
  type SignedSessionToken,
} from "../src/index.js";

// 0G Compute against an in-process devnet (EDR, cancun, one transaction per block; 2 inference
// providers serving the built-in deterministic model over HTTP on 127.0.0.1):
//
// 1. Gas of settleFeesWithTEE per entry, batches of 1, 10 and 50 distinct users, the first
//    settlement of each account and a later one. Real chats bill the users; `devnet.compute.settle()`
//    signs each user's TEESettlement (EIP-712, signTeeSettlement) with the provider's TEE key and
//    sends one settleFeesWithTEE per batch from the provider's account; gas is the receipt's gasUsed
//    (21,000 base and calldata included) divided by the entries, as 0G's figures in
//    ../shared/reference/0g-gas.md are. A first settlement is sent three times from a snapshot taken
//    after the chats (each time a new nonce and signature), a later one three times after new chats.
// 2. Gas of LedgerManager addLedger, depositFund and transferFund (creating the provider account,
//    top-up) from the receipts of the funding above, beside 0G's figures.
// 3. A provider's throughput: 4 clients at once, each with its own account and cached session
//    token, posting chat completions in a loop over HTTP (non-streaming and streaming side by side,
//    alternating rounds); p50 latency under that load and of one client alone.
// 4. The client's own cost per request: a session token (fresh, and from createSessionTokenCache),
//    and verifying the response signature against the TEE signer with both bodies' sha256, beside
//    the secp256k1 public key recovery that verifying needs (viem's recoverAddress), interleaved.

/** 0G's InferenceServing / LedgerManager behind BeaconProxies (reference/0g-gas.md, "Compute serving"). */
const zg = {
  addLedgerFirst: 172_131,
  addLedgerTypical: 155_031,
  depositTopUp: 53_783,
  depositCreates: 154_192,
  transferCreates: 409_940,
  transferTopUp: 93_587,
  settleFirst: { 1: 152_029, 10: 77_514, 50: 73_489 },
  settleBefore: { 1: 115_017, 10: 63_835, 50: 59_807 },
} as const;
/** The targets: settlement at most half of 0G's per entry; a provider account created for at most 200,000. */
const settleTarget = 0.5;
const transferCreatesTarget = 200_000;

const service = "inference-v1.0";
const batchSizes = [1, 10, 50] as const;
const settleRounds = 3;
const clients = 4;
const settlementUsers = batchSizes.reduce((a, b) => a + b, 0);

type User = { account: PrivateKeyAccount; address: Address };

export default defineBench("compute", async (b: BenchContext) => {
  const devnet = await createDevnet({
    storage: false,
    accounts: 1 + settlementUsers + clients,
    compute: { providers: 2, settlement: { auto: false } },
  });
  try {
    await devnet.serve({ port: 0 });
    // Provider 0 settles the 61 settlement users; provider 1 serves the throughput clients.
    const settler = devnet.compute.providers[0]!;
    const server = devnet.compute.providers[1]!;
    const userOf = (i: number): User => {
      const account = privateKeyToAccount(devnet.accounts[i]!.privateKey as Hex);
      return { account, address: account.address };
    };
    const groups = (() => {
      let next = 1;
      return batchSizes.map((n) => Array.from({ length: n }, () => userOf(next++)));
    })();
    const chatters = Array.from({ length: clients }, (_, i) => userOf(1 + settlementUsers + i));

    const gasOf = async (hash: Hex) => {
      const receipt = await devnet.publicClient.getTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
      return Number(receipt.gasUsed);
    };
    /** A LedgerManager call sent as `from` (the devnet's accounts are unlocked); its receipt's gasUsed. */
    const ledger = (from: Address, functionName: "addLedger" | "depositFund" | "transferFund", args: readonly unknown[], value?: bigint) =>
      devnet.walletClient
        .writeContract({ account: from, address: devnet.contracts.computeLedger!, abi: ledgerManagerAbi, functionName, args, value } as never)
        .then(gasOf);

    // --- 2. Funding: 61 users open a ledger and a sub-account with provider 0 (the settlement users),
    // 4 clients open theirs with depositFund and fund provider 1 twice.
    const addLedger: number[] = [];
    const transferCreates: number[] = [];
    for (const u of groups.flat()) {
      addLedger.push(await ledger(u.address, "addLedger", [""], parseEther("10")));
      transferCreates.push(await ledger(u.address, "transferFund", [settler.address, service, parseEther("3")]));
    }
    const depositCreates: number[] = [];
    const depositTopUp: number[] = [];
    const transferTopUp: number[] = [];
    for (const u of chatters) {
      depositCreates.push(await ledger(u.address, "depositFund", [], parseEther("20")));
      depositTopUp.push(await ledger(u.address, "depositFund", [], parseEther("5")));
      transferCreates.push(await ledger(u.address, "transferFund", [server.address, service, parseEther("5")]));
      transferTopUp.push(await ledger(u.address, "transferFund", [server.address, service, parseEther("5")]));
    }

    const compareGas = (operation: string, samples: number[], theirs: number, target?: number) => {
      const ours = b.record(`${operation}, @0g/contracts on the devnet`, "gas", samples);
      const reference = b.record(`${operation}, 0G (reference/0g-gas.md)`, "gas", [theirs]);
      b.ratio(`${operation}, ours / 0G's`, ours, reference);
      if (target !== undefined) b.check(ours, "<=", target);
    };

    // --- 1. Settlement.
    const ask = (content: string) => ({ model: settler.model, messages: [{ role: "user", content }] });
    const chatOnce = async (url: string, authorization: string, body: object) => {
      const request = JSON.stringify(body);
      const res = await fetch(`${serviceEndpoint(url)}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization },
        body: request,
      });
      const response = await res.text();
      if (res.status !== 200) throw new Error(`chat answered ${res.status}: ${response}`);
      return { request, response, chatId: getChatId({ headers: res.headers, body: response }) };
    };
    const tokens = new Map<Address, SignedSessionToken>();
    const tokenFor = async (u: User, provider: Address) => {
      let token = tokens.get(u.address);
      if (!token) tokens.set(u.address, (token = await createSessionToken({ account: u.account, provider, generation: 0 })));
      return formatAuthorization(token);
    };
    /** Every user of `group` chats once with provider 0 (8 at a time). */
    const bill = async (group: readonly User[], round: string) => {
      for (let i = 0; i < group.length; i += 8)
        await Promise.all(group.slice(i, i + 8).map(async (u) => chatOnce(settler.url, await tokenFor(u, settler.address), ask(`${round} ${u.address}`))));
    };
    /** Settles provider 0's users (one batch) and returns gas per entry. */
    const settleGroup = async (group: readonly User[]) => {
      const settled = await devnet.compute.settle({ provider: settler.index });
      if (settled.length !== group.length || settled.some((s) => s.status !== "SUCCESS"))
        throw new Error(`settle: ${settled.length} entries, statuses ${[...new Set(settled.map((s) => s.status))].join(", ")}`);
      const hashes = [...new Set(settled.map((s) => s.transactionHash))];
      if (hashes.length !== 1 || hashes[0] === undefined) throw new Error(`settle sent ${hashes.length} transactions for ${group.length} users`);
      return (await gasOf(hashes[0])) / group.length;
    };
    const label = (n: number) => (n === 1 ? "settleFeesWithTEE x1" : `settleFeesWithTEE x${n}, per entry`);

    const first: number[][] = [];
    for (const group of groups) {
      await bill(group, "first");
      const before = await devnet.snapshot();
      const samples: number[] = [];
      for (let r = 0; r < settleRounds; r++) {
        if (r > 0) await devnet.revert(before);
        samples.push(await settleGroup(group));
      }
      first.push(samples);
    }
    const later: number[][] = [];
    for (const group of groups) {
      const samples: number[] = [];
      for (let r = 0; r < settleRounds; r++) {
        await bill(group, `again ${r}`);
        samples.push(await settleGroup(group));
      }
      later.push(samples);
    }
    batchSizes.forEach((n, i) => {
      compareGas(`${label(n)}, first settlement per account`, first[i]!, zg.settleFirst[n], Math.floor(zg.settleFirst[n] * settleTarget));
    });
    batchSizes.forEach((n, i) => {
      compareGas(`${label(n)}, accounts settled before`, later[i]!, zg.settleBefore[n], Math.floor(zg.settleBefore[n] * settleTarget));
    });

    // The first account a provider has costs more (its account list starts); 0G's figure is a typical one.
    compareGas("transferFund creating the provider account (typical)", [...transferCreates.slice(1, settlementUsers), ...transferCreates.slice(settlementUsers + 1)], zg.transferCreates, transferCreatesTarget);
    compareGas("transferFund creating the contract's first account (provider 0's first)", [transferCreates[0]!], zg.transferCreates, transferCreatesTarget);
    compareGas("transferFund creating provider 1's first account", [transferCreates[settlementUsers]!], zg.transferCreates, transferCreatesTarget);
    compareGas("transferFund top-up", transferTopUp, zg.transferTopUp);
    compareGas("addLedger, first ever", addLedger.slice(0, 1), zg.addLedgerFirst);
    compareGas("addLedger, typical", addLedger.slice(1), zg.addLedgerTypical);
    compareGas("depositFund creating the ledger", depositCreates, zg.depositCreates);
    compareGas("depositFund top-up", depositTopUp, zg.depositTopUp);

    // --- 3. Throughput of provider 1 over HTTP.
    const caches = chatters.map((u) => createSessionTokenCache({ account: u.account }));
    let seq = 0;
    const request = async (client: number, stream: boolean) => {
      const authorization = await caches[client]!.authorization({ provider: server.address, generation: 0 });
      const { response } = await chatOnce(server.url, authorization, { ...ask(`question ${++seq} from client ${client}`), stream });
      if (stream ? !response.endsWith("data: [DONE]\n\n") : !response.startsWith("{")) throw new Error("unexpected answer");
    };
    const ops = 60;
    const underLoad = { false: [] as number[], true: [] as number[] };
    /** `n` requests shared by `clients` loops at once; each request's latency kept in timed rounds. */
    const concurrently = (stream: boolean) => async (n: number) => {
      let left = n;
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          while (left-- > 0) {
            const start = performance.now();
            await request(c, stream);
            if (n === ops) underLoad[`${stream}`].push(performance.now() - start);
          }
        }),
      );
    };
    const [plain, streamed] = await b.sideBySide(
      [
        { name: `chat completions/s, ${clients} clients, non-streaming`, run: concurrently(false) },
        { name: `chat completions/s, ${clients} clients, streaming`, run: concurrently(true) },
      ],
      { ops, rounds: 8, warmupOps: 20 },
    );
    b.ratio("chat completions/s, streaming / non-streaming", streamed!, plain!);
    b.check(plain!, ">=", 50);
    b.check(streamed!, ">=", 40);
    b.record(`chat completion latency, ${clients} clients, non-streaming (p50)`, "ms", underLoad.false);
    b.record(`chat completion latency, ${clients} clients, streaming to [DONE] (p50)`, "ms", underLoad.true);
    const alone = async (name: string, stream: boolean) => b.time(name, () => request(0, stream), { iterations: 60, warmup: 5 });
    await alone("chat completion latency, one client, non-streaming (p50)", false);
    await alone("chat completion latency, one client, streaming to [DONE] (p50)", true);

    // --- 4. Client-side cost per request, on real answers of provider 1 and their signatures.
    const user = chatters[0]!;
    const tee = server.teeSigner;
    const answerOf = async (stream: boolean) => {
      const authorization = await caches[0]!.authorization({ provider: server.address, generation: 0 });
      const chat = await chatOnce(server.url, authorization, { ...ask("What does the client pay per request?"), stream });
      const signature: unknown = await (await fetch(chatSignatureUrl({ url: server.url, chatId: chat.chatId! }))).json();
      return { ...chat, signature };
    };
    const plainAnswer = await answerOf(false);
    const streamAnswer = await answerOf(true);
    const cache = createSessionTokenCache({ account: user.account });
    await cache.get({ provider: server.address });
    const verify = (answer: typeof plainAnswer) => async () => {
      await verifyResponseSignature({ signature: answer.signature, signer: tee, request: answer.request, response: answer.response });
    };
    const fresh = async () => void formatAuthorization(await createSessionToken({ account: user.account, provider: server.address }));
    const cached = async () => void (await cache.authorization({ provider: server.address }));
    const { text, signature: signedSignature } = parseResponseSignature(plainAnswer.signature);
    const signedHash = hashMessage(text);
    const cases: [string, () => Promise<void> | void][] = [
      ["createSessionToken + formatAuthorization, fresh", fresh],
      ["createSessionTokenCache.authorization, cached", cached],
      ["verifyResponseSignature + bodySha256 of both bodies, non-streaming", verify(plainAnswer)],
      ["verifyResponseSignature + bodySha256 of both bodies, streaming", verify(streamAnswer)],
      ["bodySha256 of request + response (streaming)", () => void (bodySha256(streamAnswer.request) + bodySha256(streamAnswer.response))],
      ["client overhead per request: cached token + verify", async () => (await cached(), await verify(plainAnswer)())],
      ["client overhead per request: fresh token + verify", async () => (await fresh(), await verify(plainAnswer)())],
      // The floor under verifying: viem's secp256k1 public key recovery of the signed hash alone.
      ["viem recoverAddress of the response signature's hash (secp256k1 recovery alone)", async () => void (await recoverAddress({ hash: signedHash, signature: signedSignature }))],
    ];
    // Interleaved (A B C ..., then ... C B A), so the shared machine's load drifts over all alike.
    const samples = cases.map(() => [] as number[]);
    (globalThis as { gc?: () => void }).gc?.();
    for (let round = -20; round < 300; round++) {
      const order = cases.map((_, i) => i);
      if (round % 2) order.reverse();
      for (const i of order) {
        const start = performance.now();
        await cases[i]![1]();
        if (round >= 0) samples[i]!.push(performance.now() - start);
      }
    }
    const client = cases.map(([name], i) => b.record(name, "ms", samples[i]!));
    // The per-request cost: a token comes from the cache (a fresh one is signed once a day per provider).
    b.check(client[5]!, "<=", 2);
    // What verifying adds on top of the recovery it cannot avoid (per round, interleaved).
    b.check(b.ratio("verifyResponseSignature (non-streaming) / secp256k1 recovery alone", client[2]!, client[7]!), "<=", 1.5);
  } finally {
    await devnet.stop();
  }
});
