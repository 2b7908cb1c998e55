import { parseEther } from "viem";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { InvalidOracleProofError, NotAgentControllerError, NotARecipientError, OracleUnavailableError, TokenNotFoundError } from "../errors.js";
import { startDevnet, type TestDevnet } from "../test/devnet.js";
import { agentOperatorAccount } from "./agentOperatorAccount.js";
import { cloneAgent } from "./cloneAgent.js";
import { createAccessProof } from "./createAccessProof.js";
import { getAgent } from "./getAgent.js";

let t: TestDevnet;
beforeAll(async () => {
  t = await startDevnet();
});
afterEach(() => t.devnet.inft.oracle.clearFaults());
afterAll(() => t?.devnet.stop());

const data = { name: "Ada", skills: ["chat", "search"] };

describe("cloneAgent", () => {
  it("makes a second token with the same data, its own fresh agent key and its own account; the source is unchanged", async () => {
    const [alice, bob] = [t.user(1), t.user(2)];
    const source = await alice.client.mintAgent({ data });
    await t.devnet.setBalance(source.account, parseEther("2"));

    const accessProofs = await createAccessProof(bob.client, { tokenId: source.tokenId });
    const clone = await cloneAgent(alice.client, { tokenId: source.tokenId, to: bob.address, accessProofs });
    expect(clone.tokenId).not.toBe(source.tokenId);
    expect(clone.account).not.toBe(source.account);
    expect(clone.operator).not.toBe(source.operator);

    // Two tokens, two holders, independent accounts.
    const [a, b] = await Promise.all([getAgent(t.publicClient, { tokenId: source.tokenId }), getAgent(t.publicClient, { tokenId: clone.tokenId })]);
    expect(a).toMatchObject({ holder: alice.address, operator: source.operator, dataHashes: [source.dataHash], account: source.account, balance: parseEther("2") });
    expect(b).toMatchObject({ holder: bob.address, operator: clone.operator, dataHashes: clone.dataHashes, account: clone.account, balance: 0n, creator: alice.address });

    // Each holder reads its own token with its own agent key; neither reads the other's.
    const original = await alice.client.loadAgent({ tokenId: source.tokenId });
    const copy = await bob.client.loadAgent({ tokenId: clone.tokenId });
    expect(original).toMatchObject({ data, agentKey: source.agentKey });
    expect(copy.data).toEqual(data);
    expect(agentOperatorAccount(copy.agentKey!).address).toBe(clone.operator);
    await expect(bob.client.loadAgent({ tokenId: source.tokenId })).rejects.toBeInstanceOf(NotARecipientError);
    await expect(alice.client.loadAgent({ tokenId: clone.tokenId })).rejects.toBeInstanceOf(NotARecipientError);

    // Each agent key acts through its own account only.
    const sourceAgent = agentOperatorAccount(source.agentKey);
    const cloneAgentAccount = agentOperatorAccount(copy.agentKey!);
    await t.devnet.setBalance(sourceAgent.address, parseEther("1"));
    await t.devnet.setBalance(cloneAgentAccount.address, parseEther("1"));
    await alice.client.agentAccountExecute({ tokenId: source.tokenId, to: alice.address, value: parseEther("1"), account: sourceAgent });
    await expect(bob.client.agentAccountExecute({ tokenId: clone.tokenId, to: bob.address, value: 1n, account: sourceAgent })).rejects.toBeInstanceOf(NotAgentControllerError);
    await expect(alice.client.agentAccountExecute({ tokenId: source.tokenId, to: bob.address, value: 1n, account: cloneAgentAccount })).rejects.toBeInstanceOf(NotAgentControllerError);
    expect(await t.publicClient.getBalance({ address: source.account })).toBe(parseEther("1"));
  });

  it("a failed clone (oracle down or lying) mints nothing and changes nothing", async () => {
    const [alice, bob] = [t.user(1), t.user(2)];
    const source = await alice.client.mintAgent({ data });
    const before = await getAgent(t.publicClient, { tokenId: source.tokenId });
    const next = source.tokenId + 1n;
    t.devnet.inft.oracle.stop();
    await expect(alice.client.cloneAgent({ tokenId: source.tokenId, to: bob.address, receiver: bob.account })).rejects.toBeInstanceOf(OracleUnavailableError);
    t.devnet.inft.oracle.start();
    t.devnet.inft.oracle.lie();
    await expect(alice.client.cloneAgent({ tokenId: source.tokenId, to: bob.address, receiver: bob.account })).rejects.toBeInstanceOf(InvalidOracleProofError);
    expect(await getAgent(t.publicClient, { tokenId: source.tokenId })).toEqual(before);
    await expect(getAgent(t.publicClient, { tokenId: next })).rejects.toBeInstanceOf(TokenNotFoundError);
  });
});
