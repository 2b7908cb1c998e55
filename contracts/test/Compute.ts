import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { artifacts, network } from "hardhat";
import {
  type Address,
  type Hex,
  hashTypedData,
  getAddress,
  getContractAddress,
  keccak256,
  parseEther,
  parseEventLogs,
  recoverTypedDataAddress,
  toHex,
  zeroAddress,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  FINE_TUNING,
  INFERENCE,
  LOCK_TIME,
  PENALTY_PERCENTAGE,
  STAKE,
  deployCompute,
  serviceParams,
  settlementTypes,
  signSettlement,
  signVerifierInput,
} from "./computeDeployment.js";

describe("Compute serving end to end (viem, EDR)", async () => {
  const { viem, networkHelpers } = await network.create();
  const publicClient = await viem.getPublicClient();
  const chainId = await publicClient.getChainId();
  const [ownerWallet, providerWallet, aliceWallet, bobWallet, carolWallet] = await viem.getWalletClients();
  if (!ownerWallet || !providerWallet || !aliceWallet || !bobWallet || !carolWallet) throw new Error("need 5 accounts");
  const provider = getAddress(providerWallet.account.address);
  const alice = getAddress(aliceWallet.account.address);
  const bob = getAddress(bobWallet.account.address);
  const carol = getAddress(carolWallet.account.address);
  const tee = privateKeyToAccount(keccak256(toHex("compute e2e tee")));
  const forger = privateKeyToAccount(keccak256(toHex("compute e2e forger")));

  const addresses = await deployCompute(viem);
  const ledger = await viem.getContractAt("LedgerManager", addresses.ledger);
  const inference = await viem.getContractAt("InferenceServing", addresses.inference);
  const fineTuning = await viem.getContractAt("FineTuningServing", addresses.fineTuning);
  type Wallet = typeof aliceWallet;
  const as = async (wallet: Wallet) => ({
    ledger: await viem.getContractAt("LedgerManager", ledger.address, { client: { public: publicClient, wallet } }),
    inference: await viem.getContractAt("InferenceServing", inference.address, { client: { public: publicClient, wallet } }),
    fineTuning: await viem.getContractAt("FineTuningServing", fineTuning.address, { client: { public: publicClient, wallet } }),
  });
  const receipt = async (hash: Promise<Hex>) => {
    const r = await publicClient.waitForTransactionReceipt({ hash: await hash });
    assert.equal(r.status, "success");
    return r;
  };
  const p = await as(providerWallet);
  const a = await as(aliceWallet);
  const b = await as(bobWallet);
  const c = await as(carolWallet);

  await receipt(p.inference.write.addOrUpdateService([serviceParams(tee.address)], { value: STAKE }));
  await receipt(inference.write.acknowledgeTEESignerByOwner([provider]));
  for (const user of [a, b, c]) await receipt(user.ledger.write.addLedger([""], { value: parseEther("10") }));
  await receipt(a.ledger.write.transferFund([provider, INFERENCE, parseEther("3")]));
  await receipt(b.ledger.write.transferFund([provider, INFERENCE, parseEther("1")]));

  /** Settles `entries` as the provider: the statuses from a simulation, then the receipt's events. */
  const settle = async (entries: Awaited<ReturnType<typeof signSettlement>>[]) => {
    const { result } = await p.inference.simulate.settleFeesWithTEE([entries], { account: providerWallet.account.address });
    const r = await receipt(p.inference.write.settleFeesWithTEE([entries]));
    const results = parseEventLogs({ abi: inference.abi, logs: r.logs, eventName: "TEESettlementResult" });
    assert.deepEqual(
      results.map((log) => log.args.status),
      [...result],
      "one TEESettlementResult per entry, with the returned status",
    );
    return { statuses: [...result], receipt: r, results };
  };

  let nonce = 17_000_000_000_000_000n;
  const next = () => ++nonce;

  it("is registered as 0G's SDK looks it up (getServiceInfo(...).fullName)", async () => {
    assert.equal((await ledger.read.getServiceInfo([inference.address])).fullName, INFERENCE);
    assert.equal((await ledger.read.getServiceInfo([fineTuning.address])).fullName, FINE_TUNING);
    assert.equal(await ledger.read.getServiceAddressByName([INFERENCE]), getAddress(inference.address));
    const account = await inference.read.getAccount([alice, provider]);
    assert.equal(account.balance, parseEther("3"));
    assert.equal(account.acknowledged, true, "transferFund acknowledges the provider's TEE signer");
    const l = await ledger.read.getLedger([alice]);
    assert.equal(l.availableBalance, parseEther("7"));
    assert.equal(l.totalBalance, parseEther("10"));
  });

  it("verifies an EIP-712 TEESettlement signed with viem's signTypedData (status 0)", async () => {
    const entry = await signSettlement(tee, chainId, inference.address, { user: alice, provider, totalFee: parseEther("0.5"), nonce: next() });
    // The signature recovers to the TEE signer over viem's EIP-712 digest.
    const domain = { name: "0G Inference Serving", version: "1", chainId, verifyingContract: inference.address } as const;
    const message = { requestsHash: entry.requestsHash, nonce: entry.nonce, provider, user: alice, totalFee: entry.totalFee };
    assert.equal(
      await recoverTypedDataAddress({ domain, types: settlementTypes, primaryType: "TEESettlement", message, signature: entry.signature }),
      tee.address,
    );
    assert.match(hashTypedData({ domain, types: settlementTypes, primaryType: "TEESettlement", message }), /^0x[0-9a-f]{64}$/);

    const before = await publicClient.getBalance({ address: provider });
    const { statuses, receipt: r } = await settle([entry]);
    assert.deepEqual(statuses, [0]);
    const gasCost = r.gasUsed * r.effectiveGasPrice;
    assert.equal(await publicClient.getBalance({ address: provider }), before + parseEther("0.5") - gasCost);
    const updates = parseEventLogs({ abi: inference.abi, logs: r.logs, eventName: "BalanceUpdated" });
    assert.deepEqual(updates[0]?.args, { user: alice, provider, amount: parseEther("2.5"), pendingRefund: 0n });
    const spent = parseEventLogs({ abi: ledger.abi, logs: r.logs, eventName: "FundSpent" });
    assert.deepEqual(spent[0]?.args, { user: alice, service: getAddress(inference.address), amount: parseEther("0.5") });
    assert.equal((await inference.read.getAccount([alice, provider])).nonce, nonce);
    assert.equal((await ledger.read.getLedger([alice])).totalBalance, parseEther("9.5"));
  });

  it("reports a forged signature (5), a replayed nonce (4), a provider mismatch (2) and a partial payment (1)", async () => {
    const replayed = await signSettlement(tee, chainId, inference.address, { user: alice, provider, totalFee: 1n, nonce });
    const forged = await signSettlement(forger, chainId, inference.address, { user: alice, provider, totalFee: 1n, nonce: next() });
    const mismatch = await signSettlement(tee, chainId, inference.address, { user: alice, provider: carol, totalFee: 1n, nonce: next() });
    const partial = await signSettlement(tee, chainId, inference.address, { user: bob, provider, totalFee: parseEther("1.25"), nonce: next() });
    // A correct signature over other values is a forgery too.
    const tampered = { ...(await signSettlement(tee, chainId, inference.address, { user: alice, provider, totalFee: 1n, nonce: next() })), totalFee: 2n };

    const [failedUsers, reasons, partialUsers, partialAmounts] = await p.inference.read.previewSettlementResults([[forged, replayed, mismatch, partial, tampered]], {
      account: provider,
    });
    assert.deepEqual([...failedUsers], [alice, alice, alice, alice]);
    assert.deepEqual([...reasons], [5, 4, 2, 5]);
    assert.deepEqual([...partialUsers], [bob]);
    assert.deepEqual([...partialAmounts], [parseEther("0.25")]);

    const { statuses, results } = await settle([forged, replayed, mismatch, partial, tampered]);
    assert.deepEqual(statuses, [5, 4, 2, 1, 5]);
    assert.deepEqual(
      results.map((log) => log.args.unsettledAmount),
      [1n, 1n, 1n, parseEther("0.25"), 2n],
    );
    assert.equal((await inference.read.getAccount([bob, provider])).balance, 0n);
    assert.equal((await inference.read.getAccount([alice, provider])).balance, parseEther("2.5"));
  });

  it("reports a missing TEE signer acknowledgement (3) until the owner acknowledges again", async () => {
    await receipt(inference.write.revokeTEESignerAcknowledgement([provider]));
    const entry = await signSettlement(tee, chainId, inference.address, { user: alice, provider, totalFee: 1n, nonce: next() });
    assert.deepEqual((await settle([entry])).statuses, [3]);
    await receipt(inference.write.acknowledgeTEESignerByOwner([provider]));
    assert.deepEqual((await settle([entry])).statuses, [0]);
    // A user without a sub-account is INVALID_SIGNATURE, as in 0G.
    const stranger = await signSettlement(tee, chainId, inference.address, { user: zeroAddress, provider, totalFee: 1n, nonce: next() });
    assert.deepEqual((await settle([stranger])).statuses, [5]);
  });

  it("settles a batch of 50 in one transaction with one payment", async () => {
    const entries = [];
    for (let i = 0; i < 50; i++) {
      entries.push(await signSettlement(tee, chainId, inference.address, { user: alice, provider, totalFee: 1000n, nonce: next() }));
    }
    const { statuses, receipt: r } = await settle(entries);
    assert.deepEqual(statuses, Array(50).fill(0));
    assert.equal(parseEventLogs({ abi: ledger.abi, logs: r.logs, eventName: "FundSpent" }).length, 50);
    await assert.rejects(
      p.inference.simulate.settleFeesWithTEE([[...entries, entries[0]!]], { account: providerWallet.account.address }),
      /TooManySettlements/,
    );
    await assert.rejects(
      p.inference.simulate.settleFeesWithTEE([[]], { account: providerWallet.account.address }),
      /NoSettlementsProvided/,
    );
  });

  it("revokes session tokens one by one, several at once, and all by generation", async () => {
    let r = await receipt(a.inference.write.revokeToken([provider, 7]));
    assert.deepEqual(parseEventLogs({ abi: inference.abi, logs: r.logs, eventName: "TokenRevoked" })[0]?.args, {
      user: alice,
      provider,
      tokenId: 7,
    });
    r = await receipt(a.inference.write.revokeTokens([provider, [1, 254]]));
    assert.deepEqual(parseEventLogs({ abi: inference.abi, logs: r.logs, eventName: "TokensRevoked" })[0]?.args.tokenIds, [1, 254]);
    for (const [id, revoked] of [[1, true], [7, true], [254, true], [2, false], [255, false]] as const) {
      assert.equal(await inference.read.isTokenRevoked([alice, provider, id]), revoked, `token ${id}`);
    }
    assert.equal((await inference.read.getAccount([alice, provider])).revokedBitmap, (1n << 254n) | (1n << 7n) | 2n);
    r = await receipt(a.inference.write.revokeAllTokens([provider]));
    assert.deepEqual(parseEventLogs({ abi: inference.abi, logs: r.logs, eventName: "AllTokensRevoked" })[0]?.args, {
      user: alice,
      provider,
      newGeneration: 1n,
    });
    const account = await inference.read.getAccount([alice, provider]);
    assert.equal(account.generation, 1n);
    assert.equal(account.revokedBitmap, 0n);
    assert.equal(await inference.read.isTokenRevoked([alice, provider, 7]), false);
    await assert.rejects(c.inference.simulate.revokeToken([provider, 1], { account: carolWallet.account.address }), /AccountNotExists/);
  });

  it("refunds: requested by retrieveFund, locked for lockTime, then back in the ledger", async () => {
    const before = (await ledger.read.getLedger([alice])).availableBalance;
    const balance = (await inference.read.getAccount([alice, provider])).balance;
    await receipt(a.ledger.write.retrieveFund([[provider], INFERENCE]));
    const account = await inference.read.getAccount([alice, provider]);
    assert.equal(account.pendingRefund, balance);
    assert.equal(account.refunds.length, 1);
    await networkHelpers.time.increase(LOCK_TIME - 10n);
    await receipt(a.ledger.write.retrieveFund([[provider], INFERENCE]));
    assert.equal((await ledger.read.getLedger([alice])).availableBalance, before, "still locked");
    await networkHelpers.time.increase(10n);
    await receipt(a.ledger.write.retrieveFund([[provider], INFERENCE]));
    assert.equal((await ledger.read.getLedger([alice])).availableBalance, before + balance);
    assert.equal((await inference.read.getAccount([alice, provider])).balance, 0n);
  });

  describe("fine-tuning", () => {
    const root: Hex = "0x1234";
    const secret: Hex = "0xabcdef";
    let ftNonce = 0n;
    const setup = (async () => {
      await receipt(
        p.fineTuning.write.addOrUpdateService(
          [
            "https://ft.example.com",
            { cpuCount: 8n, nodeMemory: 64n, gpuCount: 1n, nodeStorage: 500n, gpuType: "H100" },
            1n,
            false,
            ["qwen-2.5-0.5b"],
            tee.address,
          ],
          { value: STAKE },
        ),
      );
      await receipt(fineTuning.write.acknowledgeTEESignerByOwner([provider]));
      await receipt(c.ledger.write.transferFund([provider, FINE_TUNING, parseEther("4")]));
    })();

    const settleFt = async (id: string, encryptedSecret: Hex, taskFee: bigint) => {
      const input = await signVerifierInput(tee, chainId, fineTuning.address, {
        id,
        encryptedSecret,
        modelRootHash: root,
        nonce: ++ftNonce,
        taskFee,
        user: carol,
      });
      const before = await publicClient.getBalance({ address: provider });
      const r = await receipt(p.fineTuning.write.settleFees([input]));
      const paid = (await publicClient.getBalance({ address: provider })) - before + r.gasUsed * r.effectiveGasPrice;
      return { paid, receipt: r };
    };

    it("settles an acknowledged deliverable in full and stores the encrypted secret", async () => {
      await setup;
      await receipt(p.fineTuning.write.addDeliverable([carol, "task-1", root]));
      await receipt(c.fineTuning.write.acknowledgeDeliverable([provider, "task-1"]));
      const { paid, receipt: r } = await settleFt("task-1", secret, parseEther("1"));
      assert.equal(paid, parseEther("1"));
      assert.deepEqual(parseEventLogs({ abi: fineTuning.abi, logs: r.logs, eventName: "FeesSettled" })[0]?.args, {
        user: carol,
        provider,
        deliverableId: "task-1",
        fee: parseEther("1"),
        acknowledged: true,
        nonce: ftNonce,
      });
      const deliverable = await fineTuning.read.getDeliverable([carol, provider, "task-1"]);
      assert.equal(deliverable.settled, true);
      assert.equal(deliverable.encryptedSecret, secret);
      assert.equal((await fineTuning.read.getAccount([carol, provider])).balance, parseEther("3"));
    });

    it("settles an unacknowledged deliverable at penaltyPercentage with an empty secret", async () => {
      await setup;
      await receipt(p.fineTuning.write.addDeliverable([carol, "task-2", root]));
      await assert.rejects(
        p.fineTuning.simulate.settleFees([
          await signVerifierInput(tee, chainId, fineTuning.address, {
            id: "task-2",
            encryptedSecret: secret,
            modelRootHash: root,
            nonce: ftNonce + 1n,
            taskFee: parseEther("1"),
            user: carol,
          }),
        ], { account: providerWallet.account.address }),
        /SecretShouldBeEmpty/,
      );
      const { paid } = await settleFt("task-2", "0x", parseEther("1"));
      assert.equal(paid, (parseEther("1") * PENALTY_PERCENTAGE) / 100n);
      const deliverable = await fineTuning.read.getDeliverable([carol, provider, "task-2"]);
      assert.equal(deliverable.settled, true);
      assert.equal(deliverable.acknowledged, false);
      assert.equal(deliverable.encryptedSecret, "0x");
      const account = await fineTuning.read.getAccount([carol, provider]);
      assert.equal(account.balance, parseEther("3") - paid);
      assert.deepEqual(
        account.deliverables.map((d: { id: string }) => d.id),
        ["task-1", "task-2"],
      );
    });

    it("refuses a fine-tuning settlement signed by another key", async () => {
      await setup;
      await receipt(b.ledger.write.transferFund([provider, FINE_TUNING, parseEther("1")]));
      await receipt(p.fineTuning.write.addDeliverable([bob, "task-b", root]));
      const input = { id: "task-b", encryptedSecret: "0x" as Hex, modelRootHash: root, nonce: 1n, taskFee: 1n, user: bob };
      const forged = await signVerifierInput(forger, chainId, fineTuning.address, input);
      await assert.rejects(
        p.fineTuning.simulate.settleFees([forged], { account: providerWallet.account.address }),
        /TEE settlement validation failed/,
      );
      const genuine = await signVerifierInput(tee, chainId, fineTuning.address, input);
      await receipt(p.fineTuning.write.settleFees([genuine]));
      assert.equal((await fineTuning.read.getDeliverable([bob, provider, "task-b"])).settled, true);
    });
  });

  it("keeps the ledger and the services' ETH equal to what the users hold", async () => {
    let available = 0n;
    for (const user of [alice, bob, carol]) available += (await ledger.read.getLedger([user])).availableBalance;
    assert.equal(await publicClient.getBalance({ address: ledger.address }), available);
    let inInference = 0n;
    for (const user of [alice, bob] as Address[]) inInference += (await inference.read.getAccount([user, provider])).balance;
    assert.equal(await publicClient.getBalance({ address: inference.address }), inInference + STAKE);
    assert.equal(
      await publicClient.getBalance({ address: fineTuning.address }),
      (await fineTuning.read.getAccount([carol, provider])).balance +
        (await fineTuning.read.getAccount([bob, provider])).balance +
        STAKE,
    );
  });
});

