import { isAddress, isHex, getAddress, type Address, type Hex } from "viem";
import { InvalidOracleResponseError, OracleRequestError, OracleUnavailableError } from "../errors.js";
import type { AccessProof, OwnershipProof, TransferValidityProof } from "../proof/proofs.js";
import type {
  OracleAccessRequest,
  OracleAccessResponse,
  OracleErrorCode,
  OracleInfo,
  OracleTransferRequest,
  OracleTransferResponse,
} from "../oracle/protocol.js";

/** A `fetch` implementation (the global one by default). */
export type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** How the actions that talk to the oracle reach it. */
export type OracleHttpParameters = {
  /** Milliseconds to wait for the oracle's answer (a transfer includes its upload to 0G Storage). @default 120_000 */
  oracleTimeout?: number | undefined;
  /** The `fetch` to call the oracle with. @default globalThis.fetch */
  fetch?: FetchFn | undefined;
};

const oracleCodes: readonly OracleErrorCode[] = [
  "bad_request",
  "unknown_contract",
  "bad_signature",
  "not_holder",
  "not_authorized",
  "stale_data",
  "expired",
  "bad_access_proof",
  "receiver_key_unknown",
  "data_unavailable",
  "not_sealed_to_oracle",
  "data_corrupt",
  "internal",
];

/**
 * Calls the oracle: GET without a body, POST with a JSON one (bigints as decimal strings).
 * No answer → {@link OracleUnavailableError}; an error answer → {@link OracleRequestError} with the
 * protocol's `oracleCode` (a gateway 502/503/504 without one → unavailable); a body that is not
 * JSON → {@link InvalidOracleResponseError}.
 */
export async function callOracle(base: string, path: `/${string}`, body: unknown, { oracleTimeout = 120_000, fetch: fetchFn }: OracleHttpParameters = {}): Promise<unknown> {
  const url = `${base}${path}`;
  const fetcher = fetchFn ?? globalThis.fetch;
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    oracleTimeout > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, oracleTimeout)
      : undefined;
  let response: Response;
  let text: string;
  try {
    response = await fetcher(url, {
      method: body === undefined ? "GET" : "POST",
      signal: controller.signal,
      ...(body === undefined
        ? {}
        : { headers: { "content-type": "application/json" }, body: JSON.stringify(body, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) }),
    });
    text = await response.text();
  } catch (cause) {
    throw new OracleUnavailableError({ url, reason: timedOut ? "timeout" : "connection", timeout: oracleTimeout, cause });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
  let json: unknown;
  let parsed = true;
  try {
    json = JSON.parse(text);
  } catch {
    parsed = false;
  }
  if (!response.ok) {
    const error = parsed ? (json as { error?: { code?: unknown; message?: unknown } } | null)?.error : undefined;
    const code = typeof error?.code === "string" && (oracleCodes as readonly string[]).includes(error.code) ? (error.code as OracleErrorCode) : undefined;
    if (code === undefined && [502, 503, 504].includes(response.status)) throw new OracleUnavailableError({ url, reason: "status", status: response.status });
    const message = typeof error?.message === "string" ? error.message : text.length > 300 ? `${text.slice(0, 297)}...` : text;
    throw new OracleRequestError({ url, status: response.status, oracleCode: code, oracleMessage: message });
  }
  if (!parsed) throw new InvalidOracleResponseError({ url, reason: `The body is not JSON: ${text.slice(0, 80)}` });
  return json;
}

// ---------------------------------------------------------------------------------------------
// Shapes of the answers (a lying or broken oracle must not crash the client).
// ---------------------------------------------------------------------------------------------

type Fail = (reason: string) => never;
const failer =
  (url: string): Fail =>
  (reason) => {
    throw new InvalidOracleResponseError({ url, reason });
  };

function object(value: unknown, what: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(`${what} is not an object.`);
  return value as Record<string, unknown>;
}
function hex(value: unknown, what: string, fail: Fail, bytes?: number): Hex {
  if (typeof value !== "string" || !isHex(value, { strict: true }) || (bytes !== undefined && value.length !== 2 + 2 * bytes))
    fail(`${what} is not ${bytes === undefined ? "0x-hex" : `${bytes} bytes of 0x-hex`}.`);
  return (value as string).toLowerCase() as Hex;
}
function address(value: unknown, what: string, fail: Fail): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false })) fail(`${what} is not an address.`);
  return getAddress(value as string);
}
function array(value: unknown, what: string, fail: Fail): unknown[] {
  if (!Array.isArray(value)) fail(`${what} is not an array.`);
  return value as unknown[];
}

