import type { Account, Address, Chain, Client, Hex, Transport } from "viem";
import { download, type DownloadParameters, type DownloadReturnType, type DownloadTarget } from "./actions/download.js";
import { getFileInfo, type GetFileInfoParameters, type GetFileInfoReturnType } from "./actions/getFileInfo.js";
import { fileRoot, merkleTree, type MerkleTreeOptions } from "./actions/merkleTree.js";
import { upload, type UploadParameters, type UploadReturnType } from "./actions/upload.js";
import { getKvReplayProgress, type GetKvReplayProgressParameters, type GetKvReplayProgressReturnType } from "./actions/getKvReplayProgress.js";
import { getKvStreamIds, type GetKvStreamIdsParameters, type GetKvStreamIdsReturnType } from "./actions/getKvStreamIds.js";
import {
  getKvTransactionResult,
  type GetKvTransactionResultParameters,
  type GetKvTransactionResultReturnType,
} from "./actions/getKvTransactionResult.js";
import { getKvValue, type GetKvValueParameters, type GetKvValueReturnType } from "./actions/getKvValue.js";
import { hasKvWritePermission, type HasKvWritePermissionParameters } from "./actions/hasKvWritePermission.js";
import { isKvAdmin, type IsKvAdminParameters } from "./actions/isKvAdmin.js";
import { isKvSpecialKey, type IsKvSpecialKeyParameters } from "./actions/isKvSpecialKey.js";
import { isKvWriterOfKey, type IsKvWriterOfKeyParameters } from "./actions/isKvWriterOfKey.js";
import { isKvWriterOfStream, type IsKvWriterOfStreamParameters } from "./actions/isKvWriterOfStream.js";
import { iterateKv, type IterateKvParameters, type IterateKvReturnType } from "./actions/iterateKv.js";
import { kvTransaction, type KvTransactionParameters, type KvTransactionReturnType } from "./actions/kvTransaction.js";
import { listKv, type ListKvParameters, type ListKvReturnType } from "./actions/listKv.js";
import { waitForKvTransaction, type WaitForKvTransactionParameters } from "./actions/waitForKvTransaction.js";
import { writeKv, type WriteKvParameters, type WriteKvReturnType } from "./actions/writeKv.js";
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

/** Defaults that `kvActions()` applies to every call (a call's own parameters win). */
export type KvActionsParameters = {
  /** The KV node URL; defaults to the registry's for the client's chain, or the devnet's. */
  kv?: string | undefined;
};

/** The methods `client.extend(kvActions())` adds; the writes need a client with an account (or an `account` parameter). */
export type KvActions = {
  /** {@link writeKv} with this client. */
  writeKv(parameters: WriteKvParameters): Promise<WriteKvReturnType>;
  /** {@link kvTransaction} with this client. */
  kvTransaction<result>(parameters: KvTransactionParameters<result>): Promise<KvTransactionReturnType<result>>;
  /** {@link getKvValue} with this client. */
  getKvValue(parameters: GetKvValueParameters): Promise<GetKvValueReturnType>;
  /** {@link iterateKv} with this client. */
  iterateKv(parameters: IterateKvParameters): IterateKvReturnType;
  /** {@link listKv} with this client. */
  listKv(parameters: ListKvParameters): Promise<ListKvReturnType>;
  /** {@link getKvTransactionResult} with this client. */
  getKvTransactionResult(parameters: GetKvTransactionResultParameters): Promise<GetKvTransactionResultReturnType>;
  /** {@link waitForKvTransaction} with this client. */
  waitForKvTransaction(parameters: WaitForKvTransactionParameters): Promise<string>;
  /** {@link getKvReplayProgress} with this client. */
  getKvReplayProgress(parameters?: GetKvReplayProgressParameters): Promise<GetKvReplayProgressReturnType>;
  /** {@link getKvStreamIds} with this client. */
  getKvStreamIds(parameters?: GetKvStreamIdsParameters): Promise<GetKvStreamIdsReturnType>;
  /** {@link isKvAdmin} with this client. */
  isKvAdmin(parameters: IsKvAdminParameters): Promise<boolean>;
  /** {@link isKvWriterOfStream} with this client. */
  isKvWriterOfStream(parameters: IsKvWriterOfStreamParameters): Promise<boolean>;
  /** {@link isKvWriterOfKey} with this client. */
  isKvWriterOfKey(parameters: IsKvWriterOfKeyParameters): Promise<boolean>;
  /** {@link isKvSpecialKey} with this client. */
  isKvSpecialKey(parameters: IsKvSpecialKeyParameters): Promise<boolean>;
  /** {@link hasKvWritePermission} with this client. */
  hasKvWritePermission(parameters: HasKvWritePermissionParameters): Promise<boolean>;
};

/**
 * Binds the KV actions to a viem client: `client.extend(kvActions())`.
 *
 * @example
 * import { createWalletClient, http } from "viem";
 * import { kvActions, kvBatch, toStreamId } from "@0g/storage";
 *
 * const client = createWalletClient({ account, chain, transport: http() }).extend(kvActions());
 * const notes = toStreamId("my-app/notes");
 * await client.writeKv({ batch: kvBatch().set(notes, "greeting", "hello") });
 * const entry = await client.getKvValue({ streamId: notes, key: "greeting" });
 */
export function kvActions(defaults: KvActionsParameters = {}) {
  const given = defined(defaults);
  return <transport extends Transport, chain extends Chain | undefined, account extends Account | undefined>(
    client: Client<transport, chain, account>,
  ): KvActions => {
    const wallet = client as Client<Transport, Chain | undefined, Account | undefined>;
    return {
      writeKv: (parameters) => writeKv(wallet, { ...given, ...defined(parameters) }),
      kvTransaction: (parameters) => kvTransaction(wallet, { ...given, ...defined(parameters) }),
      getKvValue: (parameters) => getKvValue(client, { ...given, ...defined(parameters) }),
      iterateKv: (parameters) => iterateKv(client, { ...given, ...defined(parameters) }),
      listKv: (parameters) => listKv(client, { ...given, ...defined(parameters) }),
      getKvTransactionResult: (parameters) => getKvTransactionResult(client, { ...given, ...defined(parameters) }),
      waitForKvTransaction: (parameters) => waitForKvTransaction(client, { ...given, ...defined(parameters) }),
      getKvReplayProgress: (parameters = {}) => getKvReplayProgress(client, { ...given, ...defined(parameters) }),
      getKvStreamIds: (parameters = {}) => getKvStreamIds(client, { ...given, ...defined(parameters) }),
      isKvAdmin: (parameters) => isKvAdmin(client, { ...given, ...defined(parameters) }),
      isKvWriterOfStream: (parameters) => isKvWriterOfStream(client, { ...given, ...defined(parameters) }),
      isKvWriterOfKey: (parameters) => isKvWriterOfKey(client, { ...given, ...defined(parameters) }),
      isKvSpecialKey: (parameters) => isKvSpecialKey(client, { ...given, ...defined(parameters) }),
      hasKvWritePermission: (parameters) => hasKvWritePermission(client, { ...given, ...defined(parameters) }),
    };
  };
}
