// An agent minted as an INFT: its profile is the token's encrypted data, its memory a 0G Storage
// KV stream that only its current agent key writes, its answers come from a 0G Compute provider.
import { getService } from "@0g/compute";
import { createAgentMemory, type AgentMemory } from "@0g/example-agent-memory";
import { agentOperatorAccount, generateAgentKey, getAgent, loadAgent, mintAgent, updateAgent } from "@0g/inft";
import { createWalletClient, custom, isAddressEqual, parseEther, type Address, type Hash, type Hex } from "viem";
import { getBalance, getBlockNumber, sendTransaction, waitForTransactionReceipt } from "viem/actions";
import { askProvider, type ChatMessage, type HolderClient } from "./compute.js";
import { findMemoryCutoff, readMemoryAt } from "./handover.js";
import {
  historyLimit,
  inftAgentKind,
  memoryStreamOf,
  parseProfile,
  type InftAgentExchange,
  type InftAgentHandover,
  type InftAgentMemory,
  type InftAgentProfile,
} from "./profile.js";

/** Gas and storage fees of the agent key's memory writes: the holder tops its address up. */
export type AgentGasParameters = {
  /** Top up when the agent key's balance is below this. @default 0.05 0G */
  minimum?: bigint | undefined;
  /** ...to this. @default 0.2 0G */
  target?: bigint | undefined;
};

export type MintInftAgentParameters = {
  name: string;
  /** The system prompt. */
  prompt: string;
  /** The 0G Compute inference provider that answers for the agent. */
  provider: Address;
  /** @default the provider's service model */
  model?: string | undefined;
  /** @default "agent" */
  namespace?: string | undefined;
  /** The holder's INFT encryption key (for a local account: the key it was made from). @default the account's public key */
  encryptionKey?: Hex | undefined;
  agentGas?: AgentGasParameters | undefined;
};

export type MintInftAgentReturnType = {
  tokenId: bigint;
  /** The agent's on-chain account. */
  account: Address;
  /** The agent key's address: the account's operator and the memory stream's writer. */
  operator: Address;
  profile: InftAgentProfile;
  /** The mint transaction. */
  transactionHash: Hash;
};

/**
 * Mints an agent: a fresh agent key creates the agent's memory stream on 0G Storage KV (so it is
 * the stream's admin and only writer), then the INFT is minted with the profile (name, prompt,
 * compute provider, memory pointer) as its encrypted data and the agent key as its operator.
 *
 * @example
 * const { tokenId } = await mintInftAgent(alice, { name: "Ada", prompt: "You are Ada.", provider, encryptionKey: aliceKey });
 */
export async function mintInftAgent(client: HolderClient, parameters: MintInftAgentParameters): Promise<MintInftAgentReturnType> {
  const { provider, namespace = "agent" } = parameters;
  const model = parameters.model ?? (await getService(client, { provider })).model;
  const agentKey = generateAgentKey();
  const agent = agentWallet(client, agentKey);
  await fundAgentKey(client, agent.account.address, parameters.agentGas);

  const since = Number(await getBlockNumber(client, { cacheTime: 0 }));
  const stream = memoryStreamOf(agentKey);
  await createAgentMemory<InftAgentMemory>({ client: agent, stream, namespace }).setMany({ visits: 0, history: [], lineage: [] });

  const profile: InftAgentProfile = {
    kind: inftAgentKind,
    name: parameters.name,
    prompt: parameters.prompt,
    compute: { provider, model },
    memory: { stream, namespace, writer: agent.account.address, since },
  };
  const minted = await mintAgent(client, { data: profile, agentKey, ...(parameters.encryptionKey === undefined ? {} : { encryptionKey: parameters.encryptionKey }) });
  return { tokenId: minted.tokenId, account: minted.account, operator: minted.operator, profile, transactionHash: minted.transactionHash };
}

export type RunAgentParameters = {
  tokenId: bigint;
  question: string;
  /** The holder's INFT encryption key (for a local account: the key it was made from). */
  encryptionKey: Hex;
  /** Top up the compute sub-account before asking (from the ledger: see `fundAgentCompute`). @default true */
  autoTopUp?: boolean | undefined;
  agentGas?: AgentGasParameters | undefined;
  /** The Flow contract, for a handover's cut. @default the registry's, else the devnet's */
  flow?: Address | undefined;
};

export type RunAgentReturnType = {
  tokenId: bigint;
  name: string;
  answer: string;
  /** Always true: an answer whose TEE signature fails is an `UnverifiedAnswerError`, never returned. */
  verified: true;
  /** The provider's TEE signer that signed the answer. */
  signer: Address;
  chatId: string;
  /** How many questions the agent has answered, this one included, across holders. */
  visits: number;
  /** The exchanges the agent remembered before this question, oldest first. */
  remembered: InftAgentExchange[];
  /** The KV version (Flow tx seq) of the memory write that recorded this exchange. */
  memoryVersion: number;
  /** The memory stream now, and its writer (the agent operator). */
  memory: { stream: Hex; writer: Address };
  /** Set when this run moved the memory to the current agent key (the first run after a transfer). */
  handover: InftAgentHandover | undefined;
};

/**
 * Runs the agent for its holder: decrypts its profile and agent key (only the current holder can:
 * anyone else gets `NotARecipientError`), moves its memory to the current agent key if the key
 * changed since the memory was written (a transfer), asks its compute provider (system prompt +
 * what it remembers + the question) and checks the answer's TEE signature, then records the
 * exchange in its memory, written by the agent key.
 *
 * @example
 * const { answer, visits } = await runAgent(bob, { tokenId, question: "What do you remember?", encryptionKey: bobKey });
 */
