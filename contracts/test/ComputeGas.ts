import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, type Hex, keccak256, parseEther, parseEventLogs, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { INFERENCE, LOCK_TIME, STAKE, type Settlement, deployCompute, serviceParams, signSettlement } from "./computeDeployment.js";

/** 0G's own figures (docs 0g-gas.md, "Compute serving": behind BeaconProxies, same compiler). */
const ZG = {
  addLedgerFirst: 172_131n,
  addLedgerTypical: 155_031n,
  depositTopUp: 53_783n,
  depositCreates: 154_192n,
  transferCreates: 409_940n,
  transferTopUp: 93_587n,
  serviceFirst: 429_636n,
  serviceUpdate: 93_792n,
  settleFirst1: 152_029n,
  settleFirst10: 77_514n,
  settleFirst50: 73_489n,
  settleBefore1: 115_017n,
  settleBefore10: 63_835n,
  settleBefore50: 59_807n,
};

describe("Compute gas (viem, receipts)", async () => {
  const { viem, networkHelpers } = await network.create();
  const publicClient = await viem.getPublicClient();
  const chainId = await publicClient.getChainId();
  const [, providerWallet, firstUser, secondUser, depositor] = await viem.getWalletClients();
  if (providerWallet === undefined || firstUser === undefined || secondUser === undefined || depositor === undefined) {
    throw new Error("need 5 accounts");
  }
  const provider = providerWallet.account.address;
  const tee = privateKeyToAccount(keccak256(toHex("compute gas tee")));
  const rows: { operation: string; ours: bigint; zg: bigint | undefined }[] = [];
  const record = (operation: string, ours: bigint, zg?: bigint) => rows.push({ operation, ours, zg });

  const addresses = await deployCompute(viem);
  const ledger = await viem.getContractAt("LedgerManager", addresses.ledger);
  const inference = await viem.getContractAt("InferenceServing", addresses.inference);

  type Wallet = NonNullable<Awaited<ReturnType<typeof viem.getWalletClients>>[number]>;
  const gasOf = async (hash: Promise<Hex>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    assert.equal(receipt.status, "success");
    return receipt.gasUsed;
  };
  const asWallet = (wallet: Wallet) => ({
    ledger: (functionName: string, args: readonly unknown[], value?: bigint) =>
      gasOf(wallet.writeContract({ address: ledger.address, abi: ledger.abi, functionName, args, value } as never)),
    inference: (functionName: string, args: readonly unknown[], value?: bigint) =>
      gasOf(wallet.writeContract({ address: inference.address, abi: inference.abi, functionName, args, value } as never)),
  });

  /** `count` fresh impersonated users, each with a 10 0G ledger and a 5 0G sub-account with the provider. */
  let userSeed = 0;
  const newUsers = async (count: number) => {
    const users: Address[] = [];
    for (let i = 0; i < count; i++) {
      const address = privateKeyToAccount(keccak256(toHex(`compute gas user ${userSeed++}`))).address;
      await networkHelpers.impersonateAccount(address);
      await networkHelpers.setBalance(address, parseEther("100"));
      const wallet = await viem.getWalletClient(address);
      await asWallet(wallet).ledger("addLedger", [""], parseEther("10"));
      await asWallet(wallet).ledger("transferFund", [provider, INFERENCE, parseEther("5")]);
      users.push(address);
    }
    return users;
  };

  let nonce = 1_700_000_000_0000000n; // 0G's brokers use unix seconds * 1e7
  const settle = async (users: Address[]) => {
    const entries: Settlement[] = [];
    for (const user of users) {
      entries.push(await signSettlement(tee, chainId, inference.address, { user, provider, totalFee: 12_345_678_901_234n, nonce: ++nonce }));
    }
    const hash = await providerWallet.writeContract({
      address: inference.address,
      abi: inference.abi,
      functionName: "settleFeesWithTEE",
      args: [entries],
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    const results = parseEventLogs({ abi: inference.abi, logs: receipt.logs, eventName: "TEESettlementResult" });
    assert.deepEqual(
      results.map((log) => log.args.status),
      users.map(() => 0),
      "every entry settles (status 0)",
    );
    return receipt.gasUsed;
  };

  it("addOrUpdateService (first, with the 100 0G stake / update) and the owner's acknowledgement", async () => {
    const first = await asWallet(providerWallet).inference("addOrUpdateService", [serviceParams(tee.address)], STAKE);
    const update = await asWallet(providerWallet).inference("addOrUpdateService", [
      serviceParams(tee.address, { url: "https://provider-2.example.com", inputPrice: 60_000_000_000n }),
    ]);
    await inference.write.acknowledgeTEESignerByOwner([provider]);
    record("addOrUpdateService, first (100 0G stake)", first, ZG.serviceFirst);
    record("addOrUpdateService, update (url, price)", update, ZG.serviceUpdate);
    assert.ok(first < ZG.serviceFirst, `first addOrUpdateService ${first}`);
    assert.ok(update < ZG.serviceUpdate, `addOrUpdateService update ${update}`);
  });

  it("addLedger, depositFund, transferFund (creating the sub-account <= 200,000) and its top-up", async () => {
    const addFirst = await asWallet(firstUser).ledger("addLedger", [""], parseEther("10"));
    const addTypical = await asWallet(secondUser).ledger("addLedger", [""], parseEther("10"));
    const topUp = await asWallet(firstUser).ledger("depositFund", [], parseEther("1"));
    const creates = await asWallet(depositor).ledger("depositFund", [], parseEther("10"));
    const transferFirst = await asWallet(firstUser).ledger("transferFund", [provider, INFERENCE, parseEther("2")]);
    const transferTypical = await asWallet(secondUser).ledger("transferFund", [provider, INFERENCE, parseEther("2")]);
    const transferTopUp = await asWallet(secondUser).ledger("transferFund", [provider, INFERENCE, parseEther("1")]);
    record("addLedger, first ever", addFirst, ZG.addLedgerFirst);
    record("addLedger, typical", addTypical, ZG.addLedgerTypical);
    record("depositFund, top-up", topUp, ZG.depositTopUp);
    record("depositFund, creates the ledger", creates, ZG.depositCreates);
    record("transferFund, creates the provider's first sub-account", transferFirst, ZG.transferCreates);
    record("transferFund, creates a sub-account (typical)", transferTypical, ZG.transferCreates);
    record("transferFund, top-up", transferTopUp, ZG.transferTopUp);
    assert.ok(transferFirst <= 200_000n, `transferFund creating a sub-account: ${transferFirst} > 200,000`);
    assert.ok(transferTypical <= 200_000n, `transferFund creating a sub-account: ${transferTypical} > 200,000`);
    for (const [gas, zg] of [
      [addFirst, ZG.addLedgerFirst],
      [addTypical, ZG.addLedgerTypical],
      [topUp, ZG.depositTopUp],
      [creates, ZG.depositCreates],
      [transferTopUp, ZG.transferTopUp],
    ] as const) {
      assert.ok(gas < zg, `${gas} >= 0G's ${zg}`);
    }
  });

  it("settleFeesWithTEE x1 / x10 / x50: per entry at most half of 0G's, first settlement and settled before", async () => {
    const one = await newUsers(1);
    const ten = await newUsers(10);
    const fifty = await newUsers(50);
    const first = [await settle(one), (await settle(ten)) / 10n, (await settle(fifty)) / 50n];
    const before = [await settle(one), (await settle(ten)) / 10n, (await settle(fifty)) / 50n];
    const zgFirst = [ZG.settleFirst1, ZG.settleFirst10, ZG.settleFirst50];
    const zgBefore = [ZG.settleBefore1, ZG.settleBefore10, ZG.settleBefore50];
    ["x1", "x10, per entry", "x50, per entry"].forEach((label, i) => {
      record(`settleFeesWithTEE ${label}, first settlement`, first[i]!, zgFirst[i]!);
      record(`settleFeesWithTEE ${label}, settled before`, before[i]!, zgBefore[i]!);
    });
    for (let i = 0; i < 3; i++) {
      assert.ok(first[i]! * 2n <= zgFirst[i]!, `first settlement ${first[i]} > half of 0G's ${zgFirst[i]}`);
      assert.ok(before[i]! * 2n <= zgBefore[i]!, `settled before ${before[i]} > half of 0G's ${zgBefore[i]}`);
    }
  });

  it("retrieveFund (request, then collect after the lock time) and refund", async () => {
    const [user] = await newUsers(1);
    const wallet = asWallet(await viem.getWalletClient(user!));
    const request = await wallet.ledger("retrieveFund", [[provider], INFERENCE]);
    await networkHelpers.time.increase(LOCK_TIME);
    const collect = await wallet.ledger("retrieveFund", [[provider], INFERENCE]);
    const partial = await wallet.ledger("refund", [parseEther("5")]);
    const all = await wallet.ledger("refund", [parseEther("5")]);
    record("retrieveFund, requests the refund", request);
    record("retrieveFund, collects it after the lock time", collect);
    record("refund, part of the ledger", partial);
    record("refund, everything (deletes ledger and sub-account)", all);
    await assert.rejects(ledger.read.getLedger([user!]));
  });

  after(() => {
    const pad = (s: string, n: number) => s.padEnd(n);
    const fmt = (n: bigint | undefined) => (n === undefined ? "" : n.toLocaleString("en-US")).padStart(9);
    const lines = rows.map(
      ({ operation, ours, zg }) =>
        `      | ${pad(operation, 55)} | ${fmt(ours)} | ${fmt(zg)} | ${
          zg === undefined ? "     " : `${((Number(ours) / Number(zg)) * 100).toFixed(0).padStart(3)}% `
        }|`,
    );
    console.log(
      [
        "",
        `      | ${pad("operation (gasUsed, 21,000 base included)", 55)} |      ours |   0G's   | ours/0G |`,
        `      |${"-".repeat(57)}|-----------|-----------|---------|`,
        ...lines,
      ].join("\n"),
    );
  });
});
