import { concat, hashMessage, keccak256, stringToBytes, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { accessProofMessage, recoverAccessProofSigner, recoverOwnershipProofSigner, signAccessProof, signOwnershipProof } from "./proofs.js";

const receiver = privateKeyToAccount(generatePrivateKey());
const oracle = privateKeyToAccount(generatePrivateKey());
const dataHash = keccak256(toHex("agent"));

describe("ERC-7857 proofs", () => {
  it("sign the 66-character hex string as EIP-191 text, as 0G's Verifier rebuilds it", async () => {
    const fields = { dataHash, targetPubkey: "0x" as const, nonce: toHex("nonce-1") };
    const proof = await signAccessProof(receiver, fields);
    const hex = accessProofMessage(fields);
    expect(hex).toMatch(/^0x[0-9a-f]{64}$/);
    // Solidity: keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n66", Strings.toHexString(uint256(h), 32)))
    expect(hashMessage(hex)).toBe(keccak256(concat([stringToBytes("\x19Ethereum Signed Message:\n66"), stringToBytes(hex)])));
    expect(await recoverAccessProofSigner(proof)).toBe(receiver.address);
  });

  it("ownership proofs recover to the oracle and change with every field", async () => {
    const fields = { dataHash, sealedKey: toHex("sealed"), targetPubkey: toHex(new Uint8Array(64).fill(7)), nonce: toHex("n") };
    const proof = await signOwnershipProof(oracle, fields);
    expect(proof.oracleType).toBe(0);
    expect(await recoverOwnershipProofSigner(proof)).toBe(oracle.address);
    for (const changed of [{ sealedKey: toHex("other") }, { nonce: toHex("m") }, { targetPubkey: "0x" as const }]) {
      expect(await recoverOwnershipProofSigner({ ...proof, ...changed })).not.toBe(oracle.address);
    }
  });
});
