import { agentAccountRegistryAbi, agentNftAbi, verifierAbi } from "@0g/contracts";
import {
  decodeAgentMetadata,
  decryptEnvelope,
  eciesDecrypt,
  encodeAgentMetadata,
  encryptEnvelope,
  generateAgentKey,
  NotARecipientError,
  parseEnvelope,
  publicKeyAddress,
  recoverOwnershipProofSigner,
  toRawPublicKey,
  type OracleTransferResponse,
} from "@0g/inft";
import { hexToBytes, parseEventLogs } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevnet, DevnetOptionError, InftDisabledError, systemContractAddresses, type Devnet } from "../index.js";
import { inftHarness, proofsOf, type InftHarness } from "./test-helpers.js";

let devnet: Devnet;
let t: InftHarness;

beforeAll(async () => {
  devnet = await createDevnet({ compute: false });
  t = await inftHarness(devnet);
});
afterAll(() => devnet?.stop());

describe("deployment", () => {
  it("deploys the INFT contracts, names them in devnet.contracts and devnet_info, and registers the oracle", async () => {
    const { agentNft, verifier, accountRegistry } = devnet.inft.contracts;
    expect(devnet.inft.enabled).toBe(true);
    expect(devnet.contracts).toMatchObject({ agentNft, agentNftVerifier: verifier, agentAccountRegistry: accountRegistry });
    expect(systemContractAddresses()).toMatchObject({ agentNft, agentNftVerifier: verifier, agentAccountRegistry: accountRegistry });
    expect(systemContractAddresses({ inft: false })).not.toHaveProperty("agentNft");
    const info = devnet.info();
    expect(info.contracts).toMatchObject({ agentNft, agentNftVerifier: verifier, agentAccountRegistry: accountRegistry });
    expect(info.endpoints.inftOracle).toBe(`${info.rpcUrl}/inft/oracle`);
    expect(devnet.inft.oracle.url).toBe(info.endpoints.inftOracle);

    const read = t.publicClient.readContract;
    expect(await read({ address: verifier, abi: verifierAbi, functionName: "teeOracleAddress" })).toBe(devnet.inft.oracle.address);
    expect(await read({ address: verifier, abi: verifierAbi, functionName: "maxProofAge" })).toBe(7n * 24n * 3600n);
    expect(await read({ address: agentNft, abi: agentNftAbi, functionName: "verifier" })).toBe(verifier);
    expect(await read({ address: agentNft, abi: agentNftAbi, functionName: "accountRegistry" })).toBe(accountRegistry);
    expect(await read({ address: accountRegistry, abi: agentAccountRegistryAbi, functionName: "nft" })).toBe(agentNft);
    expect(await read({ address: agentNft, abi: agentNftAbi, functionName: "getMintFee" })).toBe(0n);
    expect(JSON.parse(await read({ address: agentNft, abi: agentNftAbi, functionName: "storageInfo" }))).toEqual({
      chainURL: "http://127.0.0.1:8545",
      indexerURL: "http://127.0.0.1:8545/storage/indexer",
    });
    expect(publicKeyAddress(devnet.inft.oracle.publicKey)).toBe(devnet.inft.oracle.address);
    expect(devnet.inft.oracle.publicKey).toHaveLength(132);
  });

  it("answers GET /v1/info and refuses unknown paths and methods with the protocol's error body", async () => {
    const res = await fetch(`${t.oracleUrl}/v1/info`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      address: devnet.inft.oracle.address,
      publicKey: devnet.inft.oracle.publicKey,
      chainId: devnet.chainId,
      agentNfts: [devnet.inft.contracts.agentNft],
    });
    const missing = await fetch(`${t.oracleUrl}/v2/nothing`);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { code: "bad_request" } });
    const wrongMethod = await fetch(`${t.oracleUrl}/v1/transfer`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    const notJson = await fetch(`${t.oracleUrl}/v1/transfer`, { method: "POST", body: "{" });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { code: "bad_request", message: "The body is not JSON." } });
  });

  it("is the same oracle on every devnet, and takes its options", async () => {
    const other = await createDevnet({ compute: false, inft: { mintFee: 10n ** 15n, maxProofAge: 3600, oracleKey: `0x${"11".repeat(32)}` } });
    try {
      const { agentNft, verifier } = other.inft.contracts;
      expect(other.inft.contracts).toEqual(devnet.inft.contracts);
      expect(other.inft.oracle.address).toBe(privateKeyToAddress(`0x${"11".repeat(32)}`));
      const read = other.publicClient.readContract;
      expect(await read({ address: verifier, abi: verifierAbi, functionName: "teeOracleAddress" })).toBe(other.inft.oracle.address);
      expect(await read({ address: verifier, abi: verifierAbi, functionName: "maxProofAge" })).toBe(3600n);
      expect(await read({ address: agentNft, abi: agentNftAbi, functionName: "getMintFee" })).toBe(10n ** 15n);
    } finally {
      await other.stop();
    }
  });

  it("is off with inft: false or storage: false, and refuses inft without storage", async () => {
    const off = await createDevnet({ compute: false, inft: false });
    try {
      expect(off.inft.enabled).toBe(false);
      expect(off.contracts).not.toHaveProperty("agentNft");
      expect(() => off.inft.contracts).toThrow(InftDisabledError);
      expect(() => off.inft.oracle).toThrow(InftDisabledError);
      const served = await off.serve({ port: 0 });
      expect(served.endpoints).not.toHaveProperty("inftOracle");
    } finally {
      await off.stop();
    }
    const noStorage = await createDevnet({ compute: false, storage: false });
    expect(noStorage.inft.enabled).toBe(false);
    await noStorage.stop();
    await expect(createDevnet({ storage: false, inft: true })).rejects.toThrow(DevnetOptionError);
    await expect(createDevnet({ compute: false, inft: { maxProofAge: 0 } })).rejects.toThrow(/inft.maxProofAge/);
    await expect(createDevnet({ compute: false, inft: { oracleKey: "0x00" } })).rejects.toThrow(/inft.oracleKey/);
  });
});

