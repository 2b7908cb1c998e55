// What needs no chain: where the contract and the oracle are found, the oracle's HTTP failures,
// encryption keys.
import { InvalidParameterError, zgDevnet, zgGalileo } from "@0g/core";
import { createClient, createWalletClient, custom, type EIP1193RequestFn } from "viem";
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount, toAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { getEncryptionKey } from "../actions/getEncryptionKey.js";
import { getOracleInfo } from "../actions/getOracleInfo.js";
import { deriveEncryptionKey, encryptionKeyMessage } from "../crypto/deriveKey.js";
import { publicKeyOf } from "../crypto/ecies.js";
import {
  EncryptionKeyRequiredError,
  InftAccountRequiredError,
  InftContractNotFoundError,
  InvalidOracleResponseError,
  NonDeterministicSignatureError,
  OracleMismatchError,
  OracleRequestError,
  OracleUnavailableError,
} from "../errors.js";
import { resolveAgentNft, resolveOracle } from "./contracts.js";
import { privateEncryptionKey, publicEncryptionKey } from "./keys.js";
import { callOracle, postTransfer, type FetchFn } from "./oracle.js";

/** A transport whose chain answers `devnet_info` (or not) and counts the calls. */
function chainOf(info?: { agentNft?: string; inftOracle?: string }) {
  const calls: string[] = [];
  const request = (async ({ method }: { method: string }) => {
    calls.push(method);
    if (method === "eth_chainId") return "0x7a69";
    if (method === "devnet_info" && info)
      return {
        chainId: 31337,
        rpcUrl: "http://127.0.0.1:8545",
        mnemonic: "test test test test test test test test test test test junk",
        accounts: [],
        contracts: info.agentNft ? { agentNft: info.agentNft } : {},
        endpoints: { rpc: "http://127.0.0.1:8545", ...(info.inftOracle ? { inftOracle: info.inftOracle } : {}) },
      };
    throw new Error(`method ${method} not supported`);
  }) as EIP1193RequestFn;
  return { calls, transport: custom({ request }, { retryCount: 0 }) };
}

describe("where the AgentNFT and the oracle are", () => {
  it("a network without an INFT deployment (Galileo): InftContractNotFoundError naming the chain", async () => {
    const client = createClient({ chain: zgGalileo, transport: chainOf().transport });
    const error = await resolveAgentNft(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InftContractNotFoundError);
    expect(error).toMatchObject({ contract: "agentNft", chainId: zgGalileo.id, code: 5005 });
    await expect(resolveOracle(client)).rejects.toMatchObject({ contract: "inftOracle", chainId: zgGalileo.id });
  });

  it("the parameters win; a devnet answers devnet_info, asked once per client", async () => {
    const agentNft = "0x1111111111111111111111111111111111111111";
    const { calls, transport } = chainOf({ agentNft, inftOracle: "http://127.0.0.1:8545/inft/oracle/" });
    const client = createClient({ chain: zgDevnet, transport });
    expect(await resolveAgentNft(client)).toBe(agentNft);
    expect(await resolveOracle(client)).toBe("http://127.0.0.1:8545/inft/oracle");
    expect(await resolveAgentNft(client, "0x2222222222222222222222222222222222222222")).toBe("0x2222222222222222222222222222222222222222");
    expect(await resolveOracle(client, "https://oracle.example/")).toBe("https://oracle.example");
    expect(calls.filter((m) => m === "devnet_info")).toHaveLength(1);
    await expect(resolveAgentNft(client, "0x12" as never)).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(resolveOracle(client, "ftp://oracle")).rejects.toBeInstanceOf(InvalidParameterError);
  });
});

