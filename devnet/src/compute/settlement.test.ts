import { teeSettlementBatchSize } from "@0g/compute";
import { ledgerManagerAbi } from "@0g/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDevnet, type Devnet } from "../create-devnet.js";
import { builtinModelName } from "./options.js";
import { computeUser, ledgerManager } from "./test-helpers.js";

const ask = (content: string) => ({ model: builtinModelName, messages: [{ role: "user", content }] });

describe("settlement on demand", () => {
  let devnet: Devnet;
  let rpc: string;
  beforeAll(async () => {
    devnet = await createDevnet({ storage: false, accounts: teeSettlementBatchSize + 3, compute: { providers: 1, settlement: { auto: false } } });
    rpc = (await devnet.serve({ port: 0 })).endpoints.rpc;
  });
  afterAll(() => devnet.stop());

  it(`sends at most ${teeSettlementBatchSize} users per settleFeesWithTEE`, async () => {
    const p = devnet.compute.providers[0]!;
    const users = devnet.accounts.slice(1, teeSettlementBatchSize + 2).map((a) => computeUser(devnet, rpc, a.privateKey));
    await Promise.all(
      users.map(async (u, i) => {
        await u.fund(p.address, { deposit: "3", amount: "2" });
        expect((await u.chat(p.url, await u.token(p.address), ask(`user ${i}`))).res.status).toBe(200);
      }),
    );
    const settled = await devnet.compute.settle();
    expect(settled).toHaveLength(teeSettlementBatchSize + 1);
    expect(settled.every((s) => s.status === "SUCCESS")).toBe(true);
    const transactions = [...new Set(settled.map((s) => s.transactionHash))];
    expect(transactions).toHaveLength(2);
    expect(settled.filter((s) => s.transactionHash === transactions[0])).toHaveLength(teeSettlementBatchSize);
    for (const u of users) expect(devnet.compute.unsettledFee(0, u.address)).toBe(0n);
  });

  it("keeps the fees of a user who withdrew everything: PARTIAL in the preview, nothing sent", async () => {
    const p = devnet.compute.providers[0]!;
    const u = computeUser(devnet, rpc, devnet.accounts.at(-1)!.privateKey);
    await u.fund(p.address);
    await u.chat(p.url, await u.token(p.address), ask("then I leave"));
    const owed = devnet.compute.unsettledFee(0, u.address);
    const retrieve = () => u.write({ address: ledgerManager, abi: ledgerManagerAbi, functionName: "retrieveFund", args: [[p.address], "inference-v1.0"] });
    await retrieve(); // asks for a refund of the whole sub-account...
    await devnet.increaseTime(86_401);
    await retrieve(); // ...and collects it once the lock time has passed
    expect((await u.subAccount(p.address)).balance).toBe(0n);
    const [result] = await devnet.compute.settle({ user: u.address });
    expect(result).toMatchObject({ status: "PARTIAL", unsettledAmount: owed, transactionHash: undefined, requests: 1 });
    expect(devnet.compute.unsettledFee(0, u.address)).toBe(owed);
  });
});

describe("automatic settlement", () => {
  it("settles a user once their unsettled fees reach the threshold", async () => {
    const devnet = await createDevnet({ storage: false, compute: { providers: 1, settlement: { threshold: 1n } } });
    try {
      const rpc = (await devnet.serve({ port: 0 })).endpoints.rpc;
      const p = devnet.compute.providers[0]!;
      const u = computeUser(devnet, rpc, devnet.accounts[1]!.privateKey);
      await u.fund(p.address);
      await u.chat(p.url, await u.token(p.address), ask("settle me"));
      await vi.waitFor(() => expect(devnet.compute.settlements).toHaveLength(1), { timeout: 5000, interval: 20 });
      expect(devnet.compute.settlements[0]).toMatchObject({ user: u.address, status: "SUCCESS" });
      expect(devnet.compute.unsettledFee(0, u.address)).toBe(0n);
      expect(devnet.compute.providers[0]!.lastSettlementError).toBeUndefined();
    } finally {
      await devnet.stop();
    }
  });
});