describe("Compute contracts placed at 0G's SDK addresses for chain 31337 (setCode + initialize)", async () => {
  const { viem, networkHelpers } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [ownerWallet, providerWallet, userWallet] = await viem.getWalletClients();
  if (!ownerWallet || !providerWallet || !userWallet) throw new Error("need 3 accounts");
  /** `0g-compute-ts-sdk:src.ts/sdk/constants.ts`, network `hardhat`. */
  const SDK = {
    ledger: getAddress("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0"),
    inference: getAddress("0x0165878A594ca255338adfa4d48449f69242Eb8F"),
    fineTuning: getAddress("0xA51c1fc2f0D1a1b8494Ed1FE312d7C3a78Ed91C0"),
  };

  it("the SDK's addresses are account #0's CREATE addresses at nonces 2, 6 and 12", () => {
    const deployer = getAddress("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    assert.equal(getContractAddress({ from: deployer, nonce: 2n }), SDK.ledger);
    assert.equal(getContractAddress({ from: deployer, nonce: 6n }), SDK.inference);
    assert.equal(getContractAddress({ from: deployer, nonce: 12n }), SDK.fineTuning);
  });

  it("runs from its runtime code alone: no constructor arguments, no immutables, initialize once", async () => {
    for (const [name, address] of [
      ["LedgerManager", SDK.ledger],
      ["InferenceServing", SDK.inference],
      ["FineTuningServing", SDK.fineTuning],
    ] as const) {
      const artifact = await artifacts.readArtifact(name);
      assert.ok(artifact.bytecode.includes(artifact.deployedBytecode.slice(2)), `${name} has no immutables`);
      await networkHelpers.setCode(address, artifact.deployedBytecode);
    }
    const owner = ownerWallet.account.address;
    const ledger = await viem.getContractAt("LedgerManager", SDK.ledger);
    const inference = await viem.getContractAt("InferenceServing", SDK.inference);
    const fineTuning = await viem.getContractAt("FineTuningServing", SDK.fineTuning);
    const wait = async (hash: Promise<Hex>) => publicClient.waitForTransactionReceipt({ hash: await hash });
    await wait(ledger.write.initialize([owner]));
    await wait(inference.write.initialize([LOCK_TIME, SDK.ledger, owner]));
    await wait(fineTuning.write.initialize([LOCK_TIME, SDK.ledger, owner, PENALTY_PERCENTAGE]));
    await assert.rejects(ledger.simulate.initialize([owner]), /AlreadyInitialized/);
    await wait(ledger.write.registerService(["inference", "v1.0", SDK.inference, ""]));
    await wait(ledger.write.registerService(["fine-tuning", "v1.0", SDK.fineTuning, ""]));
    assert.equal((await ledger.read.getServiceInfo([SDK.inference])).fullName, INFERENCE);

    // A provider, a user and one settlement through the placed contracts.
    const tee = privateKeyToAccount(keccak256(toHex("placed tee")));
    const provider = getAddress(providerWallet.account.address);
    const user = getAddress(userWallet.account.address);
    const asProvider = await viem.getContractAt("InferenceServing", SDK.inference, { client: { public: publicClient, wallet: providerWallet } });
    const asUser = await viem.getContractAt("LedgerManager", SDK.ledger, { client: { public: publicClient, wallet: userWallet } });
    await wait(asProvider.write.addOrUpdateService([serviceParams(tee.address)], { value: STAKE }));
    await wait(inference.write.acknowledgeTEESignerByOwner([provider]));
    await wait(asUser.write.addLedger([""], { value: parseEther("3") }));
    await wait(asUser.write.transferFund([provider, INFERENCE, parseEther("1")]));
    const chainId = await publicClient.getChainId();
    const entry = await signSettlement(tee, chainId, SDK.inference, { user, provider, totalFee: 5n, nonce: 1n });
    const { result } = await asProvider.simulate.settleFeesWithTEE([[entry]], { account: providerWallet.account.address });
    assert.deepEqual([...result], [0]);
  });
});
