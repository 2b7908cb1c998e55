import {
  accessProofMessage,
  generateAgentKey,
  ownershipNonce,
  parseEnvelope,
  publicKeyAddress,
  recoverAccessProofSigner,
  recoverTransferRequestSigner,
  reencryptAgent,
  signOwnershipProof,
  toRawPublicKey,
  toUncompressedPublicKey,
  type AccessProof,
  type OracleTransferResponse,
  type OwnershipProof,
  type TransferValidityProof,
} from "@0g/inft";
import { bytesToHex, hashMessage, isAddressEqual, recoverPublicKey, zeroAddress, type Address, type Hex } from "viem";
import type { HttpRequest, HttpResponse } from "../server/http.js";
import { chainSeconds, checkAccessNonce, checkCurrentData, delegateOf, maxProofAge, mayMove, ownerOf } from "./chain-reads.js";
import { accessProofs, address, boolean, bytes32Array, hex, objectBody, optionalHex, uint } from "./parse.js";
import { OracleRefusal, unreadableDataRefusal } from "./refusal.js";
import { answer, json, readJson, servesContract, type OracleContext, type RequestRecord } from "./routes.js";
import { downloadEnvelope, uploadEnvelope } from "./storage-io.js";

/** A `POST /v1/transfer` body, checked for shape. */
type TransferRequest = {
  agentNft: Address;
  tokenId: bigint;
  from: Address;
  to: Address;
  clone: boolean;
  dataHashes: Hex[];
  deadline: bigint;
  signature: Hex;
  accessProofs: AccessProof[];
  receiverPublicKey: Hex | undefined;
};

function parseTransfer(body: Record<string, unknown>): TransferRequest {
  return {
    agentNft: address(body, "agentNft"),
    tokenId: uint(body, "tokenId", 256),
    from: address(body, "from"),
    to: address(body, "to"),
    clone: boolean(body, "clone"),
    dataHashes: bytes32Array(body, "dataHashes"),
    deadline: uint(body, "deadline", 64),
    signature: hex(body.signature, "signature"),
    accessProofs: accessProofs(body, "accessProofs"),
    receiverPublicKey: optionalHex(body, "receiverPublicKey"),
  };
}

/**
 * `POST /v1/transfer` (transfers and clones), as `@0g/inft`'s `oracle/protocol.ts` specifies:
 * every check first (nothing is uploaded or signed for a request that is refused), then the
 * re-encryption with one rotated agent key, the uploads, and one ownership proof per entry.
 */
export async function serveTransfer(ctx: OracleContext, request: HttpRequest): Promise<HttpResponse> {
  const record: RequestRecord = { kind: "transfer", receivedAt: Date.now() };
  return answer(ctx, record, async () => {
    const body = objectBody(readJson(request));
    if (body.clone === true) record.kind = "clone";
    const req = parseTransfer(body);
    Object.assign(record, { agentNft: req.agentNft, tokenId: req.tokenId, from: req.from, to: req.to });
    const checked = await checkTransfer(ctx, req);
    const response = await reencrypt(ctx, req, checked);
    record.newDataHashes = response.newDataHashes;
    record.operator = response.operator;
    return json(response);
  });
}

/** What the checks establish: per entry, the key to seal to and the `targetPubkey` the ownership proof names. */
type Checked = { receivers: { sealTo: Uint8Array; targetPubkey: Hex }[] };

