// When the agent key changes (every transfer rotates it), the memory moves to a stream the new key
// owns, inheriting the old stream exactly as it was when the chain replaced the old key.
import { agentNftAbi, flowAbi } from "@0g/contracts";
import { devnetInfoMethod, getNetwork, isBaseError, parseDevnetInfo, UnknownNetworkError } from "@0g/core";
import { createAgentMemory } from "@0g/example-agent-memory";
import { FlowNotFoundError } from "@0g/storage";
import { isAddressEqual, type Address, type Client } from "viem";
import { getChainId, getContractEvents, readContract } from "viem/actions";
import { MemoryHandoverError } from "./errors.js";
import type { InftAgentHandover, InftAgentMemory, InftAgentMemoryPointer } from "./profile.js";

export type FindMemoryCutoffParameters = {
  tokenId: bigint;
  /** The AgentNFT contract. */
  agentNft: Address;
  /** The memory stream to cut, its writer and the block it was created in. */
  memory: InftAgentMemoryPointer;
  /** The current agent operator. */
  operator: Address;
  /** The Flow contract (KV versions are its submission indices). @default the registry's, else the devnet's */
  flow?: Address | undefined;
};

/**
 * Where a memory stream stops being the agent's: the last `AgentOperatorUpdated` event that moved
 * the operator away from the stream's writer (for good), and the last KV version (Flow submission
 * index) before that transaction. Writes to the stream after it were made by a key that no longer
 * spoke for the agent (the previous holder's copy), so they are not inherited.
 *
 * @throws {MemoryHandoverError} when the chain never replaced the writer.
 */
export async function findMemoryCutoff(client: Client, parameters: FindMemoryCutoffParameters): Promise<InftAgentHandover> {
  const { tokenId, agentNft, memory, operator } = parameters;
  const changes = await getContractEvents(client, {
    address: agentNft,
    abi: agentNftAbi,
    eventName: "AgentOperatorUpdated",
    args: { tokenId },
    fromBlock: BigInt(memory.since),
    toBlock: "latest",
  });
  let cut: (typeof changes)[number] | undefined;
  for (const change of changes) {
    if (isAddressEqual(change.args.operator!, memory.writer)) cut = undefined;
    else cut ??= change;
  }
  if (cut === undefined) throw new MemoryHandoverError({ tokenId, stream: memory.stream, writer: memory.writer, operator });

  // Flow submissions before the block, plus those earlier in the same block.
  const flow = parameters.flow ?? (await resolveFlow(client));
  const [before, sameBlock] = await Promise.all([
    readContract(client, { address: flow, abi: flowAbi, functionName: "numSubmissions", blockNumber: cut.blockNumber - 1n }),
    getContractEvents(client, { address: flow, abi: flowAbi, eventName: "Submit", blockHash: cut.blockHash }),
  ]);
  const earlier = sameBlock.filter((submit) => submit.transactionIndex < cut.transactionIndex).length;
  return { stream: memory.stream, writer: memory.writer, version: Number(before) + earlier - 1, block: Number(cut.blockNumber) };
}

/** The agent's memory as it was at a handover's cut (an empty memory when the stream had nothing then). */
export async function readMemoryAt(client: Client, { handover, namespace }: { handover: InftAgentHandover; namespace: string }): Promise<InftAgentMemory> {
  const old = createAgentMemory<InftAgentMemory>({ client, stream: handover.stream, namespace });
  if (handover.version < 0) return { visits: 0, history: [], lineage: [] };
  const at = { version: handover.version };
  const [visits, history, lineage] = await Promise.all([old.get("visits", at), old.get("history", at), old.get("lineage", at)]);
  return { visits: visits ?? 0, history: history ?? [], lineage: lineage ?? [] };
}

/** The Flow contract of the client's chain: the network registry's, else the devnet's `devnet_info`. */
async function resolveFlow(client: Client): Promise<Address> {
  const chainId = client.chain?.id ?? (await getChainId(client));
  try {
    const flow = getNetwork(chainId).contracts.flow;
    if (flow) return flow;
  } catch (error) {
    if (!isBaseError(error, UnknownNetworkError.code)) throw error;
  }
  const flow = await client.request({ method: devnetInfoMethod } as never).then(
    (info) => parseDevnetInfo(info).contracts.flow,
    () => undefined, // not a devnet
  );
  if (flow === undefined) throw new FlowNotFoundError({ chainId });
  return flow;
}
