import type { Address, Hex } from "viem";
import type { AccessProof, TransferValidityProof } from "../proof/proofs.js";

// The re-encryption oracle's HTTP API (JSON; bigints as decimal strings). 0G ships contracts and
// no oracle API, so this kit defines it; the devnet's oracle serves it and `@0g/inft` calls it.
//
//   GET  {oracle}/v1/info       -> OracleInfo
//   POST {oracle}/v1/transfer   OracleTransferRequest -> OracleTransferResponse   (transfers and clones)
//   POST {oracle}/v1/access     OracleAccessRequest   -> OracleAccessResponse     (authorised users)
//
// Errors: HTTP 4xx/5xx with `{ "error": { "code": OracleErrorCode, "message": string } }`.

/** `GET /v1/info`: who the oracle is. `publicKey` is what mints seal the data key to. */
export type OracleInfo = {
  /** The TEE signing address (the Verifier's `teeOracleAddress`). */
  address: Address;
  /** Its secp256k1 public key, 65-byte uncompressed hex. */
  publicKey: Hex;
  chainId: number;
  /** The token contracts it serves. */
  agentNfts: Address[];
};

/**
 * `POST /v1/transfer`: the holder asks the oracle to re-encrypt a token's data for `to`.
 *
 * The oracle checks: `signature` is a `TransferRequest` (EIP-712, `oracleRequestDomain`) by `from`
 * or an address approved for the token; `from` holds the token; `dataHashes` are the token's
 * current data hashes; `deadline` has not passed; one access proof per data entry, each signed by
 * `to` or `to`'s delegate, over that entry's data hash, with a 32-byte nonce (`issuedAt` 8 bytes
 * big-endian | 24-byte salt). The receiver's public key is the access proof's `targetPubkey` when
 * given, else `receiverPublicKey`, else recovered from an access proof signed by `to` itself.
 *
 * It then decrypts each entry, rotates the agent key (one new key for all entries), encrypts under
 * fresh data keys sealed to the receiver and to itself, stores the new envelopes on 0G Storage,
 * and signs one ownership proof per entry whose nonce is
 * `accessNonce (32 B) | newDataHash (32 B) | newOperator (20 B)`.
 */
export type OracleTransferRequest = {
  agentNft: Address;
  tokenId: string;
  from: Address;
  to: Address;
  clone: boolean;
  dataHashes: Hex[];
  deadline: string;
  signature: Hex;
  accessProofs: AccessProof[];
  receiverPublicKey?: Hex | undefined;
};

export type OracleTransferResponse = {
  /** For `iTransferFrom` / `iCloneFrom`, in the token's data order. */
  proofs: TransferValidityProof[];
  /** The new envelopes' storage roots (the token's data hashes after the transfer). */
  newDataHashes: Hex[];
  /** The new agent key's address (the account's operator after the transfer). */
  operator: Address;
  /** Each proof's sealed key: the new data key sealed to the receiver. */
  sealedKeys: Hex[];
};

/**
 * `POST /v1/access`: a holder or authorised user asks for the agent's data. `signature` is an
 * `AccessRequest` by `user`; the oracle checks that `user` holds the token or is in
 * `authorizedUsersOf(tokenId)` and that `dataHashes` are current, then returns each entry's `data`
 * (never the agent key) as UTF-8 JSON sealed with ECIES to `publicKey`.
 */
export type OracleAccessRequest = {
  agentNft: Address;
  tokenId: string;
  user: Address;
  publicKey: Hex;
  dataHashes: Hex[];
  deadline: string;
  signature: Hex;
};

export type OracleAccessResponse = {
  /** Per data entry: ECIES(publicKey, JSON of the metadata's `data`). */
  sealedData: Hex[];
};

/** Stable reasons an oracle refuses a request. */
export type OracleErrorCode =
  | "bad_request"
  | "unknown_contract"
  | "bad_signature"
  | "not_holder"
  | "not_authorized"
  | "stale_data"
  | "expired"
  | "bad_access_proof"
  | "receiver_key_unknown"
  | "data_unavailable"
  | "not_sealed_to_oracle"
  | "data_corrupt"
  | "internal";

export type OracleErrorBody = { error: { code: OracleErrorCode; message: string } };

/** The 32-byte access nonce the Verifier expects: `issuedAt` (uint64 BE) | 24 random bytes. */
export function accessNonce(issuedAt: number | bigint, salt: Uint8Array = globalThis.crypto.getRandomValues(new Uint8Array(24))): Hex {
  const out = new Uint8Array(32);
  new DataView(out.buffer).setBigUint64(0, BigInt(issuedAt));
  out.set(salt.subarray(0, 24), 8);
  return `0x${Array.from(out, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The Verifier's `MAX_CLOCK_SKEW`: how far (seconds) an access nonce's `issuedAt` may be ahead of chain time. */
export const accessNonceMaxClockSkew = 15n * 60n;

/** Reads an access nonce: its `issuedAt` (0 is invalid to the Verifier), or undefined when it is not 32 bytes of hex. */
export function parseAccessNonce(nonce: Hex): { issuedAt: bigint } | undefined {
  if (!/^0x[0-9a-fA-F]{64}$/.test(nonce)) return undefined;
  return { issuedAt: BigInt(nonce.slice(0, 18)) };
}

/** The ownership nonce of a rotating transfer: `accessNonce | newDataHash | newOperator`. */
export function ownershipNonce({ accessNonce, newDataHash, newOperator }: { accessNonce: Hex; newDataHash: Hex; newOperator: Address }): Hex {
  return `0x${accessNonce.slice(2)}${newDataHash.slice(2)}${newOperator.slice(2).toLowerCase()}` as Hex;
}

/** Reads an ownership nonce back. */
export function parseOwnershipNonce(nonce: Hex): { accessNonce: Hex; newDataHash: Hex; newOperator: Address } | undefined {
  if (!/^0x[0-9a-fA-F]*$/.test(nonce) || nonce.length < 2 + 2 * 84) return undefined;
  return {
    accessNonce: `0x${nonce.slice(2, 66)}`,
    newDataHash: `0x${nonce.slice(66, 130)}`,
    newOperator: `0x${nonce.slice(130, 170)}` as Address,
  };
}