describe("transfer", () => {
  it("re-encrypts for the receiver, rotates the operator, and the token moves with the proofs", async () => {
    const [owner, receiver] = [t.user(1), t.user(2)];
    const { tokenId, root, agentKey } = await t.mint(owner, { name: "Ada", memory: ["hello"] });
    const { agentNft } = t;
    const read = t.publicClient.readContract;
    expect(await read({ address: agentNft, abi: agentNftAbi, functionName: "agentOperatorOf", args: [tokenId] })).toBe(privateKeyToAddress(agentKey));

    const { status, body } = await t.requestTransfer({ tokenId, from: owner, to: receiver });
    expect(status).toBe(200);
    const answer = body as OracleTransferResponse;
    expect(answer.newDataHashes).toHaveLength(1);
    expect(answer.newDataHashes[0]).not.toBe(root);
    expect(answer.sealedKeys).toEqual([answer.proofs[0]!.ownershipProof.sealedKey]);
    const ownership = answer.proofs[0]!.ownershipProof;
    expect(ownership).toMatchObject({ oracleType: 0, dataHash: root, targetPubkey: toRawPublicKey(receiver.publicKey) });
    expect(await recoverOwnershipProofSigner(ownership)).toBe(devnet.inft.oracle.address);
    const log = devnet.inft.oracle.requests.at(-1)!;
    expect(log).toMatchObject({ kind: "transfer", tokenId, from: owner.address, to: receiver.address, status: 200, error: undefined, operator: answer.operator });

    // Nothing changed on chain before the holder sends the proofs.
    expect(await t.dataHashes(tokenId)).toEqual([root]);
    const receipt = await t.write(owner, "iTransferFrom", [owner.address, receiver.address, tokenId, proofsOf(answer)]);
    expect(await read({ address: agentNft, abi: agentNftAbi, functionName: "ownerOf", args: [tokenId] })).toBe(receiver.address);
    expect(await t.dataHashes(tokenId)).toEqual(answer.newDataHashes);
    expect(await read({ address: agentNft, abi: agentNftAbi, functionName: "agentOperatorOf", args: [tokenId] })).toBe(answer.operator);
    const [published] = parseEventLogs({ abi: agentNftAbi, eventName: "PublishedSealedKey", logs: receipt.logs });
    expect(published!.args._sealedKeys).toEqual(answer.sealedKeys);

    // The receiver opens the new envelope (and the published sealed key); the old holder cannot.
    const envelope = await t.fetchData(answer.newDataHashes[0]!);
    expect(parseEnvelope(envelope).recipients.map((r) => r.address)).toEqual([receiver.address, devnet.inft.oracle.address]);
    const opened = decodeAgentMetadata(await decryptEnvelope(envelope, { privateKey: receiver.key }));
    expect(opened.data).toEqual({ name: "Ada", memory: ["hello"] });
    expect(privateKeyToAddress(opened.agentKey)).toBe(answer.operator);
    expect(opened.agentKey).not.toBe(agentKey);
    const dataKey = await eciesDecrypt(receiver.key, hexToBytes(answer.sealedKeys[0]!));
    expect(await decryptEnvelope(envelope, { dataKey })).toEqual(await decryptEnvelope(envelope, { privateKey: receiver.key }));
    await expect(decryptEnvelope(envelope, { privateKey: owner.key })).rejects.toBeInstanceOf(NotARecipientError);

    // The same proofs cannot be used twice; and the new holder can pass it on.
    const again = await t.requestTransfer({ tokenId, from: receiver, to: owner });
    expect(again.status).toBe(200);
    await t.write(receiver, "iTransferFrom", [receiver.address, owner.address, tokenId, proofsOf(again.body as OracleTransferResponse)]);
    expect(await read({ address: agentNft, abi: agentNftAbi, functionName: "ownerOf", args: [tokenId] })).toBe(owner.address);
  });

  it("seals to the access proof's targetPubkey, or to receiverPublicKey when a delegate signs", async () => {
    const [owner, receiver, assistant, other] = [t.user(1), t.user(2), t.user(3), t.user(4)];
    // targetPubkey: another key of the receiver's choosing.
    const { tokenId } = await t.mint(owner);
    const named = await t.requestTransfer({ tokenId, from: owner, to: receiver, targetPubkey: other.publicKey });
    expect(named.status).toBe(200);
    const answer = named.body as OracleTransferResponse;
    expect(answer.proofs[0]!.ownershipProof.targetPubkey).toBe(other.publicKey);
    await t.write(owner, "iTransferFrom", [owner.address, receiver.address, tokenId, proofsOf(answer)]);
    const envelope = await t.fetchData(answer.newDataHashes[0]!);
    expect(decodeAgentMetadata(await decryptEnvelope(envelope, { privateKey: other.key })).data).toMatchObject({ name: "Ada" });

    // A delegate signs the access proof; the receiver's key comes with the request.
    await t.write(receiver, "delegateAccess", [assistant.address]);
    const delegated = await t.requestTransfer({ tokenId, from: receiver, to: receiver, accessSigner: assistant, receiverPublicKey: receiver.publicKey });
    expect(delegated.status).toBe(200);
    await t.write(receiver, "iTransferFrom", [receiver.address, receiver.address, tokenId, proofsOf(delegated.body as OracleTransferResponse)]);
    const rotated = await t.fetchData((delegated.body as OracleTransferResponse).newDataHashes[0]!);
    expect(decodeAgentMetadata(await decryptEnvelope(rotated, { privateKey: receiver.key })).data).toMatchObject({ name: "Ada" });
  });

  it("moves a token with several data entries under one rotated agent key", async () => {
    const [owner, receiver] = [t.user(1), t.user(2)];
    const agentKey = generateAgentKey();
    const roots = [];
    for (const data of [{ part: "model" }, { part: "memory" }]) {
      const { envelope } = await encryptEnvelope({
        plaintext: encodeAgentMetadata({ agentKey, data }),
        recipients: [owner.publicKey, devnet.inft.oracle.publicKey],
        cipher: "xchacha20-poly1305",
      });
      roots.push(await t.store(owner, envelope));
    }
    const receipt = await t.write(owner, "mint", [roots.map((dataHash, i) => ({ dataDescription: `part ${i}`, dataHash })), owner.address, privateKeyToAddress(agentKey)]);
    const tokenId = parseEventLogs({ abi: agentNftAbi, eventName: "Transfer", logs: receipt.logs })[0]!.args.tokenId;
    const { status, body } = await t.requestTransfer({ tokenId, from: owner, to: receiver });
    expect(status).toBe(200);
    const answer = body as OracleTransferResponse;
    expect(answer.proofs).toHaveLength(2);
    await t.write(owner, "iTransferFrom", [owner.address, receiver.address, tokenId, proofsOf(answer)]);
    expect(await t.dataHashes(tokenId)).toEqual(answer.newDataHashes);
    const opened = await Promise.all(
      answer.newDataHashes.map(async (root) => decodeAgentMetadata(await decryptEnvelope(await t.fetchData(root), { privateKey: receiver.key }))),
    );
    expect(opened.map((m) => m.data)).toEqual([{ part: "model" }, { part: "memory" }]);
    expect(opened.map((m) => privateKeyToAddress(m.agentKey))).toEqual([answer.operator, answer.operator]);
    expect(parseEnvelope(await t.fetchData(answer.newDataHashes[0]!)).cipher).toBe("xchacha20-poly1305");
  });

  it("accepts a request signed by an approved address", async () => {
    const [owner, receiver, operator] = [t.user(1), t.user(2), t.user(3)];
    const { tokenId } = await t.mint(owner);
    await t.write(owner, "approve", [operator.address, tokenId]);
    const { status, body } = await t.requestTransfer({ tokenId, from: owner, to: receiver, signer: operator });
    expect(status).toBe(200);
    await t.write(operator, "iTransferFrom", [owner.address, receiver.address, tokenId, proofsOf(body as OracleTransferResponse)]);
    expect(await t.publicClient.readContract({ address: t.agentNft, abi: agentNftAbi, functionName: "ownerOf", args: [tokenId] })).toBe(receiver.address);
  });
});

