import type { Hex } from "viem";
import type { InvalidParameterError } from "@0g/core";
import { fileLayout } from "../merkle/padding.js";
import { selectNodes } from "../rpc/shard.js";
import type { FileInfo, ShardConfig } from "../rpc/types.js";
import type { FileNotFoundError, StorageEndpointNotFoundError } from "../transfer/errors.js";
import { checkRoot, checkTxSeq, endpointsOf, locateFile, type StorageClientOrEndpoints } from "../transfer/locate.js";

export type GetFileInfoParameters = ({ root: Hex; txSeq?: undefined } | { root?: undefined; txSeq: number }) & {
  /** The indexer URL (overrides the first argument's). */
  indexer?: string | undefined;
  /** Storage node URLs to ask instead of the indexer's nodes. */
  nodes?: readonly string[] | undefined;
  signal?: AbortSignal | undefined;
};

export type GetFileInfoReturnType = {
  root: Hex;
  txSeq: number;
  /** File size in bytes. */
  size: number;
  /** Segments of file data. */
  segments: number;
  /** First flow sector of the file. */
  startEntryIndex: number;
  /** True when the nodes that finalized the file hold every segment at least once. */
  finalized: boolean;
  /** What each node that knows the file says (`zgs_getFileInfo`). */
  nodes: { url: string; config: ShardConfig; info: FileInfo }[];
};

export type GetFileInfoErrorType = FileNotFoundError | InvalidParameterError | StorageEndpointNotFoundError;

/**
 * What the storage nodes know about a file: its submission (txSeq, size, start), and per node
 * whether it finalized its share.
 *
 * @example
 * import { getFileInfo } from "@0g/storage";
 * const info = await getFileInfo(client, { root: "0x…" });
 * console.log(info.finalized, info.nodes.map((n) => n.url));
 */
export async function getFileInfo(client: StorageClientOrEndpoints, parameters: GetFileInfoParameters): Promise<GetFileInfoReturnType> {
  const endpoints = await endpointsOf(client, parameters);
  const file = parameters.root !== undefined ? { root: checkRoot(parameters.root) } : { txSeq: checkTxSeq(parameters.txSeq) };
  const located = await locateFile(endpoints, file, { all: true, needAvailable: false, signal: parameters.signal });
  const finalizedNodes = located.holders.filter((h) => h.info.finalized).map((h) => h.node);
  const first = located.holders[0]!.info;
  return {
    root: located.root,
    txSeq: located.txSeq,
    size: located.size,
    segments: fileLayout(located.size).dataSegments,
    startEntryIndex: first.tx.startEntryIndex,
    finalized: finalizedNodes.length > 0 && selectNodes(finalizedNodes, 1).ok,
    nodes: located.holders.map(({ node, info }) => ({ url: node.url, config: node.config, info })),
  };
}
