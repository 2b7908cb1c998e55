import { InvalidParameterError } from "@0g/core";
import { TypedDataEncoder } from "ethers";
import { concatHex, encodeAbiParameters, hashTypedData, keccak256, recoverTypedDataAddress, stringToHex } from "viem";
import { describe, expect, it } from "vitest";
import { provider, tee, user } from "../test/keys.js";
import {
  fineTuningVerifierTypedData,
  signFineTuningSettlement,
  toVerifierInput,
  verifyFineTuningSettlementSignature,
  type FineTuningVerifierMessage,
} from "./fineTuning.js";

const fineTuningServing = "0xC6C075D8039763C8f1EbE580be5ADdf2fd6941bA" as const;
const chainId = 16602;
const message: FineTuningVerifierMessage = {
  id: "deliverable-1",
  encryptedSecret: "0x04a1b2c3",
  modelRootHash: "0x8f3e1b8e0b7b7a1c8c0f5c1b0f2b6d1e8c5a1f0e9d8c7b6a5f4e3d2c1b0a9988",
  nonce: 42n,
  taskFee: 10n ** 18n,
  user: user.address,
};

describe("FineTuningServing VerifierInput EIP-712", () => {
  const typedData = fineTuningVerifierTypedData({ chainId, verifyingContract: fineTuningServing, message });

  it("has the contract's domain and VerifierMessage type", () => {
    expect(typedData.domain).toEqual({ name: "0G Fine-Tuning Serving", version: "1", chainId, verifyingContract: fineTuningServing });
    expect(typedData.primaryType).toBe("VerifierMessage");
  });

  it("its hash equals VerifierLibrary.verifySignature's digest computed independently", () => {
    const domainSeparator = keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }],
        [
          keccak256(stringToHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")),
          keccak256(stringToHex("0G Fine-Tuning Serving")),
          keccak256(stringToHex("1")),
          BigInt(chainId),
          fineTuningServing,
        ],
      ),
    );
    const structHash = keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "uint256" }, { type: "address" }],
        [
          keccak256(stringToHex("VerifierMessage(string id,bytes encryptedSecret,bytes modelRootHash,uint256 nonce,uint256 taskFee,address user)")),
          keccak256(stringToHex(message.id)),
          keccak256(message.encryptedSecret),
          keccak256(message.modelRootHash),
          message.nonce,
          message.taskFee,
          message.user,
        ],
      ),
    );
    const digest = keccak256(concatHex(["0x1901", domainSeparator, structHash]));
    expect(hashTypedData(typedData)).toBe(digest);
    expect(TypedDataEncoder.hash(typedData.domain, { VerifierMessage: [...typedData.types.VerifierMessage] }, typedData.message)).toBe(digest);
  });

  it("a TEE signature recovers and verifies; anything else does not", async () => {
    const signature = await signFineTuningSettlement({ account: tee, chainId, verifyingContract: fineTuningServing, message });
    expect(await recoverTypedDataAddress({ ...typedData, signature })).toBe(tee.address);
    const base = { chainId, verifyingContract: fineTuningServing, message, signature, signer: tee.address };
    expect(await verifyFineTuningSettlementSignature(base)).toBe(true);
    expect(await verifyFineTuningSettlementSignature({ ...base, signer: provider.address })).toBe(false);
    expect(await verifyFineTuningSettlementSignature({ ...base, message: { ...message, encryptedSecret: "0x" } })).toBe(false);
    expect(await verifyFineTuningSettlementSignature({ ...base, message: { ...message, id: "deliverable-2" } })).toBe(false);
    expect(toVerifierInput({ message, signature })).toEqual({ ...message, signature });
    expect(Object.keys(toVerifierInput({ message, signature }))).toEqual(["id", "encryptedSecret", "modelRootHash", "nonce", "signature", "taskFee", "user"]);
  });

  it("refuses what the contract reverts on or cannot encode", () => {
    const build = (m: Partial<FineTuningVerifierMessage>) => () => fineTuningVerifierTypedData({ chainId, verifyingContract: fineTuningServing, message: { ...message, ...m } });
    expect(build({ id: "" })).toThrow(InvalidParameterError);
    expect(build({ id: "x".repeat(257) })).toThrow(InvalidParameterError);
    expect(build({ id: "é".repeat(129) })).toThrow(InvalidParameterError); // 258 bytes
    expect(build({ id: "x".repeat(256) })).not.toThrow();
    expect(build({ encryptedSecret: "0x123" })).toThrow(InvalidParameterError);
    expect(build({ modelRootHash: "abc" as never })).toThrow(InvalidParameterError);
    expect(build({ nonce: -1n })).toThrow(InvalidParameterError);
    expect(build({ user: "0x1" })).toThrow(InvalidParameterError);
  });
});