describe("clone", () => {
  it("gives the receiver a new token with its own data and operator; the source is unchanged", async () => {
    const [owner, receiver] = [t.user(1), t.user(2)];
    const { tokenId, root, agentKey } = await t.mint(owner, { name: "Grace" });
    const { status, body } = await t.requestTransfer({ tokenId, from: owner, to: receiver, clone: true });
    expect(status).toBe(200);
    const answer = body as OracleTransferResponse;
    expect(devnet.inft.oracle.requests.at(-1)).toMatchObject({ kind: "clone", status: 200 });
    const receipt = await t.write(owner, "iCloneFrom", [owner.address, receiver.address, tokenId, proofsOf(answer)]);
    const [cloned] = parseEventLogs({ abi: agentNftAbi, eventName: "Cloned", logs: receipt.logs });
    const cloneId = cloned!.args._newTokenId;
    const read = t.publicClient.readContract;
    expect(await read({ address: t.agentNft, abi: agentNftAbi, functionName: "ownerOf", args: [cloneId] })).toBe(receiver.address);
    expect(await t.dataHashes(cloneId)).toEqual(answer.newDataHashes);
    expect(await read({ address: t.agentNft, abi: agentNftAbi, functionName: "agentOperatorOf", args: [cloneId] })).toBe(answer.operator);
    // The source keeps its holder, data and operator.
    expect(await read({ address: t.agentNft, abi: agentNftAbi, functionName: "ownerOf", args: [tokenId] })).toBe(owner.address);
    expect(await t.dataHashes(tokenId)).toEqual([root]);
    expect(await read({ address: t.agentNft, abi: agentNftAbi, functionName: "agentOperatorOf", args: [tokenId] })).toBe(privateKeyToAddress(agentKey));
    const envelope = await t.fetchData(answer.newDataHashes[0]!);
    expect(decodeAgentMetadata(await decryptEnvelope(envelope, { privateKey: receiver.key })).data).toEqual({ name: "Grace" });
    await expect(decryptEnvelope(envelope, { privateKey: owner.key })).rejects.toBeInstanceOf(NotARecipientError);
  });
});

