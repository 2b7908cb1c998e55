import { createWalletClient, http } from "viem";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { InftTransactionError, NotARecipientError, NotAuthorizedError, NotTokenHolderError, OracleRequestError, OracleUnavailableError } from "../errors.js";
import { startDevnet, type TestDevnet } from "../test/devnet.js";
import { authorizeUsage } from "./authorizeUsage.js";
import { getAuthorizedUsers } from "./getAuthorizedUsers.js";
import { loadAgent } from "./loadAgent.js";
import { revokeAuthorization } from "./revokeAuthorization.js";

let t: TestDevnet;
beforeAll(async () => {
  t = await startDevnet();
});
afterEach(() => t.devnet.inft.oracle.clearFaults());
afterAll(() => t?.devnet.stop());

const data = { name: "Ada", tools: ["search"] };

describe("authorised users", () => {
  it("an authorised user reads the data through the oracle (never the agent key), and is refused after revoke", async () => {
    const [alice, carol] = [t.user(1), t.user(3)];
    const { tokenId } = await alice.client.mintAgent({ data });

    // Not yet authorised: its key opens nothing, and the chain does not list it.
    await expect(carol.client.loadAgent({ tokenId })).rejects.toBeInstanceOf(NotARecipientError);
    await expect(carol.client.loadAgent({ tokenId, via: "oracle" })).rejects.toBeInstanceOf(NotAuthorizedError);

    await authorizeUsage(alice.client, { tokenId, user: carol.address });
    expect(await getAuthorizedUsers(t.publicClient, { tokenId })).toEqual([carol.address]);
    const loaded = await carol.client.loadAgent({ tokenId });
    expect(loaded).toMatchObject({ data, agentKey: undefined, via: "oracle", holder: alice.address });
    expect(loaded.entries).toHaveLength(1);
    // Without any encryption key too: the oracle seals to a one-time key.
    const keyless = createWalletClient({ account: carol.account, chain: t.devnet.chain, transport: http(t.rpcUrl) });
    expect((await loadAgent(keyless, { tokenId })).data).toEqual(data);

    // The oracle down: a typed error.
    t.devnet.inft.oracle.stop();
    await expect(carol.client.loadAgent({ tokenId })).rejects.toBeInstanceOf(OracleUnavailableError);
    t.devnet.inft.oracle.start();

    await revokeAuthorization(alice.client, { tokenId, user: carol.address });
    expect(await alice.client.getAuthorizedUsers({ tokenId })).toEqual([]);
    await expect(carol.client.loadAgent({ tokenId })).rejects.toBeInstanceOf(NotARecipientError);
    await expect(carol.client.loadAgent({ tokenId, via: "oracle" })).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it("the oracle itself refuses a user the chain does not list", async () => {
    const [alice, carol] = [t.user(1), t.user(3)];
    const { tokenId } = await alice.client.mintAgent({ data });
    await authorizeUsage(alice.client, { tokenId, user: carol.address });
    // The oracle answers from the chain at the time of the request: revoke between our check and its.
    const racing: typeof fetch = async (input, init) => {
      await revokeAuthorization(alice.client, { tokenId, user: carol.address });
      return fetch(input, init);
    };
    const error = await carol.client.loadAgent({ tokenId, fetch: racing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OracleRequestError);
    expect(error).toMatchObject({ oracleCode: "not_authorized", status: 403 });
  });

  it("the holder without its key reads the data through the oracle", async () => {
    const alice = t.user(1);
    const { tokenId } = await alice.client.mintAgent({ data });
    const keyless = createWalletClient({ account: alice.account, chain: t.devnet.chain, transport: http(t.rpcUrl) });
    expect(await loadAgent(keyless, { tokenId })).toMatchObject({ data, agentKey: undefined, via: "oracle" });
  });

  it("only the holder authorises and revokes; twice, or a user who is not authorised, is refused before sending", async () => {
    const [alice, bob, carol] = [t.user(1), t.user(2), t.user(3)];
    const { tokenId } = await alice.client.mintAgent({ data });
    await expect(bob.client.authorizeUsage({ tokenId, user: carol.address })).rejects.toBeInstanceOf(NotTokenHolderError);
    await alice.client.authorizeUsage({ tokenId, user: carol.address });
    await expect(alice.client.authorizeUsage({ tokenId, user: carol.address })).rejects.toMatchObject({ name: "InftTransactionError", reason: "ERC7857AlreadyAuthorized" });
    await expect(bob.client.revokeAuthorization({ tokenId, user: carol.address })).rejects.toBeInstanceOf(NotTokenHolderError);
    const error = await alice.client.revokeAuthorization({ tokenId, user: bob.address }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InftTransactionError);
    expect(error).toMatchObject({ reason: "ERC7857NotAuthorized", transactionHash: undefined });
  });

  it("a transfer clears the authorised users", async () => {
    const [alice, bob, carol] = [t.user(1), t.user(2), t.user(3)];
    const { tokenId } = await alice.client.mintAgent({ data });
    await alice.client.authorizeUsage({ tokenId, user: carol.address });
    await alice.client.transferAgent({ tokenId, to: bob.address, receiver: bob.account });
    expect(await bob.client.getAuthorizedUsers({ tokenId })).toEqual([]);
    await expect(carol.client.loadAgent({ tokenId })).rejects.toBeInstanceOf(NotARecipientError);
  });
});