export async function runAgent(client: HolderClient, parameters: RunAgentParameters): Promise<RunAgentReturnType> {
  const { tokenId, question, encryptionKey } = parameters;
  const loaded = await loadAgent(client, { tokenId, encryptionKey, via: "key" });
  let profile = parseProfile(tokenId, loaded.data);
  // A holder's load always carries the agent key (`via: "key"`).
  const agentKey = loaded.agentKey!;
  const agent = agentWallet(client, agentKey);
  await fundAgentKey(client, agent.account.address, parameters.agentGas);

  let handover: InftAgentHandover | undefined;
  if (!isAddressEqual(profile.memory.writer, agent.account.address)) {
    ({ profile, handover } = await handOverMemory(client, { tokenId, profile, agent, agentKey, encryptionKey, operator: loaded.operator, flow: parameters.flow }));
  }

  const memory: AgentMemory<InftAgentMemory> = createAgentMemory<InftAgentMemory>({ client: agent, stream: profile.memory.stream, namespace: profile.memory.namespace });
  const [visits = 0, remembered = []] = await Promise.all([memory.get("visits"), memory.get("history")]);
  const { answer, chatId, signer } = await askProvider(client, {
    provider: profile.compute.provider,
    model: profile.compute.model,
    messages: promptFor(profile, { visits, remembered, question }),
    autoTopUp: parameters.autoTopUp,
  });

  // Only a verified answer is remembered.
  const exchange: InftAgentExchange = { question, answer, askedBy: client.account.address, chatId };
  const visit = await memory.update("visits", (n) => (n ?? 0) + 1);
  const recorded = await memory.update("history", (h) => [...(h ?? []), exchange].slice(-historyLimit));
  return {
    tokenId,
    name: profile.name,
    answer,
    verified: true,
    signer,
    chatId,
    visits: visit.value,
    remembered,
    memoryVersion: recorded.version,
    memory: { stream: profile.memory.stream, writer: profile.memory.writer },
    handover,
  };
}

/** The chat: the agent's prompt and what it remembers as the system message, then the question. */
function promptFor(profile: InftAgentProfile, { visits, remembered, question }: { visits: number; remembered: InftAgentExchange[]; question: string }): ChatMessage[] {
  const recent = remembered.slice(-5).map((e) => `- ${e.askedBy} asked: ${e.question}\n  you answered: ${e.answer}`);
  const system = [
    profile.prompt,
    `You are ${profile.name}. You have answered ${visits} question${visits === 1 ? "" : "s"} so far.`,
    ...(recent.length > 0 ? ["What you remember:", ...recent] : []),
  ].join("\n");
  return [
    { role: "system", content: system },
    { role: "user", content: question },
  ];
}

/**
 * Moves the memory to the current agent key: reads the old stream as of the cut (the chain's
 * replacement of its writer), writes it with the new key into the new key's own stream (one KV
 * transaction, so the new key becomes its admin), and records the new pointer in the token's data
 * (`updateAgent`, holder only).
 */
async function handOverMemory(
  client: HolderClient,
  parameters: { tokenId: bigint; profile: InftAgentProfile; agent: AgentWallet; agentKey: Hex; encryptionKey: Hex; operator: Address; flow: Address | undefined },
): Promise<{ profile: InftAgentProfile; handover: InftAgentHandover }> {
  const { tokenId, profile, agent, agentKey, encryptionKey, operator } = parameters;
  const { agentNft } = await getAgent(client, { tokenId });
  const handover = await findMemoryCutoff(client, { tokenId, agentNft, memory: profile.memory, operator, flow: parameters.flow });
  const inherited = await readMemoryAt(client, { handover, namespace: profile.memory.namespace });

  const since = Number(await getBlockNumber(client, { cacheTime: 0 }));
  const stream = memoryStreamOf(agentKey);
  const next = createAgentMemory<InftAgentMemory>({ client: agent, stream, namespace: profile.memory.namespace });
  // A run that stopped after the copy (before updateAgent) finds it there.
  const copied = (await next.get("lineage"))?.some((h) => h.stream === handover.stream) ?? false;
  if (!copied) await next.setMany({ visits: inherited.visits, history: inherited.history, lineage: [...inherited.lineage, handover] });

  const moved: InftAgentProfile = { ...profile, memory: { stream, namespace: profile.memory.namespace, writer: agent.account.address, since } };
  await updateAgent(client, { tokenId, data: moved, agentKey, encryptionKey });
  return { profile: moved, handover };
}

type AgentWallet = ReturnType<typeof agentWallet>;

/** The agent key as a wallet on the holder's connection. */
function agentWallet(client: HolderClient, agentKey: Hex) {
  return createWalletClient({
    account: agentOperatorAccount(agentKey),
    chain: client.chain,
    transport: custom({ request: client.request }),
    pollingInterval: client.pollingInterval,
  });
}

/** Tops the agent key's address up from the holder when it runs low. */
async function fundAgentKey(client: HolderClient, address: Address, { minimum = parseEther("0.05"), target = parseEther("0.2") }: AgentGasParameters = {}): Promise<void> {
  const balance = await getBalance(client, { address });
  if (balance >= minimum) return;
  const hash = await sendTransaction(client, { account: client.account, chain: client.chain, to: address, value: target - balance });
  await waitForTransactionReceipt(client, { hash });
}
