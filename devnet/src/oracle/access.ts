import { decodeAgentMetadata, decryptEnvelope, eciesEncrypt, recoverAccessRequestSigner, toUncompressedPublicKey, type OracleAccessResponse } from "@0g/inft";
import { bytesToHex, isAddressEqual, type Address, type Hex } from "viem";
import type { HttpRequest, HttpResponse } from "../server/http.js";
import { authorizedUsersOf, chainSeconds, checkCurrentData, ownerOf } from "./chain-reads.js";
import { address, bytes32Array, hex, objectBody, uint } from "./parse.js";
import { OracleRefusal, unreadableDataRefusal } from "./refusal.js";
import { answer, json, readJson, servesContract, type OracleContext, type RequestRecord } from "./routes.js";
import { downloadEnvelope } from "./storage-io.js";

/**
 * `POST /v1/access`: a holder or authorised user asks for the agent's data. After checking the
 * `AccessRequest` signature (by `user`), that `user` holds the token or is in
 * `authorizedUsersOf(tokenId)`, the deadline and the data hashes, the oracle decrypts each entry
 * and answers its `data` (never the agent key) as UTF-8 JSON sealed with ECIES to `publicKey`.
 */
export async function serveAccess(ctx: OracleContext, request: HttpRequest): Promise<HttpResponse> {
  const record: RequestRecord = { kind: "access", receivedAt: Date.now() };
  return answer(ctx, record, async () => {
    const body = objectBody(readJson(request));
    const req = {
      agentNft: address(body, "agentNft"),
      tokenId: uint(body, "tokenId", 256),
      user: address(body, "user"),
      publicKey: hex(body.publicKey, "publicKey"),
      dataHashes: bytes32Array(body, "dataHashes"),
      deadline: uint(body, "deadline", 64),
      signature: hex(body.signature, "signature"),
    };
    Object.assign(record, { agentNft: req.agentNft, tokenId: req.tokenId, from: req.user });
    if (!servesContract(ctx, req.agentNft))
      throw new OracleRefusal("unknown_contract", `This oracle serves ${ctx.contracts.agentNft}, not ${req.agentNft}.`);
    let sealTo: Uint8Array;
    try {
      sealTo = toUncompressedPublicKey(req.publicKey);
    } catch {
      throw new OracleRefusal("bad_request", `"publicKey" must be a secp256k1 public key (33, 64 or 65 bytes).`);
    }
    const now = await chainSeconds(ctx);
    if (req.deadline < now) throw new OracleRefusal("expired", `The request's deadline ${req.deadline} has passed (chain time ${now}).`);
    let signer: Address;
    try {
      signer = await recoverAccessRequestSigner({ chainId: ctx.chainId, agentNft: req.agentNft }, req, req.signature);
    } catch (error) {
      throw new OracleRefusal("bad_signature", `The AccessRequest signature cannot be recovered: ${(error as Error).message.split("\n")[0]}`);
    }
    if (!isAddressEqual(signer, req.user)) throw new OracleRefusal("bad_signature", `The AccessRequest is signed by ${signer}, not by the user ${req.user}.`);
    const [owner, users] = await Promise.all([ownerOf(ctx, req.tokenId), authorizedUsersOf(ctx, req.tokenId)]);
    if (!isAddressEqual(owner, req.user) && !users.some((u) => isAddressEqual(u, req.user)))
      throw new OracleRefusal("not_authorized", `${req.user} neither holds token ${req.tokenId} nor is among its authorised users.`);
    await checkCurrentData(ctx, req.tokenId, req.dataHashes);

    const sealedData: Hex[] = [];
    for (const [i, root] of req.dataHashes.entries()) {
      const envelope = await downloadEnvelope(ctx, root, i);
      let data: unknown;
      try {
        data = decodeAgentMetadata(await decryptEnvelope(envelope, { privateKey: ctx.teeKey })).data;
      } catch (error) {
        throw unreadableDataRefusal(error, i, root);
      }
      sealedData.push(bytesToHex(await eciesEncrypt(sealTo, new TextEncoder().encode(JSON.stringify(data)))));
    }
    const response: OracleAccessResponse = { sealedData };
    return json(response);
  });
}
