// A demo of an INFT agent against a running devnet (`pnpm devnet` in the repository root):
//   pnpm --filter @0g/example-inft-agent start [rpcUrl]     (or ZG_RPC_URL; default http://127.0.0.1:8545)
// Alice mints an agent and asks it a question, transfers it to Bob; Bob runs it (it remembers
// Alice's question), and Alice can no longer open it.
import { listServices } from "@0g/compute";
import { getDevnetInfo, isBaseError, networkFromDevnetInfo } from "@0g/core";
import { createAccessProof, getAgentAccount, transferAgent } from "@0g/inft";
import { createWalletClient, http, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { fundAgentCompute, mintInftAgent, runAgent } from "./index.js";

const rpcUrl = process.argv[2] ?? process.env.ZG_RPC_URL ?? "http://127.0.0.1:8545";
const info = await getDevnetInfo(rpcUrl);
const chain = networkFromDevnetInfo({ ...info, rpcUrl }).chain;
const wallet = (key: Hex) => createWalletClient({ account: privateKeyToAccount(key), chain, transport: http(rpcUrl) });
const aliceKey = info.accounts[0]!.privateKey as Hex;
const bobKey = info.accounts[1]!.privateKey as Hex;
const [alice, bob] = [wallet(aliceKey), wallet(bobKey)];

const [service] = await listServices(alice);
if (!service) throw new Error("The devnet runs no compute provider (start it with its compute layer).");
const provider = service.provider;
console.log(`compute provider ${provider} (model ${service.model})`);

// Alice: pay for compute, mint the agent, ask it something.
await fundAgentCompute(alice, { provider });
const minted = await mintInftAgent(alice, {
  name: "Ada",
  prompt: "You are Ada, a concise guide to 0G.",
  provider,
  encryptionKey: aliceKey,
});
console.log(`alice minted agent #${minted.tokenId} "Ada": operator ${minted.operator}, memory stream ${minted.profile.memory.stream}`);
const first = await runAgent(alice, { tokenId: minted.tokenId, question: "What is 0G Storage KV?", encryptionKey: aliceKey });
console.log(`alice asked: What is 0G Storage KV?`);
console.log(`Ada answered (verified, TEE signer ${first.signer}): ${first.answer}`);
console.log(`memory: ${first.visits} visit(s), version ${first.memoryVersion}`);

// Bob asks for the agent (his access proof: "seal it to my key"); Alice transfers it.
const accessProofs = await createAccessProof(bob, { tokenId: minted.tokenId, encryptionKey: bobKey });
const moved = await transferAgent(alice, { tokenId: minted.tokenId, to: bob.account.address, accessProofs });
console.log(`alice transferred agent #${minted.tokenId} to bob: the operator is now ${moved.operator} (was ${minted.operator})`);

// Bob runs it: the memory moves to the new agent key's stream, as it was at the transfer.
await fundAgentCompute(bob, { provider });
const second = await runAgent(bob, { tokenId: minted.tokenId, question: "What did your previous holder ask you?", encryptionKey: bobKey });
console.log(`memory handed over from ${second.handover?.stream} at version ${second.handover?.version} to ${second.memory.stream}`);
console.log(`bob asked: What did your previous holder ask you?`);
console.log(`Ada answered (verified, TEE signer ${second.signer}): ${second.answer}`);
console.log(`Ada remembers: ${second.remembered.map((e) => `${e.askedBy === alice.account.address ? "alice" : e.askedBy} asked "${e.question}"`).join("; ")}`);
console.log(`memory: ${second.visits} visit(s), version ${second.memoryVersion}`);

// Alice cannot open it any more, and her copy of the old agent key no longer controls its account.
const error = await runAgent(alice, { tokenId: minted.tokenId, question: "Are you still mine?", encryptionKey: aliceKey }).catch((e: unknown) => e);
console.log(`alice runs it: ${isBaseError(error) ? `${error.name} (code ${error.code}): ${error.shortMessage}` : "it ran (unexpected)"}`);
const { operator } = await getAgentAccount(alice, { tokenId: minted.tokenId });
console.log(`agent account operator: ${operator} (alice's old agent key ${minted.operator} is ${operator === minted.operator ? "still" : "no longer"} it)`);
