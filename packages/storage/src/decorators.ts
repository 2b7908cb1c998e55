import type { Account, Address, Chain, Client, Hex, Transport } from "viem";
import { download, type DownloadParameters, type DownloadReturnType, type DownloadTarget } from "./actions/download.js";
import { getFileInfo, type GetFileInfoParameters, type GetFileInfoReturnType } from "./actions/getFileInfo.js";
import { fileRoot, merkleTree, type MerkleTreeOptions } from "./actions/merkleTree.js";
import { upload, type UploadParameters, type UploadReturnType } from "./actions/upload.js";
import type { FileMerkle } from "./merkle/file.js";
import type { MerkleSource } from "./source/types.js";

/** Defaults that `storageActions()` applies to every call (a call's own parameters win). */
export type StorageActionsParameters = {
  /** The indexer URL; defaults to the registry's for the client's chain, or the devnet's. */
  indexer?: string | undefined;
  /** Storage node URLs instead of an indexer. */
  nodes?: readonly string[] | undefined;
  /** The Flow contract for uploads. */
  flow?: Address | undefined;
};

/** The methods `client.extend(storageActions())` adds. */
export type StorageActions = {
  /** {@link upload} with this client. */
  upload(parameters: UploadParameters): Promise<UploadReturnType>;
  /** {@link download} with this client. */
  download<const to extends DownloadTarget = "bytes">(parameters: DownloadParameters<to>): Promise<DownloadReturnType<to>>;
  /** {@link getFileInfo} with this client. */
  getFileInfo(parameters: GetFileInfoParameters): Promise<GetFileInfoReturnType>;
  /** {@link fileRoot}: the root of a file, computed locally. */
  fileRoot(source: MerkleSource, options?: MerkleTreeOptions): Promise<Hex>;
  /** {@link merkleTree}: the merkle tree of a file, computed locally. */
  merkleTree(source: MerkleSource, options?: MerkleTreeOptions): Promise<FileMerkle>;
};

/**
 * Binds the storage actions to a viem client: `client.extend(storageActions())`.
 *
 * @example
 * import { createWalletClient, http } from "viem";
 * import { storageActions } from "@0g/storage";
 *
 * const client = createWalletClient({ account, chain, transport: http() }).extend(storageActions());
 * const { root } = await client.upload({ data: bytes });
 * const { data } = await client.download({ root });
 */
export function storageActions(defaults: StorageActionsParameters = {}) {
  const given = Object.fromEntries(Object.entries(defaults).filter(([, v]) => v !== undefined)) as StorageActionsParameters;
  return <transport extends Transport, chain extends Chain | undefined, account extends Account | undefined>(
    client: Client<transport, chain, account>,
  ): StorageActions => ({
    upload: (parameters) => upload(client, { ...given, ...defined(parameters) }),
    download: (parameters) => download(client, { ...pick(given), ...defined(parameters) }),
    getFileInfo: (parameters) => getFileInfo(client, { ...pick(given), ...defined(parameters) } as GetFileInfoParameters),
    fileRoot: (source, options) => fileRoot(source, options),
    merkleTree: (source, options) => merkleTree(source, options),
  });
}

/** The endpoint defaults (downloads and lookups take no Flow address). */
function pick({ indexer, nodes }: StorageActionsParameters): { indexer?: string; nodes?: readonly string[] } {
  return { ...(indexer === undefined ? {} : { indexer }), ...(nodes === undefined ? {} : { nodes }) };
}

/** Drops `undefined` values so that they do not override the defaults. */
function defined<T extends object>(parameters: T): T {
  return Object.fromEntries(Object.entries(parameters).filter(([, v]) => v !== undefined)) as T;
}