async function checkTransfer(ctx: OracleContext, req: TransferRequest): Promise<Checked> {
  if (!servesContract(ctx, req.agentNft))
    throw new OracleRefusal("unknown_contract", `This oracle serves ${ctx.contracts.agentNft}, not ${req.agentNft}.`);
  if (isAddressEqual(req.to, zeroAddress)) throw new OracleRefusal("bad_request", `"to" must not be the zero address.`);
  const now = await chainSeconds(ctx);
  if (req.deadline < now) throw new OracleRefusal("expired", `The request's deadline ${req.deadline} has passed (chain time ${now}).`);

  let signer: Address;
  try {
    signer = await recoverTransferRequestSigner(
      { chainId: ctx.chainId, agentNft: req.agentNft },
      { tokenId: req.tokenId, from: req.from, to: req.to, clone: req.clone, dataHashes: req.dataHashes, deadline: req.deadline },
      req.signature,
    );
  } catch (error) {
    throw new OracleRefusal("bad_signature", `The TransferRequest signature cannot be recovered: ${(error as Error).message.split("\n")[0]}`);
  }
  const owner = await ownerOf(ctx, req.tokenId);
  if (!isAddressEqual(owner, req.from)) throw new OracleRefusal("not_holder", `${req.from} does not hold token ${req.tokenId}; ${owner} does.`);
  if (!(await mayMove(ctx, owner, signer, req.tokenId)))
    throw new OracleRefusal("not_holder", `The request is signed by ${signer}, which neither holds token ${req.tokenId} nor is approved for it.`);
  await checkCurrentData(ctx, req.tokenId, req.dataHashes);

  if (req.accessProofs.length !== req.dataHashes.length)
    throw new OracleRefusal("bad_access_proof", `Expected one access proof per data entry (${req.dataHashes.length}), got ${req.accessProofs.length}.`);
  const [delegate, maxAge] = await Promise.all([delegateOf(ctx, req.to), maxProofAge(ctx)]);
  const nonces = new Set<string>();
  const receivers: Checked["receivers"] = [];
  for (const [i, proof] of req.accessProofs.entries()) {
    if (proof.dataHash !== req.dataHashes[i]) throw new OracleRefusal("bad_access_proof", `Access proof ${i} is for data hash ${proof.dataHash}, not ${req.dataHashes[i]}.`);
    if (nonces.has(proof.nonce)) throw new OracleRefusal("bad_access_proof", `Access proof ${i} repeats another proof's nonce.`);
    nonces.add(proof.nonce);
    let assistant: Address;
    try {
      assistant = await recoverAccessProofSigner(proof);
    } catch {
      throw new OracleRefusal("bad_access_proof", `Access proof ${i}'s signature cannot be recovered.`);
    }
    if (!isAddressEqual(assistant, req.to) && !(delegate && isAddressEqual(assistant, delegate)))
      throw new OracleRefusal("bad_access_proof", `Access proof ${i} is signed by ${assistant}, neither the receiver ${req.to} nor its delegate${delegate ? ` ${delegate}` : " (it has none)"}.`);
    await checkAccessNonce(ctx, proof.nonce, i, now, maxAge);
    receivers.push(await receiverKey(req, proof, i, assistant));
  }
  return { receivers };
}

/**
 * The key entry `i`'s new data key is sealed to: the access proof's `targetPubkey` when it names one
 * (the proof carries it unchanged), else `receiverPublicKey`, else the key recovered from an access
 * proof `to` signed itself; in both latter cases `to`'s own key (the token checks its address).
 */
async function receiverKey(req: TransferRequest, proof: AccessProof, i: number, assistant: Address): Promise<Checked["receivers"][number]> {
  if (proof.targetPubkey !== "0x") {
    try {
      return { sealTo: toUncompressedPublicKey(proof.targetPubkey), targetPubkey: proof.targetPubkey };
    } catch {
      throw new OracleRefusal("receiver_key_unknown", `Access proof ${i}'s targetPubkey is not a secp256k1 public key (33, 64 or 65 bytes).`);
    }
  }
  if (req.receiverPublicKey !== undefined) {
    let key: Uint8Array;
    try {
      key = toUncompressedPublicKey(req.receiverPublicKey);
    } catch {
      throw new OracleRefusal("receiver_key_unknown", "receiverPublicKey is not a secp256k1 public key (33, 64 or 65 bytes).");
    }
    if (!isAddressEqual(publicKeyAddress(key), req.to))
      throw new OracleRefusal(
        "receiver_key_unknown",
        `receiverPublicKey is the key of ${publicKeyAddress(key)}, not of the receiver ${req.to}: to seal to another key, name it as the access proofs' targetPubkey.`,
      );
    return { sealTo: key, targetPubkey: toRawPublicKey(key) };
  }
  if (isAddressEqual(assistant, req.to)) {
    const recovered = await recoverPublicKey({ hash: hashMessage(accessProofMessage(proof)), signature: proof.proof });
    return { sealTo: toUncompressedPublicKey(recovered), targetPubkey: toRawPublicKey(recovered) };
  }
  throw new OracleRefusal(
    "receiver_key_unknown",
    `Access proof ${i} was signed by the receiver's delegate and names no targetPubkey, and the request has no receiverPublicKey: the receiver's public key is unknown.`,
  );
}

