// The ledger's whole life against a devnet: open, deposit, fund providers, ask refunds back, wait
// out the lock time (devnet time travel), collect, withdraw, delete; and the typed refusals that
// happen before anything is sent.
import { parseEther, type Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addLedger,
  deleteLedger,
  depositFund,
  depositFundFor,
  getLedger,
  getPendingRefunds,
  getProvidersWithBalance,
  getSubAccount,
  InsufficientLedgerBalanceError,
  LedgerExistsError,
  LedgerNotEmptyError,
  LedgerNotFoundError,
  MinimumLedgerBalanceError,
  MinimumTransferError,
  refund,
  retrieveFund,
  SubAccountNotFoundError,
  transferFund,
  acknowledgeTeeSigner,
  revokeTeeSignerAcknowledgement,
  AcknowledgementRevokeError,
  ComputeAccountRequiredError,
  ComputeContractNotFoundError,
} from "../index.js";
import { startDevnet, type TestDevnet } from "../test/devnet.js";
import { createPublicClient, http } from "viem";

let env: TestDevnet;
let provider0: Address;
let provider1: Address;

beforeAll(async () => {
  env = await startDevnet();
  provider0 = env.devnet.compute.providers[0]!.address;
  provider1 = env.devnet.compute.providers[1]!.address;
}, 60_000);
afterAll(() => env?.devnet.stop());

