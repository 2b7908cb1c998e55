import { bytesToHex, type Address, type Hex } from "viem";
import { publicKeyOf, toUncompressedPublicKey } from "../crypto/ecies.js";
import { decryptEnvelope, encryptEnvelope, parseEnvelope } from "../crypto/envelope.js";
import { agentKeyAddress, decodeAgentMetadata, encodeAgentMetadata, generateAgentKey } from "../agent/metadata.js";

export type ReencryptAgentParameters = {
  /** The envelope as stored (the token's current data). */
  envelope: Uint8Array;
  /** The oracle's private key: the envelope's data key is sealed to it. */
  oracleKey: Hex;
  /** The receiver's public key (33, 64 or 65 bytes): the new data key is sealed to it. */
  receiverPublicKey: Hex | Uint8Array;
  /** Give the agent a new key (transfers and clones do; 0G's design leaves the old one). @default true */
  rotateAgentKey?: boolean | undefined;
  /** Overrides the fresh agent key (tests). */
  newAgentKey?: Hex | undefined;
};

export type ReencryptAgentReturnType = {
  /** The new envelope: same data, the new agent key, a fresh data key sealed to the receiver and the oracle. */
  envelope: Uint8Array;
  /** The new data key sealed to the receiver (the `sealedKey` of the ownership proof, and of `PublishedSealedKey`). */
  sealedKey: Hex;
  /** The address of the agent key in the new envelope: the operator the proof names. */
  operator: Address;
  /** The address of the agent key in the old envelope. */
  previousOperator: Address;
};

/**
 * What the oracle does inside its TEE on a transfer or clone: open the data key sealed to it,
 * decrypt the metadata, replace the agent key (so that a previous holder's copy of the old key can
 * no longer act for the agent), and encrypt it again under a fresh data key sealed to the receiver
 * and to itself. The plaintext never leaves this function.
 */
export async function reencryptAgent({ envelope, oracleKey, receiverPublicKey, rotateAgentKey = true, newAgentKey }: ReencryptAgentParameters): Promise<ReencryptAgentReturnType> {
  const parsed = parseEnvelope(envelope);
  const metadata = decodeAgentMetadata(await decryptEnvelope(parsed, { privateKey: oracleKey }));
  const agentKey = rotateAgentKey ? (newAgentKey ?? generateAgentKey()) : metadata.agentKey;
  const receiver = toUncompressedPublicKey(receiverPublicKey);
  const next = await encryptEnvelope({
    plaintext: encodeAgentMetadata({ agentKey, data: metadata.data }),
    recipients: [receiver, publicKeyOf(oracleKey)],
    cipher: parsed.cipher,
  });
  return {
    envelope: next.envelope,
    sealedKey: bytesToHex(next.recipients[0]!.sealedKey),
    operator: agentKeyAddress(agentKey),
    previousOperator: agentKeyAddress(metadata.agentKey),
  };
}
