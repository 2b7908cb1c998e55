import { inferenceServingAbi, ledgerManagerAbi } from "@0g/contracts";
import { parseEther } from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDevnet, type Devnet } from "../create-devnet.js";
import { builtinModelName } from "./options.js";
import { computeUser, inferenceServing, ledgerManager, type ComputeTestUser } from "./test-helpers.js";

// 0G's lock-time trigger: a provider settles a user's fees before one of the user's pending
// refunds unlocks (the broker's `AutoSettleBufferTime` before `lockTime`), so `retrieveFund` cannot
// carry off what the provider is owed. Time travel moves the refunds towards unlocking.

let devnet: Devnet;
let rpc: string;
let lockTime: number;
const ask = (content: string) => ({ model: builtinModelName, messages: [{ role: "user", content }] });

beforeAll(async () => {
  devnet = await createDevnet({ storage: false, accounts: 4, compute: { providers: 1, settlement: { lockTimeBuffer: 120 } } });
  rpc = (await devnet.serve({ port: 0 })).endpoints.rpc;
  lockTime = Number(await devnet.publicClient.readContract({ address: inferenceServing, abi: inferenceServingAbi, functionName: "lockTime" }));
});
afterAll(() => devnet.stop());

/** A session token minted at chain time (time travel moves chain time past the wall clock). */
async function token(user: ComputeTestUser) {
  const { timestamp } = await devnet.publicClient.getBlock();
  return user.token(devnet.compute.providers[0]!.address, { timestamp: Number(timestamp) * 1000 });
}

/** A user who chatted once (unsettled fees, below the automatic threshold) and asked for all of their funds back. */
async function owingAndLeaving(index: number): Promise<{ user: ComputeTestUser; owed: bigint }> {
  const p = devnet.compute.providers[0]!;
  const user = computeUser(devnet, rpc, devnet.accounts[index]!.privateKey);
  await user.fund(p.address);
  expect((await user.chat(p.url, await token(user), ask(`user ${index} chats, then leaves`))).res.status).toBe(200);
  const owed = devnet.compute.unsettledFee(0, user.address);
  expect(owed).toBeGreaterThan(0n);
  await user.write({ address: ledgerManager, abi: ledgerManagerAbi, functionName: "retrieveFund", args: [[p.address], "inference-v1.0"] });
  expect((await user.subAccount(p.address)).pendingRefund).toBe(parseEther("3"));
  return { user, owed };
}

const collect = (user: ComputeTestUser) =>
  user.write({ address: ledgerManager, abi: ledgerManagerAbi, functionName: "retrieveFund", args: [[devnet.compute.providers[0]!.address], "inference-v1.0"] });
const ledgerOf = (user: ComputeTestUser) =>
  user.publicClient.readContract({ address: ledgerManager, abi: ledgerManagerAbi, functionName: "getLedger", args: [user.address] });

it("settles a user's fees once a pending refund is within the buffer of unlocking, not before", async () => {
  const { user, owed } = await owingAndLeaving(1);
  await devnet.increaseTime(lockTime - 300); // 300 s before the unlock: outside the 120 s buffer
  expect(devnet.compute.settlements).toEqual([]);
  expect(devnet.compute.unsettledFee(0, user.address)).toBe(owed);

  await devnet.increaseTime(200); // 100 s before: inside it; the provider settles before the call returns
  expect(devnet.compute.settlements).toHaveLength(1);
  expect(devnet.compute.settlements[0]).toMatchObject({ user: user.address, status: "SUCCESS", unsettledAmount: 0n, requests: 1 });
  expect(devnet.compute.unsettledFee(0, user.address)).toBe(0n);
  // Taken from the pending refund (the whole sub-account is being refunded).
  expect((await user.subAccount(devnet.compute.providers[0]!.address)).pendingRefund).toBe(parseEther("3") - owed);

  await devnet.increaseTime(101);
  const before = await ledgerOf(user);
  await collect(user); // the refund, less what the provider was paid
  expect((await ledgerOf(user)).availableBalance - before.availableBalance).toBe(parseEther("3") - owed);
});

it("settles first when time jumps past the unlock in one step, so the user collects only what is left", async () => {
  const { user, owed } = await owingAndLeaving(2);
  const before = await ledgerOf(user);
  await devnet.increaseTime(lockTime + 1);
  expect(devnet.compute.settlements.at(-1)).toMatchObject({ user: user.address, status: "SUCCESS" });
  await collect(user);
  expect((await ledgerOf(user)).availableBalance - before.availableBalance).toBe(parseEther("3") - owed);
  expect((await user.subAccount(devnet.compute.providers[0]!.address)).balance).toBe(0n);
});

it("leaves users without pending refunds alone, and is part of automatic settlement", async () => {
  const p = devnet.compute.providers[0]!;
  const stays = computeUser(devnet, rpc, devnet.accounts[3]!.privateKey);
  await stays.fund(p.address);
  expect((await stays.chat(p.url, await token(stays), ask("I stay"))).res.status).toBe(200);
  const owed = devnet.compute.unsettledFee(0, stays.address);
  const settled = devnet.compute.settlements.length;
  await devnet.increaseTime(lockTime * 2);
  expect(devnet.compute.settlements).toHaveLength(settled);
  expect(devnet.compute.unsettledFee(0, stays.address)).toBe(owed);
});
