import { afterAll, beforeAll, expect, it } from "vitest";
import { inferenceServingAbi } from "@0g/contracts";
import { createDevnet, type Devnet } from "../create-devnet.js";
import { DevnetNotServedError } from "../errors.js";
import { inferenceServing } from "./test-helpers.js";
import { builtinModelName } from "./options.js";
import { computeUser } from "./test-helpers.js";

let devnet: Devnet;
beforeAll(async () => {
  devnet = await createDevnet({ storage: false, compute: { providers: 1, settlement: { auto: false } } });
});
afterAll(() => devnet.stop());

it("snapshots cover the providers' books, and services keep the served URL across reverts", async () => {
  const beforeServe = await devnet.snapshot();
  expect(() => devnet.compute.providers[0]!.url).toThrow(DevnetNotServedError);
  const served = await devnet.serve({ port: 0 });
  const p = devnet.compute.providers[0]!;
  const user = computeUser(devnet, served.endpoints.rpc, devnet.accounts[1]!.privateKey);
  expect((await user.service(p.address)).url).toBe(p.url);
  await user.fund(p.address);

  const beforeChat = await devnet.snapshot();
  await user.chat(p.url, await user.token(p.address), { model: builtinModelName, messages: [{ role: "user", content: "one" }] });
  const owed = devnet.compute.unsettledFee(0, user.address);
  expect(owed).toBeGreaterThan(0n);
  const afterChat = await devnet.snapshot();
  const [settled] = await devnet.compute.settle();
  expect(settled?.status).toBe("SUCCESS");
  expect(devnet.compute.unsettledFee(0, user.address)).toBe(0n);

  // Back before the settlement: the fee is owed again, the settlement never happened.
  await devnet.revert(afterChat);
  expect(devnet.compute.unsettledFee(0, user.address)).toBe(owed);
  expect(devnet.compute.settlements).toEqual([]);
  expect((await user.subAccount(p.address)).nonce).toBe(0n);
  const [again] = await devnet.compute.settle();
  expect(again?.status).toBe("SUCCESS");

  await devnet.revert(beforeChat);
  expect(devnet.compute.unsettledFee(0, user.address)).toBe(0n);

  // Before serve() the service named http://127.0.0.1:8545/compute/0; the revert brought the served URL back.
  await devnet.revert(beforeServe);
  expect((await user.service(p.address)).url).toBe(p.url);
  expect(p.url).not.toBe("http://127.0.0.1:8545/compute/0");
});

it("mines the URL update itself when the chain does not mine on its own", async () => {
  const manual = await createDevnet({ storage: false, accounts: 1, mining: { mode: "manual" }, compute: { providers: 1 } });
  try {
    const block = await manual.publicClient.getBlockNumber();
    await manual.serve({ port: 0 });
    const p = manual.compute.providers[0]!;
    const service = await manual.publicClient.readContract({ address: inferenceServing, abi: inferenceServingAbi, functionName: "getService", args: [p.address] });
    expect(service.url).toBe(p.url);
    expect(await manual.publicClient.getBlockNumber({ cacheTime: 0 })).toBe(block + 1n);
  } finally {
    await manual.stop();
  }
});
