// The official 0G TypeScript SDK (@0gfoundation/0g-ts-sdk@1.2.8) as an oracle in tests and benches.
import { MemData } from "@0gfoundation/0g-ts-sdk";

export async function officialMerkle(data: Uint8Array): Promise<{ root: string; nodes: { root: string; height: number }[] }> {
  const file = new MemData(data);
  const [tree, error] = await file.merkleTree();
  if (error !== null || tree === null) throw error ?? new Error("no tree");
  const [submission, subError] = await file.createSubmission("0x");
  if (subError !== null || submission === null) throw subError ?? new Error("no submission");
  const nodes = (submission.data.nodes as { root: string; height: unknown }[]).map((n) => ({
    root: n.root.toLowerCase(),
    height: Number(n.height),
  }));
  return { root: tree.rootHash()!.toLowerCase(), nodes };
}

export async function officialRoot(data: Uint8Array): Promise<string> {
  const [tree, error] = await new MemData(data).merkleTree();
  if (error !== null || tree === null) throw error ?? new Error("no tree");
  return tree.rootHash()!;
}
