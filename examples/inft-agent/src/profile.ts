// What an INFT agent is: its profile (the token's encrypted data) and its memory (a KV stream).
import { encodePacked, getAddress, isAddress, isHex, keccak256, type Address, type Hex } from "viem";
import { InftAgentDataError } from "./errors.js";

/** Marks a token's data as this kind of agent. */
export const inftAgentKind = "0g-inft-agent/v1";

/**
 * The agent's identity: the `data` of its INFT, encrypted so that only the holder (and the
 * re-encryption oracle, for transfers) can read it. The agent key itself sits beside it in the
 * same envelope (`loadAgent`'s `agentKey`).
 */
export type InftAgentProfile = {
  kind: typeof inftAgentKind;
  name: string;
  /** The system prompt. */
  prompt: string;
  /** The 0G Compute inference service that answers for the agent. */
  compute: { provider: Address; model: string };
  memory: InftAgentMemoryPointer;
};

/** Where the agent's memory lives now, and which key owns it. */
export type InftAgentMemoryPointer = {
  /** The KV stream: {@link memoryStreamOf} the agent key that created it. */
  stream: Hex;
  /** Keys are stored as `<namespace>/<key>`. */
  namespace: string;
  /** The agent operator (agent key address) that created the stream: its admin and only writer. */
  writer: Address;
  /** The block the stream was created in (where the search for the writer's replacement starts). */
  since: number;
};

/** One question the agent answered. */
export type InftAgentExchange = {
  question: string;
  answer: string;
  /** The holder who asked. */
  askedBy: Address;
  /** The provider's chat id the TEE signature is filed under. */
  chatId: string;
};

/** A memory stream the agent left behind when its key changed, and the version it was taken at. */
export type InftAgentHandover = {
  stream: Hex;
  writer: Address;
  /** The last KV version (Flow tx seq) before the key change: later writes to `stream` are not the agent's. */
  version: number;
  /** The block of the `AgentOperatorUpdated` event that replaced `writer`. */
  block: number;
};

/** The agent's memory, as `createAgentMemory` stores it in its stream. */
export type InftAgentMemory = {
  /** Questions answered so far, by every holder. */
  visits: number;
  /** The last {@link historyLimit} exchanges, oldest first. */
  history: InftAgentExchange[];
  /** Every earlier memory stream, oldest first. */
  lineage: InftAgentHandover[];
};

/** How many exchanges the memory keeps. */
export const historyLimit = 20;

/**
 * The memory stream an agent key owns: derived from the key, so nobody can guess it (and create
 * it first) before the key writes to it, and a key always finds its own stream again.
 */
export function memoryStreamOf(agentKey: Hex): Hex {
  return keccak256(encodePacked(["string", "bytes32"], ["0g-inft-agent/memory", agentKey]));
}

/** Checks that a token's decrypted data is an agent profile. */
export function parseProfile(tokenId: bigint, data: unknown): InftAgentProfile {
  const fail = (reason: string): never => {
    throw new InftAgentDataError({ tokenId, reason });
  };
  if (typeof data !== "object" || data === null) return fail("Its data is not an object.");
  const d = data as Record<string, unknown>;
  if (d.kind !== inftAgentKind) return fail(`Its data has kind ${JSON.stringify(d.kind)}, not ${JSON.stringify(inftAgentKind)}.`);
  if (typeof d.name !== "string" || typeof d.prompt !== "string") return fail("name and prompt must be strings.");
  const compute = d.compute as Record<string, unknown> | undefined;
  if (typeof compute?.provider !== "string" || !isAddress(compute.provider) || typeof compute.model !== "string")
    return fail("compute must be { provider: address, model: string }.");
  const memory = d.memory as Record<string, unknown> | undefined;
  if (
    typeof memory?.stream !== "string" ||
    !isHex(memory.stream) ||
    memory.stream.length !== 66 ||
    typeof memory.namespace !== "string" ||
    typeof memory.writer !== "string" ||
    !isAddress(memory.writer) ||
    !Number.isSafeInteger(memory.since)
  )
    return fail("memory must be { stream: bytes32, namespace: string, writer: address, since: block number }.");
  return {
    kind: inftAgentKind,
    name: d.name,
    prompt: d.prompt,
    compute: { provider: getAddress(compute.provider), model: compute.model },
    memory: { stream: memory.stream, namespace: memory.namespace, writer: getAddress(memory.writer), since: memory.since as number },
  };
}