describe("access", () => {
  it("answers the data (never the agent key) sealed to an authorised user, and refuses after revokeAuthorization", async () => {
    const [owner, user, stranger] = [t.user(1), t.user(3), t.user(4)];
    const { tokenId } = await t.mint(owner, { name: "Hopper", prompt: "be kind" });
    const refused = await t.requestAccess({ tokenId, user });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: "not_authorized" } });

    await t.write(owner, "authorizeUsage", [tokenId, user.address]);
    const granted = await t.requestAccess({ tokenId, user });
    expect(granted.status).toBe(200);
    const { sealedData } = granted.body as { sealedData: `0x${string}`[] };
    expect(sealedData).toHaveLength(1);
    const plain = new TextDecoder().decode(await eciesDecrypt(user.key, hexToBytes(sealedData[0]!)));
    expect(JSON.parse(plain)).toEqual({ name: "Hopper", prompt: "be kind" });
    expect(plain).not.toContain("agentKey");
    await expect(eciesDecrypt(stranger.key, hexToBytes(sealedData[0]!))).rejects.toThrow();
    // The holder may ask too; a request signed by someone else is refused.
    expect((await t.requestAccess({ tokenId, user: owner })).status).toBe(200);
    expect((await t.requestAccess({ tokenId, user, signer: stranger })).body).toMatchObject({ error: { code: "bad_signature" } });
    expect((await t.requestAccess({ tokenId, user, deadline: 1n })).body).toMatchObject({ error: { code: "expired" } });
    expect((await t.requestAccess({ tokenId, user, dataHashes: [`0x${"ab".repeat(32)}`] })).body).toMatchObject({ error: { code: "stale_data" } });

    await t.write(owner, "revokeAuthorization", [tokenId, user.address]);
    const revoked = await t.requestAccess({ tokenId, user });
    expect(revoked.status).toBe(403);
    expect(revoked.body).toMatchObject({ error: { code: "not_authorized" } });
  });
});

