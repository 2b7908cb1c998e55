import type { Account, Address, Chain, Client, Hex, Transport } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import type { ComputeChain } from "../compute/chain.js";
import type { HttpPrefixRoute, HttpRequest, HttpResponse } from "../server/http.js";
import type { DevnetInftContracts, InftOracleLie, InftOracleRequest } from "./api.js";
import { OracleRefusal, type OracleErrorCode } from "./refusal.js";
import { serveAccess } from "./access.js";
import { serveTransfer } from "./transfer.js";

/** What the oracle's faults and log are made of; the API and the routes share it. */
export type OracleState = {
  running: boolean;
  lying: InftOracleLie | undefined;
  requests: InftOracleRequest[];
};

/** Everything a request handler of the oracle needs. */
export type OracleContext = {
  chain: ComputeChain;
  chainId: number;
  contracts: DevnetInftContracts;
  /** The TEE key: signs ownership proofs, opens data keys sealed to the oracle. */
  tee: PrivateKeyAccount;
  /** Its private key (for `reencryptAgent`, which opens the data key inside the "TEE"). */
  teeKey: Hex;
  /** What a lying oracle signs with. */
  liar: PrivateKeyAccount;
  state: OracleState;
  /**
   * The devnet's 0G Storage: its indexer (once served), Flow, a client paying as the oracle's payer,
   * and the tail of its upload queue (uploads go one at a time).
   */
  storage: { indexer(): string | undefined; flow: Address; client: Client<Transport, Chain, Account>; queue: Promise<void> };
};

const jsonHeaders = { "content-type": "application/json" } as const;
export const json = (value: unknown, status = 200): HttpResponse => ({
  status,
  headers: jsonHeaders,
  body: JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
});

/** The HTTP status of each refusal. */
const statusOf: Record<OracleErrorCode, number> = {
  bad_request: 400,
  unknown_contract: 404,
  bad_signature: 401,
  not_holder: 403,
  not_authorized: 403,
  stale_data: 409,
  expired: 410,
  bad_access_proof: 422,
  receiver_key_unknown: 422,
  data_unavailable: 502,
  data_corrupt: 422,
  not_sealed_to_oracle: 422,
  internal: 500,
};

/** `{ "error": { code, message } }` with the code's HTTP status. */
export function errorResponse(code: OracleErrorCode, message: string): HttpResponse {
  return json({ error: { code, message } }, statusOf[code]);
}

/** A request log entry being filled in by its handler. */
export type RequestRecord = { -readonly [key in keyof InftOracleRequest]?: InftOracleRequest[key] } & Pick<InftOracleRequest, "kind" | "receivedAt">;

/**
 * Runs a handler: a refusal becomes its error body, anything else an `internal` error; either way
 * the request goes to the log with its outcome and the fault it was answered under.
 */
export async function answer(ctx: OracleContext, record: RequestRecord, handle: () => Promise<HttpResponse>): Promise<HttpResponse> {
  const lie = ctx.state.lying;
  let response: HttpResponse;
  let error: { code: string; message: string } | undefined;
  try {
    response = await handle();
  } catch (thrown) {
    error =
      thrown instanceof OracleRefusal
        ? { code: thrown.code, message: thrown.message }
        : { code: "internal", message: `The oracle failed: ${thrown instanceof Error ? thrown.message.split("\n")[0] : String(thrown)}` };
    response = errorResponse(error.code as OracleErrorCode, error.message);
  }
  ctx.state.requests.push({
    kind: record.kind,
    receivedAt: record.receivedAt,
    agentNft: record.agentNft,
    tokenId: record.tokenId,
    from: record.from,
    to: record.to,
    status: response.status,
    error,
    newDataHashes: error ? undefined : record.newDataHashes,
    operator: error ? undefined : record.operator,
    lie: error ? undefined : lie,
  });
  return response;
}

/** Parses a JSON body or refuses with `bad_request`. */
export function readJson(request: HttpRequest): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(request.body));
  } catch {
    throw new OracleRefusal("bad_request", "The body is not JSON.");
  }
}

/**
 * The oracle's HTTP API (`@0g/inft`'s `oracle/protocol.ts`) at `prefix`:
 * - `GET /v1/info`: `{ address, publicKey, chainId, agentNfts }`;
 * - `POST /v1/transfer`: a transfer or clone ({@link serveTransfer});
 * - `POST /v1/access`: an authorised user's access ({@link serveAccess}).
 * `up()` is false while the oracle is stopped (the server drops the connection).
 */
export function oracleRoute(ctx: OracleContext, prefix: string): HttpPrefixRoute {
  const endpoints: Record<string, { method: "GET" | "POST"; handle(request: HttpRequest): Promise<HttpResponse> }> = {
    "/v1/info": {
      method: "GET",
      handle: async () => json({ address: ctx.tee.address, publicKey: ctx.tee.publicKey, chainId: ctx.chainId, agentNfts: [ctx.contracts.agentNft] }),
    },
    "/v1/transfer": { method: "POST", handle: (request) => serveTransfer(ctx, request) },
    "/v1/access": { method: "POST", handle: (request) => serveAccess(ctx, request) },
  };
  return {
    prefix,
    up: () => ctx.state.running,
    async serve(request) {
      const path = request.path.length > 1 && request.path.endsWith("/") ? request.path.slice(0, -1) : request.path;
      const endpoint = endpoints[path];
      if (!endpoint) return errorResponse("bad_request", `No oracle endpoint at ${path === "" ? "/" : path}; see GET /v1/info, POST /v1/transfer, POST /v1/access.`);
      if (request.method !== endpoint.method && !(endpoint.method === "GET" && request.method === "HEAD")) {
        const refused = errorResponse("bad_request", `${path} takes ${endpoint.method}, not ${request.method}.`);
        return { ...refused, status: 405, headers: { ...jsonHeaders, allow: endpoint.method } };
      }
      return endpoint.handle(request);
    },
  };
}

/** Whether an address is one of the oracle's token contracts. */
export function servesContract(ctx: OracleContext, agentNft: Address): boolean {
  return agentNft.toLowerCase() === ctx.contracts.agentNft.toLowerCase();
}
