import { agentNftAbi } from "@0g/contracts";
import type { OracleErrorBody, OracleTransferResponse } from "@0g/inft";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevnet, type Devnet } from "../index.js";
import { inftHarness, proofsOf, type InftHarness, type TransferParams } from "./test-helpers.js";

let devnet: Devnet;
let t: InftHarness;

beforeAll(async () => {
  // No PoRA mining: a refused request must leave the chain exactly as it was, block number included.
  devnet = await createDevnet({ compute: false, storage: { mining: "manual" } });
  t = await inftHarness(devnet);
});
afterAll(() => devnet?.stop());

/** Posts the request and checks the refusal: code, status, and that nothing was uploaded or sent. */
async function refused(params: TransferParams, code: OracleErrorBody["error"]["code"], status: number, message?: RegExp) {
  const before = { block: await t.publicClient.getBlockNumber({ cacheTime: 0 }), payer: await t.payerNonce(), hashes: await t.dataHashes(params.tokenId).catch(() => []) };
  const { status: got, body } = await t.requestTransfer(params);
  expect(body).toMatchObject({ error: { code } });
  expect(got).toBe(status);
  if (message) expect((body as OracleErrorBody).error.message).toMatch(message);
  expect(await t.publicClient.getBlockNumber({ cacheTime: 0 })).toBe(before.block);
  expect(await t.payerNonce()).toBe(before.payer);
  expect(await t.dataHashes(params.tokenId).catch(() => [])).toEqual(before.hashes);
  expect(devnet.inft.oracle.requests.at(-1)).toMatchObject({ status, error: { code }, newDataHashes: undefined });
}

