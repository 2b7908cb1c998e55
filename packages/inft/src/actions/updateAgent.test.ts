import { parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EncryptionKeyRequiredError, NotAgentControllerError, NotTokenHolderError } from "../errors.js";
import { startDevnet, type TestDevnet } from "../test/devnet.js";
import { agentOperatorAccount } from "./agentOperatorAccount.js";
import { getAgent } from "./getAgent.js";
import { updateAgent } from "./updateAgent.js";

let t: TestDevnet;
beforeAll(async () => {
  t = await startDevnet();
});
afterAll(() => t?.devnet.stop());

describe("updateAgent", () => {
  it("writes a new version with the same agent key; the operator stays; the description stays unless given", async () => {
    const alice = t.user(1);
    const minted = await alice.client.mintAgent({ data: { memory: ["one"] }, description: "v1" });
    const updated = await alice.client.updateAgent({ tokenId: minted.tokenId, data: { memory: ["one", "two"] } });
    expect(updated).toMatchObject({ previousDataHashes: [minted.dataHash], agentKey: minted.agentKey, operator: minted.operator, operatorTransactionHash: undefined });
    expect(updated.dataHash).not.toBe(minted.dataHash);
    expect(await getAgent(t.publicClient, { tokenId: minted.tokenId })).toMatchObject({
      dataHashes: [updated.dataHash],
      datas: [{ dataDescription: "v1", dataHash: updated.dataHash }],
      operator: minted.operator,
    });
    expect(await alice.client.loadAgent({ tokenId: minted.tokenId })).toMatchObject({ data: { memory: ["one", "two"] }, agentKey: minted.agentKey });

    await alice.client.updateAgent({ tokenId: minted.tokenId, data: { memory: [] }, description: "v3" });
    expect((await getAgent(t.publicClient, { tokenId: minted.tokenId })).datas[0]!.dataDescription).toBe("v3");

    // The new version is sealed to the oracle too: it still transfers.
    const bob = t.user(2);
    await alice.client.transferAgent({ tokenId: minted.tokenId, to: bob.address, receiver: bob.account });
    expect((await bob.client.loadAgent({ tokenId: minted.tokenId })).data).toEqual({ memory: [] });
  });

  it("rotates the agent key when asked: the new key is the operator, the old one no longer acts", async () => {
    const alice = t.user(1);
    const minted = await alice.client.mintAgent({ data: { n: 1 } });
    const rotated = await alice.client.updateAgent({ tokenId: minted.tokenId, data: { n: 2 }, rotateAgentKey: true });
    expect(rotated.agentKey).not.toBe(minted.agentKey);
    expect(rotated.operatorTransactionHash).toBeDefined();
    expect((await getAgent(t.publicClient, { tokenId: minted.tokenId })).operator).toBe(rotated.operator);
    expect((await alice.client.loadAgent({ tokenId: minted.tokenId })).agentKey).toBe(rotated.agentKey);
    const oldAgent = agentOperatorAccount(minted.agentKey);
    await t.devnet.setBalance(oldAgent.address, parseEther("1"));
    await expect(alice.client.agentAccountExecute({ tokenId: minted.tokenId, to: alice.address, account: oldAgent })).rejects.toBeInstanceOf(NotAgentControllerError);
  });

  it("holder only, and it needs the key to read the current agent key", async () => {
    const [alice, bob] = [t.user(1), t.user(2)];
    const minted = await alice.client.mintAgent({ data: { n: 1 } });
    await expect(bob.client.updateAgent({ tokenId: minted.tokenId, data: {} })).rejects.toBeInstanceOf(NotTokenHolderError);
    await expect(updateAgent(alice.client, { tokenId: minted.tokenId, data: {} })).rejects.toBeInstanceOf(EncryptionKeyRequiredError);
    // ... unless the agent key is given
    const updated = await updateAgent(alice.client, { tokenId: minted.tokenId, data: { n: 2 }, agentKey: minted.agentKey });
    expect(updated.operator).toBe(minted.operator);
    expect((await getAgent(t.publicClient, { tokenId: minted.tokenId })).dataHashes).toEqual([updated.dataHash]);
  });
});
