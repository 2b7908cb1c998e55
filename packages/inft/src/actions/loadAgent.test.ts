import { agentNftAbi } from "@0g/contracts";
import { upload } from "@0g/storage";
import { createPublicClient, createWalletClient, http, parseEventLogs, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { encodeAgentMetadata, generateAgentKey } from "../agent/metadata.js";
import { encryptEnvelope } from "../crypto/envelope.js";
import {
  AgentDataUnavailableError,
  AgentNftNotDeployedError,
  DataHashMismatchError,
  DecryptionFailedError,
  EncryptionKeyRequiredError,
  InvalidEnvelopeError,
  NotARecipientError,
  OracleRequestError,
  TokenNotFoundError,
} from "../errors.js";
import { startDevnet, type TestDevnet, type TestUser } from "../test/devnet.js";
import { getAgent } from "./getAgent.js";
import { loadAgent } from "./loadAgent.js";

let t: TestDevnet;
beforeAll(async () => {
  t = await startDevnet();
});
afterEach(() => t.devnet.storage.clearFaults());
afterAll(() => t?.devnet.stop());

const data = { name: "Ada" };

/** Points the token at other bytes on 0G Storage (as its holder may), bypassing `updateAgent`. */
async function pointAt(holder: TestUser, tokenId: bigint, bytes: Uint8Array): Promise<Hex> {
  const { root } = await upload(holder.client, { data: bytes });
  const hash = await holder.client.writeContract({ address: t.agentNft, abi: agentNftAbi, functionName: "update", args: [tokenId, [{ dataDescription: "", dataHash: root }]] });
  await t.publicClient.waitForTransactionReceipt({ hash });
  return root;
}

describe("loadAgent: entries, bad data and the wrong reader", () => {
  it("bytes served for the data hash that do not match it (every node corrupts them): DataHashMismatchError, never used", async () => {
    const alice = t.user(1);
    const { tokenId, dataHash } = await alice.client.mintAgent({ data });
    for (const node of t.devnet.storage.nodes) t.devnet.storage.corrupt(node.index, dataHash);
    const error = await alice.client.loadAgent({ tokenId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataHashMismatchError);
    expect(error).toMatchObject({ dataHash });
    // One honest node is enough.
    t.devnet.storage.clearFaults(0);
    expect((await alice.client.loadAgent({ tokenId })).data).toEqual(data);
  });

  it("data nobody serves: AgentDataUnavailableError", async () => {
    const alice = t.user(1);
    const { tokenId, dataHash } = await alice.client.mintAgent({ data });
    for (const node of t.devnet.storage.nodes) t.devnet.storage.withhold(node.index, dataHash);
    await expect(alice.client.loadAgent({ tokenId })).rejects.toBeInstanceOf(AgentDataUnavailableError);
    // A data hash that was never stored.
    const nowhere = `0x${"ab".repeat(32)}` as Hex;
    const hash = await alice.client.writeContract({ address: t.agentNft, abi: agentNftAbi, functionName: "update", args: [tokenId, [{ dataDescription: "", dataHash: nowhere }]] });
    await t.publicClient.waitForTransactionReceipt({ hash });
    const error = await alice.client.loadAgent({ tokenId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentDataUnavailableError);
    expect(error).toMatchObject({ dataHash: nowhere });
  });

  it("tampered metadata: a modified envelope fails authentication, bytes that are no envelope are refused, and the oracle will not transfer them", async () => {
    const [alice, bob] = [t.user(1), t.user(2)];
    const { tokenId } = await alice.client.mintAgent({ data });
    const { envelope } = await encryptEnvelope({
      plaintext: encodeAgentMetadata({ agentKey: generateAgentKey(), data }),
      recipients: [alice.publicKey, t.devnet.inft.oracle.publicKey],
    });
    const tampered = envelope.slice();
    tampered[tampered.length - 20]! ^= 1;
    await pointAt(alice, tokenId, tampered);
    await expect(alice.client.loadAgent({ tokenId })).rejects.toBeInstanceOf(DecryptionFailedError);
    const before = await getAgent(t.publicClient, { tokenId });
    const refused = await alice.client.transferAgent({ tokenId, to: bob.address, receiver: bob.account }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OracleRequestError);
    expect((refused as OracleRequestError).oracleCode).toBe("data_corrupt");
    expect(await getAgent(t.publicClient, { tokenId })).toEqual(before);

    await pointAt(alice, tokenId, new TextEncoder().encode(JSON.stringify({ agentKey: generateAgentKey(), data })));
    await expect(alice.client.loadAgent({ tokenId })).rejects.toBeInstanceOf(InvalidEnvelopeError);
  });

  it("decrypting as a non-holder: NotARecipientError; no key and no account: EncryptionKeyRequiredError; no such token: TokenNotFoundError", async () => {
    const [alice, mallory] = [t.user(1), t.user(6)];
    const { tokenId } = await alice.client.mintAgent({ data });
    const error = await mallory.client.loadAgent({ tokenId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotARecipientError);
    expect((error as NotARecipientError).recipients).toEqual([alice.address, t.devnet.inft.oracle.address]);
    await expect(mallory.client.loadAgent({ tokenId, encryptionKey: alice.key, via: "key" })).resolves.toMatchObject({ data });
    const reader = createPublicClient({ chain: t.devnet.chain, transport: http(t.rpcUrl) });
    await expect(loadAgent(reader, { tokenId })).rejects.toBeInstanceOf(EncryptionKeyRequiredError);
    const keyless = createWalletClient({ account: alice.account, chain: t.devnet.chain, transport: http(t.rpcUrl) });
    await expect(loadAgent(keyless, { tokenId, via: "key" })).rejects.toBeInstanceOf(EncryptionKeyRequiredError);
    await expect(alice.client.loadAgent({ tokenId: 10_000n })).rejects.toBeInstanceOf(TokenNotFoundError);
  });

  it("an agentNft address without a contract: AgentNftNotDeployedError, from reads and from loadAgent", async () => {
    const alice = t.user(1);
    const agentNft = "0x000000000000000000000000000000000000dEaD" as const;
    await expect(getAgent(alice.client, { tokenId: 1n, agentNft })).rejects.toMatchObject({ name: "AgentNftNotDeployedError", code: 5009, agentNft });
    await expect(alice.client.loadAgent({ tokenId: 1n, agentNft })).rejects.toBeInstanceOf(AgentNftNotDeployedError);
  });

  it("a token with several data entries: each is loaded, and a transfer re-encrypts them all under one new agent key", async () => {
    const [alice, bob] = [t.user(1), t.user(2)];
    const agentKey = generateAgentKey();
    const roots: Hex[] = [];
    for (const part of [{ part: "model" }, { part: "memory" }]) {
      const { envelope } = await encryptEnvelope({ plaintext: encodeAgentMetadata({ agentKey, data: part }), recipients: [alice.publicKey, t.devnet.inft.oracle.publicKey] });
      roots.push((await upload(alice.client, { data: envelope })).root);
    }
    const hash = await alice.client.writeContract({
      address: t.agentNft,
      abi: agentNftAbi,
      functionName: "mint",
      args: [roots.map((dataHash, i) => ({ dataDescription: `part ${i}`, dataHash })), alice.address, privateKeyToAddress(agentKey)],
    });
    const receipt = await t.publicClient.waitForTransactionReceipt({ hash });
    const [minted] = parseEventLogs({ abi: agentNftAbi, eventName: "Transfer", logs: receipt.logs });
    const tokenId = minted!.args.tokenId;

    const loaded = await alice.client.loadAgent({ tokenId });
    expect(loaded.entries).toEqual([
      { dataHash: roots[0], description: "part 0", data: { part: "model" }, agentKey },
      { dataHash: roots[1], description: "part 1", data: { part: "memory" }, agentKey },
    ]);
    const moved = await alice.client.transferAgent({ tokenId, to: bob.address, receiver: bob.account });
    expect(moved.dataHashes).toHaveLength(2);
    const received = await bob.client.loadAgent({ tokenId });
    expect(received.entries.map((e) => [e.description, e.data])).toEqual([
      ["part 0", { part: "model" }],
      ["part 1", { part: "memory" }],
    ]);
    expect(new Set(received.entries.map((e) => e.agentKey)).size).toBe(1);
    expect(privateKeyToAddress(received.agentKey!)).toBe(moved.operator);
  });
});
