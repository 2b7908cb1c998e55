import { agentAccountAbi, agentNftAbi } from "@0g/contracts";
import { keccak256, parseEther, toHex, zeroAddress, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { encryptEnvelope, parseEnvelope } from "../crypto/envelope.js";
import { publicKeyOf } from "../crypto/ecies.js";
import {
  AccessProofRequiredError,
  InftTransactionError,
  InvalidAccessProofError,
  InvalidOracleProofError,
  NotAgentControllerError,
  NotARecipientError,
  NotTokenHolderError,
  OracleRequestError,
  OracleUnavailableError,
  ReceiverKeyMismatchError,
} from "../errors.js";
import { accessNonce, ownershipNonce, type OracleTransferResponse } from "../oracle/protocol.js";
import { signAccessProof, signOwnershipProof, type TransferValidityProof } from "../proof/proofs.js";
import { startDevnet, type TestDevnet, type TestUser } from "../test/devnet.js";
import { agentAccountExecute } from "./agentAccountExecute.js";
import { agentOperatorAccount } from "./agentOperatorAccount.js";
import { createAccessProof } from "./createAccessProof.js";
import { getAgent } from "./getAgent.js";
import { getEncryptionKey } from "./getEncryptionKey.js";
import { loadAgent } from "./loadAgent.js";
import { transferAgent } from "./transferAgent.js";
import { download, upload } from "@0g/storage";

let t: TestDevnet;
beforeAll(async () => {
  t = await startDevnet();
});
afterEach(() => t.devnet.inft.oracle.clearFaults());
afterAll(() => t?.devnet.stop());

const data = { name: "Ada", prompt: "You are Ada.", memory: ["the user likes tea"] };

/** What must not change when a transfer fails: holder, data hashes, operator, and the holder still reads the same agent. */
async function stateOf(tokenId: bigint, holder: TestUser) {
  const agent = await getAgent(t.publicClient, { tokenId });
  const loaded = await holder.client.loadAgent({ tokenId });
  return { holder: agent.holder, dataHashes: agent.dataHashes, operator: agent.operator, data: loaded.data, agentKey: loaded.agentKey };
}

describe("transferAgent", () => {
  it("moves the agent: the new holder reads it with a rotated agent key, the old holder cannot, the account follows the token", async () => {
    const [alice, bob] = [t.user(1), t.user(2)];
    const minted = await alice.client.mintAgent({ data });
    // The agent earns something: its account holds it.
    await t.devnet.setBalance(minted.account, parseEther("3"));
    const oldAgent = agentOperatorAccount(minted.agentKey);
    await t.devnet.setBalance(oldAgent.address, parseEther("1"));
    // The agent key can act through the account while Alice holds it.
    await agentAccountExecute(alice.client, { tokenId: minted.tokenId, to: alice.address, value: parseEther("1"), account: oldAgent });

    const moved = await alice.client.transferAgent({ tokenId: minted.tokenId, to: bob.address, receiver: bob.account });
    expect(moved).toMatchObject({ tokenId: minted.tokenId, from: alice.address, to: bob.address, account: minted.account });
    expect(moved.operator).not.toBe(minted.operator);
    expect(moved.dataHashes).toHaveLength(1);
    expect(moved.dataHashes[0]).not.toBe(minted.dataHash);

    const agent = await getAgent(t.publicClient, { tokenId: minted.tokenId });
    expect(agent).toMatchObject({ holder: bob.address, operator: moved.operator, dataHashes: moved.dataHashes, account: minted.account, balance: parseEther("2") });

    // Bob reads it, with a new agent key whose address is the operator.
    const loaded = await bob.client.loadAgent({ tokenId: minted.tokenId });
    expect(loaded.data).toEqual(data);
    expect(loaded.agentKey).not.toBe(minted.agentKey);
    expect(agentOperatorAccount(loaded.agentKey!).address).toBe(moved.operator);
    // The sealed key published on chain is the one in the envelope.
    const { data: stored } = await download(t.publicClient, { root: moved.dataHashes[0]! });
    expect(parseEnvelope(stored).recipients.map((r) => r.address)).toEqual([bob.address, t.devnet.inft.oracle.address]);

    // Alice cannot read it any more (the new envelope is not sealed to her, and she is not authorised).
    await expect(alice.client.loadAgent({ tokenId: minted.tokenId })).rejects.toBeInstanceOf(NotARecipientError);

    // The old agent key can no longer act through the account: refused before sending, and the account itself reverts.
    await expect(agentAccountExecute(alice.client, { tokenId: minted.tokenId, to: alice.address, value: 1n, account: oldAgent })).rejects.toBeInstanceOf(NotAgentControllerError);
    await expect(
      t.publicClient.simulateContract({ account: oldAgent, address: minted.account, abi: agentAccountAbi, functionName: "execute", args: [alice.address, 1n, "0x"] }),
    ).rejects.toThrow(/NotAgentController/);
    // Nor can Alice herself.
    await expect(agentAccountExecute(alice.client, { tokenId: minted.tokenId, to: alice.address, value: 1n })).rejects.toBeInstanceOf(NotAgentControllerError);

    // The new agent key can, and so can Bob: the account's balance followed the token.
    const newAgent = agentOperatorAccount(loaded.agentKey!);
    await t.devnet.setBalance(newAgent.address, parseEther("1"));
    const before = await t.publicClient.getBalance({ address: bob.address });
    await agentAccountExecute(bob.client, { tokenId: minted.tokenId, to: bob.address, value: parseEther("1"), account: newAgent });
    expect(await t.publicClient.getBalance({ address: bob.address })).toBe(before + parseEther("1"));
    await agentAccountExecute(bob.client, { tokenId: minted.tokenId, to: bob.address, value: parseEther("0.5") });
    expect(await t.publicClient.getBalance({ address: minted.account })).toBe(parseEther("0.5"));

    // EIP-1271: the new agent key signs for the account, the old one no longer does.
    const message = "I am this agent";
    expect(await t.publicClient.verifyMessage({ address: minted.account, message, signature: await newAgent.signMessage({ message }) })).toBe(true);
    expect(await t.publicClient.verifyMessage({ address: minted.account, message, signature: await oldAgent.signMessage({ message }) })).toBe(false);
  });

  it("with access proofs the receiver signed, sealed to its wallet-derived encryption key", async () => {
    const [alice, carol] = [t.user(1), t.user(3)];
    const { tokenId } = await alice.client.mintAgent({ data });
    const carolKey = await getEncryptionKey(carol.client);
    expect(carolKey).not.toBe(carol.key);
    // Carol (the receiver) signs; Alice (the holder) transfers.
    const accessProofs = await createAccessProof(carol.client, { tokenId, encryptionKey: carolKey });
    expect(accessProofs).toHaveLength(1);
    expect(accessProofs[0]!.targetPubkey).toBe(`0x${publicKeyOf(carolKey).slice(4)}`);
    await transferAgent(alice.client, { tokenId, to: carol.address, accessProofs });
    const loaded = await loadAgent(carol.client, { tokenId, encryptionKey: carolKey });
    expect(loaded.data).toEqual(data);
    expect(loaded.agentKey).toBeDefined();
    // Her account's own key is not the one the data is sealed to.
    await expect(loadAgent(carol.client, { tokenId, encryptionKey: carol.key, via: "key" })).rejects.toBeInstanceOf(NotARecipientError);
    // It can move on again, from Carol to Alice.
    await carol.client.transferAgent({ tokenId, to: alice.address, receiver: alice.account });
    expect((await alice.client.loadAgent({ tokenId })).data).toEqual(data);
  });

  it("a receiver's delegate signs the access proofs (delegateAccess)", async () => {
    const [alice, bob, dave] = [t.user(1), t.user(2), t.user(4)];
    await bob.client.delegateAccess({ assistant: dave.address });
    try {
      // The delegate names Bob's key ...
      const first = await alice.client.mintAgent({ data });
      const accessProofs = await createAccessProof(dave.client, { tokenId: first.tokenId, publicKey: bob.publicKey, encryptionKey: undefined });
      await alice.client.transferAgent({ tokenId: first.tokenId, to: bob.address, accessProofs });
      expect((await bob.client.loadAgent({ tokenId: first.tokenId })).data).toEqual(data);

      // ... or names none, and the holder passes Bob's public key (which must be Bob's).
      const second = await alice.client.mintAgent({ data });
      const unnamed = await createAccessProof(dave.client, { tokenId: second.tokenId, encryptionKey: undefined });
      expect(unnamed[0]!.targetPubkey).toBe("0x");
      await expect(alice.client.transferAgent({ tokenId: second.tokenId, to: bob.address, accessProofs: unnamed })).rejects.toBeInstanceOf(InvalidAccessProofError);
      await expect(alice.client.transferAgent({ tokenId: second.tokenId, to: bob.address, accessProofs: unnamed, receiverPublicKey: dave.publicKey })).rejects.toBeInstanceOf(
        ReceiverKeyMismatchError,
      );
      await alice.client.transferAgent({ tokenId: second.tokenId, to: bob.address, accessProofs: unnamed, receiverPublicKey: bob.publicKey });
      expect((await bob.client.loadAgent({ tokenId: second.tokenId })).data).toEqual(data);

      // The delegate's account can also be the `receiver` signer.
      const third = await alice.client.mintAgent({ data });
      await alice.client.transferAgent({ tokenId: third.tokenId, to: bob.address, receiver: dave.account, receiverPublicKey: bob.publicKey });
      expect((await bob.client.loadAgent({ tokenId: third.tokenId })).data).toEqual(data);
    } finally {
      await bob.client.delegateAccess({ assistant: zeroAddress });
    }
  });

  it("an approved address transfers for the holder", async () => {
    const [alice, bob, erin] = [t.user(1), t.user(2), t.user(5)];
    const { tokenId } = await alice.client.mintAgent({ data });
    await expect(erin.client.transferAgent({ tokenId, to: bob.address, receiver: bob.account })).rejects.toBeInstanceOf(NotTokenHolderError);
    const hash = await alice.client.writeContract({ address: t.agentNft, abi: agentNftAbi, functionName: "approve", args: [erin.address, tokenId] });
    await t.publicClient.waitForTransactionReceipt({ hash });
    const moved = await erin.client.transferAgent({ tokenId, to: bob.address, receiver: bob.account });
    expect(moved.from).toBe(alice.address);
    expect((await bob.client.loadAgent({ tokenId })).data).toEqual(data);
  });
});

describe("transferAgent: bad input and faults leave the token and its data as they were", () => {
  let alice: TestUser;
  let bob: TestUser;
  let mallory: TestUser;
  let tokenId: bigint;
  let before: Awaited<ReturnType<typeof stateOf>>;

  beforeAll(async () => {
    [alice, bob, mallory] = [t.user(1), t.user(2), t.user(6)];
    ({ tokenId } = await alice.client.mintAgent({ data }));
    before = await stateOf(tokenId, alice);
  });
  afterEach(async () => {
    expect(await stateOf(tokenId, alice)).toEqual(before);
  });

  it("a receiver without an access proof", async () => {
    await expect(alice.client.transferAgent({ tokenId, to: bob.address })).rejects.toBeInstanceOf(AccessProofRequiredError);
  });

  it("access proofs signed by someone who is neither the receiver nor its delegate (wrong receiver key)", async () => {
    const forged = await createAccessProof(mallory.client, { tokenId });
    const error = await alice.client.transferAgent({ tokenId, to: bob.address, accessProofs: forged }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidAccessProofError);
    expect((error as InvalidAccessProofError).reason).toMatch(/neither the receiver/);
    await expect(alice.client.transferAgent({ tokenId, to: bob.address, receiver: mallory.account })).rejects.toBeInstanceOf(InvalidAccessProofError);
  });

  it("the receiver's public key of another address", async () => {
    const proofs = await createAccessProof(bob.client, { tokenId, encryptionKey: undefined });
    await expect(alice.client.transferAgent({ tokenId, to: bob.address, accessProofs: proofs, receiverPublicKey: mallory.publicKey })).rejects.toBeInstanceOf(ReceiverKeyMismatchError);
  });

  it("access proofs for other data (stale, or the wrong count)", async () => {
    const stale = await signAccessProof(bob.account, { dataHash: `0x${"11".repeat(32)}`, targetPubkey: "0x", nonce: accessNonce((await t.publicClient.getBlock()).timestamp) });
    await expect(alice.client.transferAgent({ tokenId, to: bob.address, accessProofs: [stale] })).rejects.toThrow(/not valid[\s\S]*data hash/);
    await expect(alice.client.transferAgent({ tokenId, to: bob.address, accessProofs: [] })).rejects.toBeInstanceOf(InvalidAccessProofError);
  });

  it("a token you do not hold", async () => {
    await expect(mallory.client.transferAgent({ tokenId, to: mallory.address, receiver: mallory.account })).rejects.toBeInstanceOf(NotTokenHolderError);
    await expect(bob.client.transferAgent({ tokenId, to: bob.address, receiver: bob.account, from: bob.address })).rejects.toBeInstanceOf(NotTokenHolderError);
  });

  it("the oracle refuses (an expired access proof): OracleRequestError with its code", async () => {
    const now = (await t.publicClient.getBlock()).timestamp;
    const old = await createAccessProof(bob.client, { tokenId, issuedAt: now - 8n * 24n * 3600n });
    const error = await alice.client.transferAgent({ tokenId, to: bob.address, accessProofs: old }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OracleRequestError);
    expect(error).toMatchObject({ oracleCode: "expired", status: 410 });
  });

  it("the oracle is down", async () => {
    t.devnet.inft.oracle.stop();
    const error = await alice.client.transferAgent({ tokenId, to: bob.address, receiver: bob.account }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OracleUnavailableError);
    expect(error).toMatchObject({ reason: "connection", url: `${t.devnet.inft.oracle.url}/v1/transfer` });
  });

  it.each(["wrongKey", "garbage"] as const)("the oracle lies (%s): its proofs are refused before anything is sent", async (lie) => {
    t.devnet.inft.oracle.lie(lie);
    const sentBefore = await t.publicClient.getTransactionCount({ address: alice.address });
    const error = await alice.client.transferAgent({ tokenId, to: bob.address, receiver: bob.account }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOracleProofError);
    expect((error as InvalidOracleProofError).reason).toMatch(/not by the oracle the Verifier trusts/);
    expect(await t.publicClient.getTransactionCount({ address: alice.address })).toBe(sentBefore);
  });

  it.each([
    ["another operator than it committed", (a: OracleTransferResponse) => ({ ...a, operator: mallory.address }), /commits operator/],
    ["another data hash than it committed", (a: OracleTransferResponse) => ({ ...a, newDataHashes: [`0x${"12".repeat(32)}`] }), /commits data hash/],
    ["another sealed key than it signed", (a: OracleTransferResponse) => ({ ...a, sealedKeys: [`0x${"00".repeat(129)}`] }), /sealed key/],
    ["no proof", (a: OracleTransferResponse) => ({ ...a, proofs: [] }), /Expected 1 proofs/],
    ["the current operator (no rotation)", (a: OracleTransferResponse) => ({ ...a, operator: before.operator }), /not rotated/],
  ] as const)("the oracle's answer names %s: InvalidOracleProofError", async (_what, tamper, reason) => {
    const tampering: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith("/v1/transfer")) return response;
      return Response.json(tamper((await response.json()) as OracleTransferResponse));
    };
    const error = await alice.client.transferAgent({ tokenId, to: bob.address, receiver: bob.account, fetch: tampering }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOracleProofError);
    expect((error as InvalidOracleProofError).reason).toMatch(reason);
  });

  it("a correctly signed answer whose new data is not sealed as the proof says (a broken oracle): refused before sending", async () => {
    // Sign as the devnet oracle itself (its key is public), over an envelope sealed to Mallory.
    const tee = privateKeyToAccount(keccak256(toHex("@0g/devnet:inft:oracle")));
    expect(tee.address).toBe(t.devnet.inft.oracle.address);
    const forging: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith("/v1/transfer")) return response;
      const answer = (await response.json()) as OracleTransferResponse;
      const { envelope } = await encryptEnvelope({ plaintext: new TextEncoder().encode("{}"), recipients: [mallory.publicKey, tee.publicKey] });
      const { root } = await upload(mallory.client, { data: envelope });
      const [{ accessProof, ownershipProof }] = answer.proofs as [TransferValidityProof];
      const nonce = ownershipNonce({ accessNonce: accessProof.nonce, newDataHash: root, newOperator: answer.operator });
      const forged = await signOwnershipProof(tee, { dataHash: ownershipProof.dataHash, sealedKey: ownershipProof.sealedKey, targetPubkey: ownershipProof.targetPubkey, nonce });
      return Response.json({ ...answer, newDataHashes: [root], proofs: [{ accessProof, ownershipProof: forged }] });
    };
    const error = await alice.client.transferAgent({ tokenId, to: bob.address, receiver: bob.account, fetch: forging }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOracleProofError);
    expect((error as InvalidOracleProofError).reason).toMatch(/does not hold the proof's sealed key/);
  });

  it("the token changes between the oracle's answer and the transaction: the simulation reverts, nothing is sent", async () => {
    // Alice updates the agent while the oracle answers (a race): the proofs are for the old data.
    let updated: Hex | undefined;
    const racing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).endsWith("/v1/transfer")) {
        ({ dataHash: updated } = await alice.client.updateAgent({ tokenId, data }));
        before = { ...before, dataHashes: [updated] };
      }
      return response;
    };
    const error = await alice.client.transferAgent({ tokenId, to: bob.address, receiver: bob.account, fetch: racing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InftTransactionError);
    expect(error).toMatchObject({ functionName: "iTransferFrom", reason: "ERC7857DataHashMismatch", transactionHash: undefined });
    expect(updated).toBeDefined();
  });
});
