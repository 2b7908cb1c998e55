import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { wrappedOgAbi, wrappedOgBytecode } from "@0g/contracts";
import { createPublicClient, createWalletClient, encodeFunctionData, http, numberToHex, parseEther, type Hex } from "viem";
import { defineBench } from "../../bench/harness.js";
import { defaultMnemonic, deriveAccounts } from "../src/accounts.js";
import { createEdrChain } from "../src/chain/edr.js";
import { createDevnet } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));

export default defineBench("devnet", async (b) => {
  // Cold start: each sample is a new Node process importing the built package.
  const coldSamples: number[] = [];
  for (let i = 0; i < 9; i++) {
    const out = execFileSync(process.execPath, [join(here, "cold-start.mjs")], { cwd: join(here, ".."), encoding: "utf8" });
    coldSamples.push(Number(out.trim()));
  }
  b.check(b.record("cold start (import to ready, contracts deployed)", "ms", coldSamples), "<=", 1000);

  // Snapshot + revert round trip, with one transaction to undo each time.
  const snapshots = await createDevnet();
  const id = await snapshots.snapshot();
  b.check(
    await b.time("revert to snapshot (after 1 tx)", () => snapshots.revert(id), {
      iterations: 200,
      setup: async () => void (await snapshots.walletClient.sendTransaction({ to: snapshots.accounts[1]!.address, value: 1n })),
    }),
    "<=",
    10,
  );
  await b.time("snapshot + revert", async () => snapshots.revert(await snapshots.snapshot()), { iterations: 200 });
  await snapshots.stop();

  // Transfers: a fresh devnet beside a raw EDR chain of the same configuration, driven with JSON
  // strings straight on EDR. Both hold W0G (the raw chain deploys it with eth_sendTransaction).
  const devnet = await createDevnet();
  const alice = devnet.accounts[0]!;
  const bob = devnet.accounts[1]!;
  const raw = await createEdrChain({
    chainId: 31337,
    hardfork: "cancun",
    blockGasLimit: 60_000_000n,
    initialBaseFeePerGas: 1_000_000_000n,
    genesisTimestamp: Math.floor(Date.now() / 1000),
    accounts: deriveAccounts({ mnemonic: defaultMnemonic, count: 10, balance: parseEther("10000") }),
    autoMine: true,
    interval: undefined,
  });
  let rawId = 0;
  const rawCall = async (method: string, params: unknown[]) =>
    (JSON.parse(await raw.handle(JSON.stringify({ jsonrpc: "2.0", id: ++rawId, method, params }))) as { result: unknown }).result;
  const deployHash = await rawCall("eth_sendTransaction", [{ from: alice.address, data: wrappedOgBytecode, gas: "0x989680" }]);
  const rawToken = ((await rawCall("eth_getTransactionReceipt", [deployHash])) as { contractAddress: Hex }).contractAddress;
  await rawCall("eth_sendTransaction", [{ from: alice.address, to: rawToken, value: "0x56bc75e2d63100000", gas: "0x30d40" }]);
  const token = devnet.contracts.wrappedOG!;
  await devnet.walletClient.writeContract({ address: token, abi: wrappedOgAbi, functionName: "deposit", value: parseEther("100") });

  const served = await devnet.serve({ port: 0 });
  const transport = http(served.endpoints.rpc, { retryCount: 0 });
  const httpWallet = createWalletClient({ chain: devnet.chain, transport, account: alice.address });
  const httpPublic = createPublicClient({ chain: devnet.chain, transport });
  // Every transfer moves a different amount, so every contender encodes every transaction: raw EDR
  // with viem's encoders and hand-written JSON, the devnet through its EIP-1193 `request` (the
  // devnet's own cost over EDR) and through viem's wallet and public clients (what users write).
  let amount = 0n;
  const next = () => ++amount;
  const transferData = () => encodeFunctionData({ abi: wrappedOgAbi, functionName: "transfer", args: [bob.address, next()] });
  const ethRequest = () => ({ from: alice.address, to: bob.address, value: numberToHex(next()) });
  const erc20Request = (to: Hex) => ({ from: alice.address, to, data: transferData() });
  const transfers = {
    rawEth: async () => {
      const hash = await rawCall("eth_sendTransaction", [ethRequest()]);
      await rawCall("eth_getTransactionReceipt", [hash]);
    },
    rawErc20: async () => {
      const hash = await rawCall("eth_sendTransaction", [erc20Request(rawToken)]);
      await rawCall("eth_getTransactionReceipt", [hash]);
    },
    requestEth: async () => {
      const hash = await devnet.request({ method: "eth_sendTransaction", params: [ethRequest()] });
      await devnet.request({ method: "eth_getTransactionReceipt", params: [hash] });
    },
    requestErc20: async () => {
      const hash = await devnet.request({ method: "eth_sendTransaction", params: [erc20Request(token)] });
      await devnet.request({ method: "eth_getTransactionReceipt", params: [hash] });
    },
    viemEth: async () => {
      const hash = await devnet.walletClient.sendTransaction({ to: bob.address, value: next() });
      await devnet.publicClient.getTransactionReceipt({ hash });
    },
    viemErc20: async () => {
      const hash = await devnet.walletClient.writeContract({ address: token, abi: wrappedOgAbi, functionName: "transfer", args: [bob.address, next()] });
      await devnet.publicClient.getTransactionReceipt({ hash });
    },
    httpEth: async () => {
      const hash = await httpWallet.sendTransaction({ to: bob.address, value: next() });
      await httpPublic.getTransactionReceipt({ hash });
    },
    httpErc20: async () => {
      const hash = await httpWallet.writeContract({ address: token, abi: wrappedOgAbi, functionName: "transfer", args: [bob.address, next()] });
      await httpPublic.getTransactionReceipt({ hash });
    },
  };
  const loop = (op: () => Promise<void>) => async (n: number) => {
    for (let i = 0; i < n; i++) await op();
  };

  for (const kind of ["ETH", "ERC-20"] as const) {
    const [raw, request, viem] = await b.sideBySide(
      [
        { name: `${kind} transfers/s, raw EDR`, run: loop(kind === "ETH" ? transfers.rawEth : transfers.rawErc20) },
        { name: `${kind} transfers/s, devnet.request (EIP-1193)`, run: loop(kind === "ETH" ? transfers.requestEth : transfers.requestErc20) },
        { name: `${kind} transfers/s, devnet in-process (viem)`, run: loop(kind === "ETH" ? transfers.viemEth : transfers.viemErc20) },
      ],
      { ops: 200, rounds: 25 },
    );
    b.ratio(`${kind} transfers, devnet.request / raw EDR`, request!, raw!);
    b.check(b.ratio(`${kind} transfers, devnet in-process (viem) / raw EDR`, viem!, raw!), ">=", 0.9);
  }

  // Over HTTP (client and server share this process and its two cores), beside raw EDR again.
  for (const kind of ["ETH", "ERC-20"] as const) {
    const [raw, overHttp] = await b.sideBySide(
      [
        { name: `${kind} transfers/s, raw EDR (HTTP pair)`, run: loop(kind === "ETH" ? transfers.rawEth : transfers.rawErc20) },
        { name: `${kind} transfers/s, devnet over HTTP (viem)`, run: loop(kind === "ETH" ? transfers.httpEth : transfers.httpErc20) },
      ],
      { ops: 100, rounds: 7 },
    );
    b.ratio(`${kind} transfers, devnet over HTTP / raw EDR`, overHttp!, raw!);
  }
  await devnet.stop();
});
