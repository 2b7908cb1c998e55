// A demo of the agent memory against a running devnet (`pnpm devnet` in the repository root):
//   pnpm --filter @0g/example-agent-memory start [rpcUrl]
import { getDevnetInfo, networkFromDevnetInfo } from "@0g/core";
import { createWalletClient, http, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createAgentMemory } from "./memory.js";

type Memory = { name: string; goals: string[]; visits: number };

const rpcUrl = process.argv[2] ?? "http://127.0.0.1:8545";
const info = await getDevnetInfo(rpcUrl);
const wallet = createWalletClient({
  account: privateKeyToAccount(info.accounts[0]!.privateKey as Hex),
  chain: networkFromDevnetInfo({ ...info, rpcUrl }).chain,
  transport: http(rpcUrl),
});
const memory = createAgentMemory<Memory>({ client: wallet, stream: `demo-agent/${Date.now()}` });

console.log(`stream ${memory.streamId}`);
console.log("set name:", await memory.set("name", "Ada"));
console.log("set goals + visits at once:", await memory.setMany({ goals: ["learn 0G"], visits: 0 }));
console.log("visit:", await memory.update("visits", (n) => (n ?? 0) + 1));
console.log("rename:", await memory.set("name", "Ada Lovelace"));
console.log("name now:", await memory.get("name"));
console.log("name history:", await memory.history("name"));
console.log("everything:", await memory.list());