describe("the oracle's HTTP failures are typed", () => {
  const base = "https://oracle.example";
  const answer = (status: number, body: string): FetchFn => async () => new Response(body, { status });

  it("no answer: OracleUnavailableError (connection, timeout, a gateway without an oracle body)", async () => {
    const refused: FetchFn = async () => {
      throw new TypeError("fetch failed");
    };
    await expect(callOracle(base, "/v1/info", undefined, { fetch: refused })).rejects.toMatchObject({ name: "OracleUnavailableError", reason: "connection", url: `${base}/v1/info` });
    const hangs: FetchFn = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    const error = await callOracle(base, "/v1/info", undefined, { fetch: hangs, oracleTimeout: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OracleUnavailableError);
    expect(error).toMatchObject({ reason: "timeout" });
    await expect(callOracle(base, "/v1/info", undefined, { fetch: answer(503, "Service Unavailable") })).rejects.toMatchObject({ reason: "status" });
  });

  it("a refusal: OracleRequestError with the protocol's code and message", async () => {
    const body = JSON.stringify({ error: { code: "stale_data", message: "updated since" } });
    const error = await callOracle(base, "/v1/transfer", {}, { fetch: answer(409, body) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OracleRequestError);
    expect(error).toMatchObject({ status: 409, oracleCode: "stale_data", oracleMessage: "updated since", code: 5031 });
    // A data_unavailable refusal is an answer, though its status is 502.
    await expect(callOracle(base, "/v1/transfer", {}, { fetch: answer(502, JSON.stringify({ error: { code: "data_unavailable", message: "x" } })) })).rejects.toMatchObject({
      name: "OracleRequestError",
      oracleCode: "data_unavailable",
    });
    // Not the protocol's body: no code.
    await expect(callOracle(base, "/v1/transfer", {}, { fetch: answer(500, "<html>oops</html>") })).rejects.toMatchObject({ oracleCode: undefined, oracleMessage: "<html>oops</html>" });
  });

  it("a malformed answer: InvalidOracleResponseError, never a crash", async () => {
    await expect(callOracle(base, "/v1/info", undefined, { fetch: answer(200, "not json") })).rejects.toBeInstanceOf(InvalidOracleResponseError);
    const request = {} as never;
    for (const body of [{}, { proofs: [{}], newDataHashes: [], operator: "0x", sealedKeys: [] }, { proofs: [], newDataHashes: ["0x12"], operator: "0x1111111111111111111111111111111111111111", sealedKeys: [] }]) {
      await expect(postTransfer(base, request, { fetch: answer(200, JSON.stringify(body)) })).rejects.toBeInstanceOf(InvalidOracleResponseError);
    }
  });

  it("getOracleInfo: an oracle whose key is not its address's is refused", async () => {
    const key = generatePrivateKey();
    const other = privateKeyToAccount(generatePrivateKey()).address;
    const info = { address: other, publicKey: publicKeyOf(key), chainId: 31337, agentNfts: [] };
    const client = createClient({ chain: zgDevnet, transport: chainOf().transport });
    await expect(getOracleInfo(client, { oracle: base, checkChain: false, fetch: answer(200, JSON.stringify(info)) })).rejects.toBeInstanceOf(OracleMismatchError);
    const good = { ...info, address: privateKeyToAccount(key).address };
    expect(await getOracleInfo(client, { oracle: base, checkChain: false, fetch: answer(200, JSON.stringify(good)) })).toEqual({ ...good, url: base });
  });
});

describe("encryption keys", () => {
  const key = generatePrivateKey();
  const transport = custom({ request: async () => null });

  it("getEncryptionKey: signs twice, derives the key; a non-deterministic wallet is refused", async () => {
    const wallet = createWalletClient({ account: privateKeyToAccount(key), transport });
    const derived = await getEncryptionKey(wallet);
    expect(derived).toBe(deriveEncryptionKey(await privateKeyToAccount(key).signMessage({ message: encryptionKeyMessage })));
    expect(await getEncryptionKey(wallet)).toBe(derived);

    let counter = 0;
    const moody = toAccount({
      address: privateKeyToAccount(key).address,
      signMessage: async ({ message }) => privateKeyToAccount(counter++ % 2 ? key : generatePrivateKey()).signMessage({ message }),
      signTransaction: async () => "0x",
      signTypedData: async () => "0x",
    });
    await expect(getEncryptionKey(createWalletClient({ account: moody, transport }))).rejects.toBeInstanceOf(NonDeterministicSignatureError);
    await expect(getEncryptionKey(createWalletClient({ transport }))).rejects.toBeInstanceOf(InftAccountRequiredError);
  });

  it("defaults: an HD account's own key opens and seals; a private-key account seals to its public key, and opens only with the key given", () => {
    const hd = mnemonicToAccount("test test test test test test test test test test test junk");
    const hdKey = privateEncryptionKey(hd, undefined, "test");
    expect(privateKeyToAccount(hdKey).address).toBe(hd.address);
    expect(publicEncryptionKey(hd, {}, "test")).toBe(hd.publicKey);

    const local = privateKeyToAccount(key);
    expect(publicEncryptionKey(local, {}, "test")).toBe(local.publicKey);
    expect(() => privateEncryptionKey(local, undefined, "loadAgent")).toThrow(EncryptionKeyRequiredError);
    expect(privateEncryptionKey(local, key, "loadAgent")).toBe(key);
    const other = generatePrivateKey();
    expect(publicEncryptionKey(local, { encryptionKey: other }, "test")).toBe(publicKeyOf(other));
    expect(() => publicEncryptionKey({ address: local.address, type: "json-rpc" }, {}, "mintAgent")).toThrow(EncryptionKeyRequiredError);
    expect(() => privateEncryptionKey(local, "0x1234", "loadAgent")).toThrow(InvalidParameterError);
  });
});
