import { InvalidParameterError, isBaseError, RpcResponseError } from "@0g/core";
import { isHex, type Client, type Hex } from "viem";
import type { FileInfo } from "../rpc/types.js";
import { FileNotFoundError } from "./errors.js";
import { indexerRpc, listNodes, nodeRpc, resolveEndpoints, type StorageEndpoints, type StorageNodeClient } from "./network.js";

/** A node that knows the file, with what it says about it. */
export type FileHolder = { readonly node: StorageNodeClient; readonly info: FileInfo };

/** A file as the nodes know it. */
export type LocatedFile = {
  readonly root: Hex;
  readonly txSeq: number;
  readonly size: number;
  /** Nodes that know the file, finalized ones first. */
  readonly holders: readonly FileHolder[];
};

/** What download/getFileInfo take as their first argument: a viem client, or the storage endpoints. */
export type StorageClientOrEndpoints = Client | StorageEndpoints;

export function isClient(value: StorageClientOrEndpoints): value is Client {
  return typeof (value as Client).request === "function" && typeof (value as Client).transport === "object";
}

/** The endpoints of the first argument and the parameters (parameters win). */
export async function endpointsOf(
  target: StorageClientOrEndpoints,
  parameters: StorageEndpoints,
): Promise<{ indexer?: string; nodes?: readonly string[] }> {
  if (isClient(target)) return resolveEndpoints(target, parameters);
  return resolveEndpoints(undefined, {
    indexer: parameters.indexer ?? target.indexer,
    nodes: parameters.nodes ?? target.nodes,
  });
}

export function checkRoot(root: unknown): Hex {
  if (typeof root !== "string" || !isHex(root, { strict: true }) || root.length !== 66)
    throw new InvalidParameterError({ name: "root", value: root, expected: "a 32-byte hex file root" });
  return root.toLowerCase() as Hex;
}

export function checkTxSeq(txSeq: unknown): number {
  if (typeof txSeq !== "number" || !Number.isSafeInteger(txSeq) || txSeq < 0)
    throw new InvalidParameterError({ name: "txSeq", value: txSeq, expected: "a non-negative integer" });
  return txSeq;
}

/**
 * The candidate nodes of a file: the given node URLs, or the indexer's `indexer_getFileLocations`
 * (falling back to every node it lists when it has no locations, or when looking up by txSeq).
 */
async function candidates(
  endpoints: { indexer?: string; nodes?: readonly string[] },
  root: Hex | undefined,
  { all, signal }: { all: boolean; signal: AbortSignal | undefined },
): Promise<StorageNodeClient[]> {
  if (endpoints.nodes !== undefined || root === undefined || all) return listNodes(endpoints, { signal });
  const indexer = indexerRpc(endpoints.indexer!);
  const located = await indexer.request({ method: "indexer_getFileLocations", params: [root] }, { signal }).catch((error: unknown) => {
    // The Go indexer answers "file not found" (-32000) for roots no node reports.
    if (isBaseError(error, RpcResponseError.code)) return null;
    throw error;
  });
  if (located && located.length > 0) return located.map(({ url, config }) => ({ url, config, rpc: nodeRpc(url) }));
  return listNodes(endpoints, { signal });
}

/**
 * Finds the nodes that know a file (by root or txSeq) and what they say about it.
 *
 * @param all Ask every node the endpoints know, not only the indexer's locations.
 * @throws {FileNotFoundError} when no node knows it.
 */
export async function locateFile(
  endpoints: { indexer?: string; nodes?: readonly string[] },
  file: { root: Hex; txSeq?: undefined } | { root?: undefined; txSeq: number },
  {
    all = false,
    needAvailable = true,
    signal,
  }: {
    all?: boolean;
    /** Ask for files the node can serve (`zgs_getFileInfo(root, true)`); false also finds files still being uploaded. */
    needAvailable?: boolean;
    signal?: AbortSignal | undefined;
  } = {},
): Promise<LocatedFile> {
  const nodes = await candidates(endpoints, file.root, { all, signal });
  const answers = await Promise.all(
    nodes.map(async (node) => {
      const info =
        file.root !== undefined
          ? await node.rpc.request({ method: "zgs_getFileInfo", params: [file.root, needAvailable] }, { signal }).catch(() => null)
          : await node.rpc.request({ method: "zgs_getFileInfoByTxSeq", params: [file.txSeq] }, { signal }).catch(() => null);
      if (!info || !info.tx) return undefined;
      if (file.root !== undefined && info.tx.dataMerkleRoot.toLowerCase() !== file.root) return undefined;
      return { node, info };
    }),
  );
  signal?.throwIfAborted();
  const holders = answers.filter((a) => a !== undefined).sort((a, b) => Number(b.info.finalized) - Number(a.info.finalized));
  const first = holders[0];
  if (!first) throw new FileNotFoundError(file.root !== undefined ? { root: file.root } : { txSeq: file.txSeq });
  const root = (file.root ?? first.info.tx.dataMerkleRoot.toLowerCase()) as Hex;
  // Nodes that disagree with the first (finalized) one about the file are not used.
  const same = holders.filter((h) => h.info.tx.size === first.info.tx.size && h.info.tx.dataMerkleRoot.toLowerCase() === root);
  return { root, txSeq: first.info.tx.seq, size: first.info.tx.size, holders: same };
}