describe("chain time", () => {
  it("judges deadlines and nonces by the chain's clock, not the wall clock", async () => {
    const past = await createDevnet({ compute: false, genesisTimestamp: Math.floor(Date.now() / 1000) - 30 * 24 * 3600 });
    try {
      const h = await inftHarness(past);
      const [owner, receiver] = [h.user(1), h.user(2)];
      const { tokenId } = await h.mint(owner);
      const { status, body } = await h.requestTransfer({ tokenId, from: owner, to: receiver });
      expect(status).toBe(200);
      await h.write(owner, "iTransferFrom", [owner.address, receiver.address, tokenId, proofsOf(body as OracleTransferResponse)]);
      // Eight days later, a nonce issued now has expired.
      const issuedAt = await h.chainTime();
      await past.increaseTime(8 * 24 * 3600);
      const late = await h.requestTransfer({ tokenId, from: receiver, to: owner, issuedAt });
      expect(late.body).toMatchObject({ error: { code: "expired" } });
    } finally {
      await past.stop();
    }
  });
});

describe("snapshots", () => {
  it("keeps working across snapshot and revert", async () => {
    const [owner, receiver] = [t.user(1), t.user(2)];
    const { tokenId, root } = await t.mint(owner);
    const id = await devnet.snapshot();
    const first = await t.requestTransfer({ tokenId, from: owner, to: receiver });
    await t.write(owner, "iTransferFrom", [owner.address, receiver.address, tokenId, proofsOf(first.body as OracleTransferResponse)]);
    expect(await t.dataHashes(tokenId)).toEqual((first.body as OracleTransferResponse).newDataHashes);

    await devnet.revert(id);
    expect(await t.dataHashes(tokenId)).toEqual([root]);
    expect(await t.publicClient.readContract({ address: t.agentNft, abi: agentNftAbi, functionName: "ownerOf", args: [tokenId] })).toBe(owner.address);
    // The minted data is still on the nodes (it was stored before the snapshot); the oracle serves again.
    const second = await t.requestTransfer({ tokenId, from: owner, to: receiver });
    expect(second.status).toBe(200);
    await t.write(owner, "iTransferFrom", [owner.address, receiver.address, tokenId, proofsOf(second.body as OracleTransferResponse)]);
    const envelope = await t.fetchData((second.body as OracleTransferResponse).newDataHashes[0]!);
    expect(decodeAgentMetadata(await decryptEnvelope(envelope, { privateKey: receiver.key })).data).toMatchObject({ name: "Ada" });
  });
});
