import { agentNftAbi } from "@0g/contracts";
import { createWalletClient, http, parseEther } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentKeyAddress, generateAgentKey } from "../agent/metadata.js";
import { parseEnvelope } from "../crypto/envelope.js";
import { download } from "@0g/storage";
import { EncryptionKeyRequiredError, NotARecipientError, OracleMismatchError } from "../errors.js";
import { filler, startDevnet, systemDeployerAddress, type TestDevnet } from "../test/devnet.js";
import { getAgent } from "./getAgent.js";
import { loadAgent } from "./loadAgent.js";
import { mintAgent } from "./mintAgent.js";

let t: TestDevnet;
beforeAll(async () => {
  t = await startDevnet();
});
afterAll(() => t?.devnet.stop());

describe("mintAgent", () => {
  it("mints: encrypted to the holder and the oracle on 0G Storage, operator = agent key; the holder loads it", async () => {
    const alice = t.user(1);
    const data = { name: "Ada", model: "0g-devnet/deterministic-chat", memory: ["hello"] };
    const minted = await alice.client.mintAgent({ data, description: "Ada, an agent" });
    expect(minted.operator).toBe(agentKeyAddress(minted.agentKey));

    // On chain
    const agent = await getAgent(alice.client, { tokenId: minted.tokenId });
    expect(agent).toMatchObject({
      tokenId: minted.tokenId,
      holder: alice.address,
      operator: minted.operator,
      account: minted.account,
      dataHashes: [minted.dataHash],
      datas: [{ dataDescription: "Ada, an agent", dataHash: minted.dataHash }],
      creator: alice.address,
      authorizedUsers: [],
      balance: 0n,
    });
    expect(await t.publicClient.getCode({ address: minted.account })).toMatch(/^0x.+/);

    // On 0G Storage: an envelope sealed to Alice and the oracle, nothing in the clear
    const { data: stored } = await download(t.publicClient, { root: minted.dataHash });
    expect(parseEnvelope(stored).recipients.map((r) => r.address)).toEqual([alice.address, t.devnet.inft.oracle.address]);
    expect(new TextDecoder().decode(stored)).not.toContain("Ada");

    // The holder loads it: data and agent key
    const loaded = await alice.client.loadAgent({ tokenId: minted.tokenId });
    expect(loaded).toMatchObject({ data, agentKey: minted.agentKey, via: "key", holder: alice.address, operator: minted.operator, account: minted.account, dataHashes: [minted.dataHash] });
  });

  it("takes the agent key, the cipher and the recipient; seals to `to`'s public key", async () => {
    const [alice, bob] = [t.user(1), t.user(2)];
    const agentKey = generateAgentKey();
    const minted = await mintAgent(alice.client, { data: { n: 1 }, agentKey, cipher: "xchacha20-poly1305", to: bob.address, publicKey: bob.publicKey });
    expect(minted.agentKey).toBe(agentKey);
    expect(minted.operator).toBe(privateKeyToAddress(agentKey));
    const { data: stored } = await download(t.publicClient, { root: minted.dataHash });
    expect(parseEnvelope(stored).cipher).toBe("xchacha20-poly1305");
    expect(await t.publicClient.readContract({ address: t.agentNft, abi: agentNftAbi, functionName: "ownerOf", args: [minted.tokenId] })).toBe(bob.address);
    expect(await t.publicClient.readContract({ address: t.agentNft, abi: agentNftAbi, functionName: "creatorOf", args: [minted.tokenId] })).toBe(alice.address);
    expect((await bob.client.loadAgent({ tokenId: minted.tokenId })).data).toEqual({ n: 1 });
    // Alice minted it but cannot read it
    await expect(loadAgent(alice.client, { tokenId: minted.tokenId, encryptionKey: alice.key })).rejects.toBeInstanceOf(NotARecipientError);
  });

  it.each([
    ["1 KiB", 1024],
    ["1 MiB", 1024 * 1024],
  ])("mints, loads and transfers %s of metadata", async (_label, size) => {
    const [alice, bob] = [t.user(3), t.user(4)];
    const data = { memory: filler(size) };
    const { tokenId } = await alice.client.mintAgent({ data });
    const loaded = await alice.client.loadAgent<typeof data>({ tokenId });
    expect(loaded.data.memory.length).toBe(size);
    expect(loaded.data.memory).toBe(data.memory);
    await alice.client.transferAgent({ tokenId, to: bob.address, receiver: bob.account });
    expect((await bob.client.loadAgent<typeof data>({ tokenId })).data.memory).toBe(data.memory);
  });

  it("pays the mint fee (getMintFee)", async () => {
    const alice = t.user(1);
    const admin = systemDeployerAddress;
    await t.devnet.impersonate(admin);
    await t.devnet.setBalance(admin, parseEther("1"));
    const asAdmin = createWalletClient({ account: admin, chain: t.devnet.chain, transport: http(t.rpcUrl) });
    const setFee = async (fee: bigint) =>
      t.publicClient.waitForTransactionReceipt({ hash: await asAdmin.writeContract({ address: t.agentNft, abi: agentNftAbi, functionName: "setMintFee", args: [fee] }) });
    await setFee(parseEther("0.01"));
    try {
      const before = await t.publicClient.getBalance({ address: t.agentNft });
      await alice.client.mintAgent({ data: { paid: true } });
      expect(await t.publicClient.getBalance({ address: t.agentNft })).toBe(before + parseEther("0.01"));
    } finally {
      await setFee(0n);
      await t.devnet.stopImpersonating(admin);
    }
  });

  it("needs a key to seal to when minting for someone else; refuses an oracle key the Verifier does not trust", async () => {
    const [alice, bob] = [t.user(1), t.user(2)];
    // Alice's own encryption key (the client's default) is not Bob's.
    await expect(alice.client.mintAgent({ data: {}, to: bob.address })).rejects.toBeInstanceOf(EncryptionKeyRequiredError);
    await expect(alice.client.mintAgent({ data: {}, oraclePublicKey: bob.publicKey })).rejects.toBeInstanceOf(OracleMismatchError);
  });
});
