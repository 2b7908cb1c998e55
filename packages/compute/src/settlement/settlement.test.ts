import { InvalidParameterError } from "@0g/core";
import { TypedDataEncoder, keccak256 as ethersKeccak256, toUtf8Bytes } from "ethers";
import {
  concatHex,
  encodeAbiParameters,
  hashTypedData,
  keccak256,
  recoverTypedDataAddress,
  serializeCompactSignature,
  signatureToCompactSignature,
  parseSignature,
  stringToHex,
  toHex,
  type Hex,
} from "viem";
import { describe, expect, it } from "vitest";
import { provider, tee, user } from "../test/keys.js";
import { createSettlementNonceGenerator, nextSettlementNonce } from "./nonce.js";
import { hashUserRequests } from "./requestsHash.js";
import { settlementStatus, settlementStatusName, teeSettlementBatchSize } from "./status.js";
import {
  recoverTeeSettlementSigner,
  signTeeSettlement,
  teeSettlementTypedData,
  toTeeSettlementData,
  verifyTeeSettlementSignature,
  type TeeSettlement,
} from "./teeSettlement.js";

const inferenceServing = "0xa79F4c8311FF93C06b8CfB403690cc987c93F91E" as const;
const chainId = 16602;
const requests = [
  { requestHash: "5e0c8a52-7d1f-4a0e-9d7a-3f4a0b1c2d3e", userAddress: user.address, fee: 300n, inputFee: 100n, outputFee: 200n },
  { requestHash: "0b9b3c1e-2f44-4c6a-8a55-0c1d2e3f4a5b", userAddress: user.address, fee: "7", inputFee: "3", outputFee: "4" },
];
const settlement: TeeSettlement = {
  requestsHash: hashUserRequests(requests),
  nonce: 17_000_000_000_000_000n,
  provider: provider.address,
  user: user.address,
  totalFee: 307n,
};

describe("hashUserRequests", () => {
  it("is keccak256 of the requests' strings concatenated (requestHash, userAddress, fee, inputFee, outputFee)", () => {
    const text = requests.map((r) => `${r.requestHash}${r.userAddress}${r.fee}${r.inputFee}${r.outputFee}`).join("");
    expect(text).toBe(`5e0c8a52-7d1f-4a0e-9d7a-3f4a0b1c2d3e${user.address}3001002000b9b3c1e-2f44-4c6a-8a55-0c1d2e3f4a5b${user.address}734`);
    expect(hashUserRequests(requests)).toBe(ethersKeccak256(toUtf8Bytes(text)));
  });

  it("depends on order, case and formatting of every string; bigints are written in decimal", () => {
    expect(hashUserRequests([])).toBe("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"); // keccak256 of nothing
    expect(hashUserRequests([...requests].reverse())).not.toBe(hashUserRequests(requests));
    expect(hashUserRequests([{ ...requests[0]!, userAddress: user.address.toLowerCase() }])).not.toBe(hashUserRequests([requests[0]!]));
    expect(hashUserRequests([{ ...requests[0]!, fee: "300", inputFee: "100", outputFee: "200" }])).toBe(hashUserRequests([requests[0]!]));
    expect(hashUserRequests([{ ...requests[0]!, fee: "0x12c" }])).not.toBe(hashUserRequests([requests[0]!]));
  });
});