describe("the oracle refuses, uploading and sending nothing", () => {
  it("a request by someone who does not hold the token (or for a token that does not exist)", async () => {
    const [owner, receiver, stranger] = [t.user(1), t.user(2), t.user(4)];
    const { tokenId } = await t.mint(owner);
    await refused({ tokenId, from: stranger, to: receiver }, "not_holder", 403, /does not hold/);
    await refused({ tokenId, from: owner, signer: stranger, to: receiver }, "not_holder", 403, /neither holds .* nor is approved/);
    await refused({ tokenId: 10_000n, from: owner, to: receiver, dataHashes: [`0x${"11".repeat(32)}`] }, "not_holder", 403, /does not exist/);
  });

  it("stale data hashes, a passed deadline, stale or future access nonces", async () => {
    const [owner, receiver] = [t.user(1), t.user(2)];
    const { tokenId } = await t.mint(owner);
    await refused({ tokenId, from: owner, to: receiver, dataHashes: [`0x${"ab".repeat(32)}`] }, "stale_data", 409);
    const now = await t.chainTime();
    await refused({ tokenId, from: owner, to: receiver, deadline: now - 1000n }, "expired", 410, /deadline/);
    await refused({ tokenId, from: owner, to: receiver, issuedAt: now - 8n * 24n * 3600n }, "expired", 410, /expired at/);
    await refused({ tokenId, from: owner, to: receiver, issuedAt: now + 3600n }, "expired", 410, /not valid yet/);
  });

  it("access proofs by a stranger, for other data, or used before", async () => {
    const [owner, receiver, stranger] = [t.user(1), t.user(2), t.user(4)];
    const { tokenId } = await t.mint(owner);
    await refused({ tokenId, from: owner, to: receiver, accessSigner: stranger }, "bad_access_proof", 422, /neither the receiver/);
    await refused({ tokenId, from: owner, to: receiver, accessDataHashes: [`0x${"cd".repeat(32)}`] }, "bad_access_proof", 422, /is for data hash/);
    // A clone leaves the source's data as it is: replaying its request finds the access nonce used.
    const { body, request } = await t.requestTransfer({ tokenId, from: owner, to: receiver, clone: true });
    await t.write(owner, "iCloneFrom", [owner.address, receiver.address, tokenId, proofsOf(body as OracleTransferResponse)]);
    const payer = await t.payerNonce();
    const replay = await fetch(`${t.oracleUrl}/v1/transfer`, { method: "POST", body: JSON.stringify(request) });
    expect(replay.status).toBe(422);
    expect(await replay.json()).toMatchObject({ error: { code: "bad_access_proof", message: expect.stringMatching(/used before/) } });
    expect(await t.payerNonce()).toBe(payer);
  });

  it("an unknown receiver key", async () => {
    const [owner, receiver, assistant, stranger] = [t.user(1), t.user(2), t.user(3), t.user(4)];
    const { tokenId } = await t.mint(owner);
    await t.write(receiver, "delegateAccess", [assistant.address]);
    // The delegate signs and nobody says which key is the receiver's.
    await refused({ tokenId, from: owner, to: receiver, accessSigner: assistant }, "receiver_key_unknown", 422, /public key is unknown/);
    // receiverPublicKey of someone else (the token would refuse the proof).
    await refused({ tokenId, from: owner, to: receiver, accessSigner: assistant, receiverPublicKey: stranger.publicKey }, "receiver_key_unknown", 422, /not of the receiver/);
    await refused({ tokenId, from: owner, to: receiver, targetPubkey: "0x0102" }, "receiver_key_unknown", 422, /not a secp256k1 public key/);
    await t.write(receiver, "delegateAccess", ["0x0000000000000000000000000000000000000000"]);
  });

  it("data not sealed to the oracle, altered before upload, or not on 0G Storage", async () => {
    const [owner, receiver] = [t.user(1), t.user(2)];
    const notSealed = await t.mint(owner, { name: "private" }, { recipients: [owner.publicKey] });
    await refused({ tokenId: notSealed.tokenId, from: owner, to: receiver }, "not_sealed_to_oracle", 422, /not to the oracle/);
    const corrupt = await t.mint(owner, { name: "altered" }, { tamper: true });
    await refused({ tokenId: corrupt.tokenId, from: owner, to: receiver }, "data_corrupt", 422, /authentication failed/);
    const access = await t.requestAccess({ tokenId: corrupt.tokenId, user: owner });
    expect(access).toMatchObject({ status: 422, body: { error: { code: "data_corrupt" } } });
    const receipt = await t.write(owner, "mint", [[{ dataDescription: "missing", dataHash: `0x${"ee".repeat(32)}` }], owner.address]);
    const tokenId = BigInt(receipt.logs.find((l) => l.address.toLowerCase() === t.agentNft.toLowerCase())!.topics[3]!);
    await refused({ tokenId, from: owner, to: receiver }, "data_unavailable", 502, /could not be downloaded/);
  });

  it("an unknown contract, a bad signature, malformed bodies", async () => {
    const [owner, receiver] = [t.user(1), t.user(2)];
    const { tokenId } = await t.mint(owner);
    await refused({ tokenId, from: owner, to: receiver, agentNft: "0x000000000000000000000000000000000000bEEF" }, "unknown_contract", 404);

    const { request } = await t.requestTransfer({ tokenId, from: owner, to: receiver, deadline: 1n });
    const post = async (body: unknown) => {
      const res = await fetch(`${t.oracleUrl}/v1/transfer`, { method: "POST", body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as OracleErrorBody };
    };
    const fresh = { ...request, deadline: String((await t.chainTime()) + 600n) };
    expect(await post({ ...fresh, signature: "0x1234" })).toMatchObject({ status: 401, body: { error: { code: "bad_signature" } } });
    expect(await post({ ...fresh, tokenId: "-1" })).toMatchObject({ status: 400, body: { error: { code: "bad_request", message: expect.stringMatching(/tokenId/) } } });
    expect(await post({ ...fresh, to: "0x1234" })).toMatchObject({ status: 400, body: { error: { code: "bad_request", message: expect.stringMatching(/"to"/) } } });
    expect(await post({ ...fresh, accessProofs: [] })).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
    expect(await post({ ...fresh, clone: "yes" })).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
    expect(await post([1, 2])).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
    expect(await post({ ...fresh, to: "0x0000000000000000000000000000000000000000" })).toMatchObject({ status: 400 });
    // The token is where it was.
    expect(await t.publicClient.readContract({ address: t.agentNft, abi: agentNftAbi, functionName: "ownerOf", args: [tokenId] })).toBe(owner.address);
  });
});
