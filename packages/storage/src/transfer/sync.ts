import { isBaseError } from "@0g/core";
import type { FileInfo } from "../rpc/types.js";
import type { StorageNodeClient } from "./network.js";
import { poll } from "./retry.js";

/**
 * Polls `zgs_getFileInfoByTxSeq` on every node until each knows the submission. A node whose
 * requests fail (it is down) stops being waited for; the others are waited for up to the timeout.
 */
export async function syncNodes(
  nodes: readonly StorageNodeClient[],
  txSeq: number,
  { timeout, signal }: { timeout: number; signal: AbortSignal | undefined },
): Promise<{ node: StorageNodeClient; info: FileInfo | undefined }[]> {
  const infos = new Map<StorageNodeClient, FileInfo | undefined>();
  const down = new Set<StorageNodeClient>();
  await poll(
    async () => {
      await Promise.all(
        nodes
          .filter((n) => !infos.get(n) && !down.has(n))
          .map(async (node) => {
            try {
              const info = await node.rpc.request({ method: "zgs_getFileInfoByTxSeq", params: [txSeq] }, { signal });
              if (info) infos.set(node, info);
            } catch (error) {
              if (signal?.aborted) throw error;
              if (!isBaseError(error)) throw error;
              down.add(node);
            }
          }),
      );
      return nodes.every((n) => infos.get(n) || down.has(n)) ? true : undefined;
    },
    { timeout, signal },
  );
  return nodes.map((node) => ({ node, info: infos.get(node) }));
}