/** `GET /v1/info`. */
export function parseOracleInfo(url: string, value: unknown): OracleInfo {
  const fail = failer(url);
  const o = object(value, "The info", fail);
  if (typeof o.chainId !== "number" || !Number.isSafeInteger(o.chainId)) fail("chainId is not an integer.");
  return {
    address: address(o.address, "address", fail),
    publicKey: hex(o.publicKey, "publicKey", fail),
    chainId: o.chainId as number,
    agentNfts: array(o.agentNfts, "agentNfts", fail).map((a, i) => address(a, `agentNfts[${i}]`, fail)),
  };
}

function accessProof(value: unknown, what: string, fail: Fail): AccessProof {
  const o = object(value, what, fail);
  return {
    dataHash: hex(o.dataHash, `${what}.dataHash`, fail, 32),
    targetPubkey: hex(o.targetPubkey, `${what}.targetPubkey`, fail),
    nonce: hex(o.nonce, `${what}.nonce`, fail),
    proof: hex(o.proof, `${what}.proof`, fail),
  };
}

function ownershipProof(value: unknown, what: string, fail: Fail): OwnershipProof {
  const o = object(value, what, fail);
  if (o.oracleType !== 0 && o.oracleType !== 1) fail(`${what}.oracleType is not 0 (TEE) or 1 (ZKP).`);
  return {
    oracleType: o.oracleType as 0 | 1,
    dataHash: hex(o.dataHash, `${what}.dataHash`, fail, 32),
    sealedKey: hex(o.sealedKey, `${what}.sealedKey`, fail),
    targetPubkey: hex(o.targetPubkey, `${what}.targetPubkey`, fail),
    nonce: hex(o.nonce, `${what}.nonce`, fail),
    proof: hex(o.proof, `${what}.proof`, fail),
  };
}

/** `POST /v1/transfer`'s answer. */
export function parseTransferResponse(url: string, value: unknown): OracleTransferResponse {
  const fail = failer(url);
  const o = object(value, "The answer", fail);
  const proofs: TransferValidityProof[] = array(o.proofs, "proofs", fail).map((p, i) => {
    const entry = object(p, `proofs[${i}]`, fail);
    return { accessProof: accessProof(entry.accessProof, `proofs[${i}].accessProof`, fail), ownershipProof: ownershipProof(entry.ownershipProof, `proofs[${i}].ownershipProof`, fail) };
  });
  return {
    proofs,
    newDataHashes: array(o.newDataHashes, "newDataHashes", fail).map((h, i) => hex(h, `newDataHashes[${i}]`, fail, 32)),
    operator: address(o.operator, "operator", fail),
    sealedKeys: array(o.sealedKeys, "sealedKeys", fail).map((k, i) => hex(k, `sealedKeys[${i}]`, fail)),
  };
}

/** `POST /v1/access`'s answer. */
export function parseAccessResponse(url: string, value: unknown): OracleAccessResponse {
  const fail = failer(url);
  const o = object(value, "The answer", fail);
  return { sealedData: array(o.sealedData, "sealedData", fail).map((d, i) => hex(d, `sealedData[${i}]`, fail)) };
}

/** `GET {oracle}/v1/info`. */
export async function fetchOracleInfo(base: string, options?: OracleHttpParameters): Promise<OracleInfo> {
  return parseOracleInfo(`${base}/v1/info`, await callOracle(base, "/v1/info", undefined, options));
}

/** `POST {oracle}/v1/transfer`. */
export async function postTransfer(base: string, request: OracleTransferRequest, options?: OracleHttpParameters): Promise<OracleTransferResponse> {
  return parseTransferResponse(`${base}/v1/transfer`, await callOracle(base, "/v1/transfer", request, options));
}

/** `POST {oracle}/v1/access`. */
export async function postAccess(base: string, request: OracleAccessRequest, options?: OracleHttpParameters): Promise<OracleAccessResponse> {
  return parseAccessResponse(`${base}/v1/access`, await callOracle(base, "/v1/access", request, options));
}