/** Downloads and re-encrypts every entry (one new agent key for all), then uploads and signs. */
async function reencrypt(ctx: OracleContext, req: TransferRequest, { receivers }: Checked): Promise<OracleTransferResponse> {
  const envelopes: Uint8Array[] = [];
  for (const [i, root] of req.dataHashes.entries()) {
    const envelope = await downloadEnvelope(ctx, root, i);
    let recipients: readonly { address: Address }[];
    try {
      recipients = parseEnvelope(envelope).recipients;
    } catch (error) {
      throw new OracleRefusal("data_unavailable", `Data ${i} (root ${root}) is not an INFT metadata envelope: ${(error as { details?: string }).details ?? (error as Error).message}`);
    }
    if (!recipients.some((r) => isAddressEqual(r.address, ctx.tee.address)))
      throw new OracleRefusal(
        "not_sealed_to_oracle",
        `Data ${i}'s key is sealed to ${recipients.map((r) => r.address).join(", ")}, not to the oracle ${ctx.tee.address}: mint with the oracle's public key (GET /v1/info) among the recipients.`,
      );
    envelopes.push(envelope);
  }
  const newAgentKey = generateAgentKey();
  const results = [];
  for (const [i, envelope] of envelopes.entries()) {
    try {
      results.push(await reencryptAgent({ envelope, oracleKey: ctx.teeKey, receiverPublicKey: receivers[i]!.sealTo, newAgentKey }));
    } catch (error) {
      throw unreadableDataRefusal(error, i, req.dataHashes[i]!);
    }
  }
  const operator = results[0]!.operator;

  const newDataHashes: Hex[] = [];
  for (const result of results) {
    try {
      newDataHashes.push(await uploadEnvelope(ctx, result.envelope));
    } catch (error) {
      if (error instanceof OracleRefusal) throw error;
      throw new OracleRefusal("internal", `The re-encrypted data could not be stored on 0G Storage: ${(error as Error).message.split("\n")[0]}`);
    }
  }

  const proofs: TransferValidityProof[] = [];
  for (const [i, accessProof] of req.accessProofs.entries()) {
    const fields = {
      dataHash: accessProof.dataHash,
      sealedKey: results[i]!.sealedKey,
      targetPubkey: receivers[i]!.targetPubkey,
      nonce: ownershipNonce({ accessNonce: accessProof.nonce, newDataHash: newDataHashes[i]!, newOperator: operator }),
    };
    proofs.push({ accessProof, ownershipProof: await signOwnership(ctx, fields) });
  }
  return { proofs, newDataHashes, operator, sealedKeys: results.map((r) => r.sealedKey) };
}

/** Signs an ownership proof with the TEE key, or as the current fault says. */
async function signOwnership(ctx: OracleContext, fields: Omit<OwnershipProof, "proof" | "oracleType">): Promise<OwnershipProof> {
  switch (ctx.state.lying) {
    case "wrongKey":
      return signOwnershipProof(ctx.liar, fields);
    case "garbage": {
      const proof = await signOwnershipProof(ctx.liar, fields);
      return { ...proof, proof: bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(65))) };
    }
    default:
      return signOwnershipProof(ctx.tee, fields);
  }
}
