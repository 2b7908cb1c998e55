import { hexToBytes } from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { agentKeyAddress, decodeAgentMetadata, encodeAgentMetadata, generateAgentKey } from "../agent/metadata.js";
import { eciesDecrypt, publicKeyOf } from "../crypto/ecies.js";
import { decryptEnvelope, encryptEnvelope, parseEnvelope } from "../crypto/envelope.js";
import { DecryptionFailedError, InvalidAgentMetadataError, NotARecipientError } from "../errors.js";
import { reencryptAgent } from "./reencrypt.js";

const owner = generatePrivateKey();
const receiver = generatePrivateKey();
const oracle = generatePrivateKey();
const agentKey = generateAgentKey();
const data = { name: "Ada", memory: { stream: "0x01" } };

async function minted(recipients = [publicKeyOf(owner), publicKeyOf(oracle)]) {
  return (await encryptEnvelope({ plaintext: encodeAgentMetadata({ agentKey, data }), recipients, cipher: "xchacha20-poly1305" })).envelope;
}

describe("reencryptAgent", () => {
  it("seals a fresh data key to the receiver and the oracle, keeps the data, rotates the agent key", async () => {
    const result = await reencryptAgent({ envelope: await minted(), oracleKey: oracle, receiverPublicKey: publicKeyOf(receiver) });
    const parsed = parseEnvelope(result.envelope);
    expect(parsed.cipher).toBe("xchacha20-poly1305");
    expect(parsed.recipients.map((r) => r.address)).toEqual([privateKeyToAddress(receiver), privateKeyToAddress(oracle)]);
    const opened = decodeAgentMetadata(await decryptEnvelope(result.envelope, { privateKey: receiver }));
    expect(opened.data).toEqual(data);
    expect(opened.agentKey).not.toBe(agentKey);
    expect(result.operator).toBe(agentKeyAddress(opened.agentKey));
    expect(result.previousOperator).toBe(agentKeyAddress(agentKey));
    // The sealed key the proof carries opens to the envelope's data key.
    const dataKey = await eciesDecrypt(receiver, hexToBytes(result.sealedKey));
    expect(await decryptEnvelope(result.envelope, { dataKey })).toEqual(await decryptEnvelope(result.envelope, { privateKey: oracle }));
    // The previous holder can open neither the new envelope nor the sealed key.
    await expect(decryptEnvelope(result.envelope, { privateKey: owner })).rejects.toBeInstanceOf(NotARecipientError);
    await expect(eciesDecrypt(owner, hexToBytes(result.sealedKey))).rejects.toBeInstanceOf(DecryptionFailedError);
  });

  it("keeps the agent key when asked", async () => {
    const result = await reencryptAgent({ envelope: await minted(), oracleKey: oracle, receiverPublicKey: publicKeyOf(receiver), rotateAgentKey: false });
    expect(result.operator).toBe(result.previousOperator);
  });

  it("refuses envelopes not sealed to the oracle and envelopes that are not agent metadata", async () => {
    await expect(reencryptAgent({ envelope: await minted([publicKeyOf(owner)]), oracleKey: oracle, receiverPublicKey: publicKeyOf(receiver) })).rejects.toBeInstanceOf(NotARecipientError);
    const junk = (await encryptEnvelope({ plaintext: new TextEncoder().encode("{}"), recipients: [publicKeyOf(oracle)] })).envelope;
    await expect(reencryptAgent({ envelope: junk, oracleKey: oracle, receiverPublicKey: publicKeyOf(receiver) })).rejects.toBeInstanceOf(InvalidAgentMetadataError);
  });
});