describe("TEESettlement EIP-712", () => {
  const typedData = teeSettlementTypedData({ chainId, verifyingContract: inferenceServing, settlement });

  it("has 0G's domain and type", () => {
    expect(typedData.domain).toEqual({ name: "0G Inference Serving", version: "1", chainId, verifyingContract: inferenceServing });
    expect(typedData.primaryType).toBe("TEESettlement");
    expect(typedData.message).toEqual(settlement);
  });

  it("its hash equals the contract's digest computed independently (abi.encode, as the broker's createEIP712Digest)", () => {
    const domainSeparator = keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }],
        [
          keccak256(stringToHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")),
          keccak256(stringToHex("0G Inference Serving")),
          keccak256(stringToHex("1")),
          BigInt(chainId),
          inferenceServing,
        ],
      ),
    );
    const structHash = keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }, { type: "address" }, { type: "uint256" }],
        [
          keccak256(stringToHex("TEESettlement(bytes32 requestsHash,uint256 nonce,address provider,address user,uint256 totalFee)")),
          settlement.requestsHash,
          settlement.nonce,
          settlement.provider,
          settlement.user,
          settlement.totalFee,
        ],
      ),
    );
    const digest = keccak256(concatHex(["0x1901", domainSeparator, structHash]));
    expect(hashTypedData(typedData)).toBe(digest);
    expect(TypedDataEncoder.hash(typedData.domain, { TEESettlement: [...typedData.types.TEESettlement] }, typedData.message)).toBe(digest);
  });

  it("a signature recovers to the TEE signer and verifies like the contract", async () => {
    const signature = await signTeeSettlement({ account: tee, chainId, verifyingContract: inferenceServing, settlement });
    expect(signature).toBe(await tee.signTypedData(typedData));
    expect(await recoverTypedDataAddress({ ...typedData, signature })).toBe(tee.address);
    expect(await recoverTeeSettlementSigner({ chainId, verifyingContract: inferenceServing, settlement, signature })).toBe(tee.address);
    const verify = (overrides: Partial<Parameters<typeof verifyTeeSettlementSignature>[0]>) =>
      verifyTeeSettlementSignature({ chainId, verifyingContract: inferenceServing, settlement, signature, signer: tee.address, ...overrides });
    expect(await verify({})).toBe(true);
    expect(await verify({ signer: provider.address })).toBe(false);
    expect(await verify({ chainId: 16661 })).toBe(false);
    expect(await verify({ verifyingContract: provider.address })).toBe(false);
    expect(await verify({ settlement: { ...settlement, totalFee: 308n } })).toBe(false);
    expect(await verify({ settlement: { ...settlement, nonce: settlement.nonce + 1n } })).toBe(false);
  });

  it("follows OpenZeppelin's tryRecover: 64-byte compact ok; high s, v 0/1 and bad lengths refused", async () => {
    const signature = await signTeeSettlement({ account: tee, chainId, verifyingContract: inferenceServing, settlement });
    const base = { chainId, verifyingContract: inferenceServing, settlement, signer: tee.address };
    const compact = serializeCompactSignature(signatureToCompactSignature(parseSignature(signature)));
    expect(compact.length).toBe(2 + 128);
    expect(await verifyTeeSettlementSignature({ ...base, signature: compact })).toBe(true);
    // The malleable twin (s' = n - s, v flipped) recovers the same key, but the contract refuses it.
    const { r, s, v } = parseSignature(signature);
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const twin = concatHex([r, toHex(n - BigInt(s), { size: 32 }), v === 27n ? "0x1c" : "0x1b"]);
    expect(await recoverTypedDataAddress({ ...typedData, signature: twin })).toBe(tee.address);
    expect(await verifyTeeSettlementSignature({ ...base, signature: twin })).toBe(false);
    expect(await verifyTeeSettlementSignature({ ...base, signature: `${signature.slice(0, -2)}${v === 27n ? "00" : "01"}` as Hex })).toBe(false);
    expect(await verifyTeeSettlementSignature({ ...base, signature: `${signature}00` as Hex })).toBe(false);
    expect(await verifyTeeSettlementSignature({ ...base, signature: "0x" })).toBe(false);
    expect(await recoverTeeSettlementSigner({ ...base, signature: `0x${"00".repeat(64)}1b` })).toBeUndefined();
  });

  it("refuses malformed settlements", () => {
    const build = (s: Partial<TeeSettlement>, verifyingContract: Hex = inferenceServing) =>
      () => teeSettlementTypedData({ chainId, verifyingContract, settlement: { ...settlement, ...s } });
    expect(build({ requestsHash: "0x1234" })).toThrow(InvalidParameterError);
    expect(build({ provider: "0x12" })).toThrow(InvalidParameterError);
    expect(build({ user: "0x12" })).toThrow(InvalidParameterError);
    expect(build({ nonce: -1n })).toThrow(InvalidParameterError);
    expect(build({ totalFee: 2n ** 256n })).toThrow(InvalidParameterError);
    expect(build({}, "0x12")).toThrow(InvalidParameterError);
  });

  it("toTeeSettlementData is the contract struct, in its field order", () => {
    const data = toTeeSettlementData({ settlement, signature: "0xab" });
    expect(Object.keys(data)).toEqual(["user", "provider", "totalFee", "requestsHash", "nonce", "signature"]);
    expect(data).toEqual({ ...settlement, signature: "0xab" });
  });
});

describe("settlement nonces", () => {
  it("are unix seconds × 10^7, strictly increasing within a second and when the clock goes back", () => {
    const next = createSettlementNonceGenerator();
    expect(next(1_700_000_000_999)).toBe(17_000_000_000_000_000n);
    expect(next(1_700_000_000_000)).toBe(17_000_000_000_000_001n);
    expect(next(1_700_000_000_500)).toBe(17_000_000_000_000_002n);
    expect(next(1_700_000_001_000)).toBe(17_000_000_010_000_000n);
    expect(next(1_600_000_000_000)).toBe(17_000_000_010_000_001n);
  });

  it("nextSettlementNonce is shared by the process and never repeats", () => {
    const nonces = Array.from({ length: 1000 }, () => nextSettlementNonce());
    for (let i = 1; i < nonces.length; i++) expect(nonces[i]! > nonces[i - 1]!).toBe(true);
    expect(nonces[0]! >= BigInt(Math.floor(Date.now() / 1000) - 5) * 10_000_000n).toBe(true);
    // An independent generator has its own history.
    expect(createSettlementNonceGenerator()(1_700_000_000_000)).toBe(17_000_000_000_000_000n);
  });
});

describe("settlement statuses", () => {
  it("match InferenceServing's SettlementStatus", () => {
    expect(settlementStatus).toEqual({ SUCCESS: 0, PARTIAL: 1, PROVIDER_MISMATCH: 2, NO_TEE_SIGNER: 3, INVALID_NONCE: 4, INVALID_SIGNATURE: 5 });
    expect([0, 1, 2, 3, 4, 5].map(settlementStatusName)).toEqual(["SUCCESS", "PARTIAL", "PROVIDER_MISMATCH", "NO_TEE_SIGNER", "INVALID_NONCE", "INVALID_SIGNATURE"]);
    expect(settlementStatusName(5n)).toBe("INVALID_SIGNATURE");
    expect(settlementStatusName(6)).toBe("UNKNOWN");
    expect(teeSettlementBatchSize).toBe(50);
  });
});