describe("a ledger's life", () => {
  it("opens, funds providers, refunds after the lock time, withdraws and is deleted", async () => {
    const wallet = env.wallet(1);
    const user = wallet.account.address;
    await expect(getLedger(wallet)).rejects.toBeInstanceOf(LedgerNotFoundError);
    await expect(addLedger(wallet, { amount: parseEther("2") })).rejects.toMatchObject({ name: "MinimumLedgerBalanceError", code: 4104, reason: "open" });
    await expect(depositFund(wallet, { amount: parseEther("1") })).rejects.toBeInstanceOf(MinimumLedgerBalanceError);

    await addLedger(wallet, { amount: parseEther("5"), additionalInfo: "my app" });
    await expect(addLedger(wallet, { amount: parseEther("5") })).rejects.toBeInstanceOf(LedgerExistsError);
    await depositFund(wallet, { amount: parseEther("1") }); // a top-up may be small
    expect(await getLedger(wallet)).toEqual({ user, availableBalance: parseEther("6"), totalBalance: parseEther("6"), lockedBalance: 0n, additionalInfo: "my app" });

    // Opening a sub-account takes 1 0G; the ledger must have what is moved.
    await expect(transferFund(wallet, { provider: provider0, amount: parseEther("0.5") })).rejects.toBeInstanceOf(MinimumTransferError);
    await expect(transferFund(wallet, { provider: provider0, amount: parseEther("7") })).rejects.toMatchObject({
      name: "InsufficientLedgerBalanceError",
      available: parseEther("6"),
      required: parseEther("7"),
    });
    await expect(getSubAccount(wallet, { provider: provider0 })).rejects.toBeInstanceOf(SubAccountNotFoundError);
    expect(await transferFund(wallet, { provider: provider0, amount: parseEther("2") })).toMatchObject({ created: true });
    expect(await transferFund(wallet, { provider: provider0, amount: parseEther("0.25") })).toMatchObject({ created: false });
    await transferFund(wallet, { provider: provider1, amount: parseEther("1") });
    const sub = await getSubAccount(wallet, { provider: provider0 });
    expect(sub).toMatchObject({
      user,
      provider: provider0,
      balance: parseEther("2.25"),
      pendingRefund: 0n,
      availableBalance: parseEther("2.25"),
      refunds: [],
      nonce: 0n,
      generation: 0n,
      revokedTokenIds: [],
      acknowledged: true,
      additionalInfo: "my app",
    });
    expect(await getLedger(wallet)).toMatchObject({ availableBalance: parseEther("2.75"), totalBalance: parseEther("6"), lockedBalance: parseEther("3.25") });
    expect(await getProvidersWithBalance(wallet)).toEqual([
      { provider: provider0, balance: parseEther("2.25"), pendingRefund: 0n },
      { provider: provider1, balance: parseEther("1"), pendingRefund: 0n },
    ]);

    // Step 1: ask for everything back; it is locked for the service's lock time (1 day).
    const asked = await retrieveFund(wallet);
    expect(asked.providers).toEqual([provider0, provider1]);
    expect(asked.transactions).toHaveLength(1);
    expect(asked.collected).toBe(0n);
    const pending = await getPendingRefunds(wallet);
    expect(pending.lockTime).toBe(86_400n);
    expect(pending.total).toBe(parseEther("3.25"));
    expect(pending.unlocked).toBe(0n);
    expect(pending.refunds).toEqual([
      expect.objectContaining({ provider: provider0, index: 0, amount: parseEther("2.25"), unlocked: false }),
      expect.objectContaining({ provider: provider1, index: 0, amount: parseEther("1"), unlocked: false }),
    ]);
    for (const r of pending.refunds) expect(r.unlockAt).toBe(r.createdAt + 86_400n);
    expect((await getSubAccount(wallet, { provider: provider0 })).refunds).toEqual([
      { index: 0, amount: parseEther("2.25"), createdAt: pending.refunds[0]!.createdAt, unlockAt: pending.refunds[0]!.unlockAt },
    ]);

    // Before the lock time passes, asking again collects nothing.
    await env.devnet.increaseTime(3600);
    expect((await retrieveFund(wallet)).collected).toBe(0n);
    expect((await getLedger(wallet)).availableBalance).toBe(parseEther("2.75"));

    // Step 2: after it, the next call collects into the ledger.
    await env.devnet.increaseTime(86_400);
    expect((await getPendingRefunds(wallet)).unlocked).toBe(parseEther("3.25"));
    expect((await retrieveFund(wallet)).collected).toBe(parseEther("3.25"));
    expect(await getLedger(wallet)).toMatchObject({ availableBalance: parseEther("6"), totalBalance: parseEther("6") });
    expect(await getProvidersWithBalance(wallet)).toEqual([]);
    expect((await getPendingRefunds(wallet)).refunds).toEqual([]);

    // Withdrawing must leave 0 or at least 3 0G; everything deletes the ledger.
    await expect(refund(wallet, { amount: parseEther("4") })).rejects.toMatchObject({ name: "MinimumLedgerBalanceError", reason: "remaining", amount: parseEther("2") });
    await expect(refund(wallet, { amount: parseEther("7") })).rejects.toBeInstanceOf(InsufficientLedgerBalanceError);
    const before = await env.devnet.publicClient.getBalance({ address: user });
    expect(await refund(wallet, { amount: parseEther("3") })).toMatchObject({ deleted: false });
    expect(await env.devnet.publicClient.getBalance({ address: user })).toBeGreaterThan(before + parseEther("2.99"));
    expect(await refund(wallet, { amount: parseEther("3") })).toMatchObject({ deleted: true });
    await expect(getLedger(wallet)).rejects.toBeInstanceOf(LedgerNotFoundError);
  });

  it("deletes an emptied ledger, not a funded one; deposits for others", async () => {
    const payer = env.wallet(2);
    const recipient = env.wallet(3);
    await expect(depositFundFor(payer, { recipient: recipient.account.address, amount: parseEther("2") })).rejects.toBeInstanceOf(MinimumLedgerBalanceError);
    await depositFundFor(payer, { recipient: recipient.account.address, amount: parseEther("3") });
    expect((await getLedger(payer, { user: recipient.account.address })).availableBalance).toBe(parseEther("3"));
    await expect(getLedger(payer)).rejects.toBeInstanceOf(LedgerNotFoundError);

    await transferFund(recipient, { provider: provider1, amount: parseEther("1") });
    await expect(deleteLedger(recipient)).rejects.toMatchObject({ name: "LedgerNotEmptyError", totalBalance: parseEther("3") });
    await expect(deleteLedger(payer)).rejects.toBeInstanceOf(LedgerNotFoundError);
    // Revoking the acknowledgement needs an empty sub-account.
    await expect(revokeTeeSignerAcknowledgement(recipient, { provider: provider1 })).rejects.toBeInstanceOf(AcknowledgementRevokeError);
    const id = await env.devnet.snapshot();
    try {
      await retrieveFund(recipient);
      await env.devnet.increaseTime(86_401);
      await retrieveFund(recipient);
      await revokeTeeSignerAcknowledgement(recipient, { provider: provider1 });
      expect((await getSubAccount(recipient, { provider: provider1 })).acknowledged).toBe(false);
      expect(await acknowledgeTeeSigner(recipient, { provider: provider1 })).toMatchObject({ transactionHash: expect.any(String) });
      expect(await acknowledgeTeeSigner(recipient, { provider: provider1 })).toBeUndefined();
      // Withdrawn down to 0: refund deletes it (deleteLedger is for ledgers emptied otherwise).
      expect(await refund(recipient, { amount: parseEther("3") })).toMatchObject({ deleted: true });
      await expect(deleteLedger(recipient)).rejects.toBeInstanceOf(LedgerNotFoundError);
    } finally {
      await env.devnet.revert(id);
    }
  });

  it("needs an account to write, and a chain it knows", async () => {
    const reader = createPublicClient({ chain: env.devnet.chain, transport: http(env.rpcUrl) });
    await expect(addLedger(reader, { amount: parseEther("3") })).rejects.toBeInstanceOf(ComputeAccountRequiredError);
    await expect(getLedger(reader)).rejects.toBeInstanceOf(ComputeAccountRequiredError);
    const someone = await getLedger(reader, { user: env.devnet.accounts[3]!.address }).catch((e: unknown) => e);
    expect(someone).toMatchObject({ availableBalance: expect.any(BigInt) });
    // Not a devnet and not in the registry: no addresses unless given.
    const elsewhere = createPublicClient({ transport: http(`${env.rpcUrl}/nothing`) });
    await expect(getLedger(elsewhere, { user: provider0 })).rejects.toBeInstanceOf(ComputeContractNotFoundError);
    expect(await getLedger(reader, { user: env.devnet.accounts[3]!.address, contracts: { ledger: env.devnet.contracts.computeLedger! } })).toMatchObject({
      availableBalance: parseEther("2"),
    });
  });
});
