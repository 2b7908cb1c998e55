// The public API of @0g/storage: explicit named exports only (index.test.ts snapshots this list).

// Constants
export {
  chunkSize,
  defaultFragmentSize,
  emptyChunkHash,
  maxSubmissionNodeHeight,
  maxSubmissionNodeSpan,
  segmentChunks,
  segmentSize,
  segmentTreeDepth,
} from "./constants.js";

// Errors
export {
  EmptyFileError,
  FileReadError,
  FileTooLargeError,
  InvalidProofError,
  InvalidSegmentError,
  MerkleWorkerError,
  NodeSelectionError,
  SegmentIndexOutOfRangeError,
  storageErrors,
} from "./errors.js";

// Merkle: hashing, padding, trees, proofs
export { loadKeccak } from "./merkle/keccak.js";
export type { Keccak } from "./merkle/keccak.js";
export {
  chunkCount,
  fileLayout,
  nextPow2,
  paddedChunkCount,
  segmentCount,
  submissionNodeHeights,
} from "./merkle/padding.js";
export type { FileLayout } from "./merkle/padding.js";
export {
  checkProof,
  merkleLevels,
  merkleRoot,
  proofFor,
  proofPosition,
  verifyProof,
  zeroHashes,
} from "./merkle/tree.js";
export type { MerkleLevels, MerkleProof, ProofCheckResult, VerifyProofParameters } from "./merkle/tree.js";
export { segmentLeaves, segmentRoot } from "./merkle/segment.js";
export { assembleFileMerkle, createFileMerkleBuilder } from "./merkle/file.js";
export type { FileMerkle, FileMerkleBuilder, SubmissionNode } from "./merkle/file.js";
export { fileMerkle } from "./merkle/source.js";
export { terminateMerkleWorkers } from "./merkle/parallel.node.js";
export type { FileMerkleOptions, FileSource } from "./merkle/source.js";
export { verifySegmentWithProof } from "./merkle/verify.js";
export type {
  SegmentCheckResult,
  SegmentRejection,
  VerifySegmentExpectations,
  VerifySegmentOptions,
  VerifySegmentParameters,
} from "./merkle/verify.js";
export { rootFromSubmissionNodes } from "./merkle/node-root.js";

// Flow submissions
export { isValidSubmission, submissionDigest, submissionSectors, toSubmission } from "./submission.js";
export type { FlowSubmission, FlowSubmissionNode, ToSubmissionParameters } from "./submission.js";

// RPC wire types, schemas, sharding
export type {
  Base64,
  FileInfo,
  FileProof,
  FlowContext,
  FlowProof,
  IpLocation,
  MerkleNodeTuple,
  NetworkIdentity,
  NetworkProtocolVersion,
  SegmentWithProof,
  ShardConfig,
  ShardedNode,
  ShardedNodes,
  Status,
  Transaction,
  TxSeqOrRoot,
} from "./rpc/types.js";
export type { IndexerRpcSchema, ZgsRpcSchema } from "./rpc/schema.js";
export {
  globalSegmentIndex,
  isValidShardConfig,
  nextSegmentIndex,
  selectNodes,
  shardOf,
  storesSegment,
} from "./rpc/shard.js";
export type { SelectNodesOrder, SelectNodesResult } from "./rpc/shard.js";
export { base64ToBytes, bytesToBase64 } from "./rpc/base64.js";
export { fromSegmentWithProof, segmentBytes, toSegmentWithProof } from "./rpc/segment.js";

// KV (streams): the protocol core, shared with the devnet's KV node
export { kvBlindWriteVersion, kvQueryChunkSize, maxKvKeySize, maxKvOperations, streamDomain } from "./kv/constants.js";
export {
  kvAccessControlFields,
  kvAccessControlOpNames,
  kvAccessControlOps,
  kvAccessControlType,
} from "./kv/access-control.js";
export type { KvAccessControl, KvAccessControlType } from "./kv/access-control.js";
export { decodeStreamData, encodeStreamData, StreamDataDecoder, streamDataSize } from "./kv/stream-data.js";
export type { KvRead, KvWrite, KvWriteEntry, StreamData } from "./kv/stream-data.js";
export { checkStreamId, streamIdsFromTags, streamTags, toStreamId } from "./kv/stream-id.js";
export {
  EmptyKvBatchError,
  InvalidKvKeyError,
  InvalidStreamIdError,
  KvEndpointNotFoundError,
  KvInconsistentReadError,
  KvTimeoutError,
  KvTooManyOperationsError,
  KvTransactionFailedError,
  KvUnknownStreamError,
  KvTransactionSkippedError,
  KvVersionConflictError,
  StreamDataDecodeError,
} from "./kv/errors.js";
export type { KeyValueSegment, KvRpcSchema, ReplayProgress, ValueSegment } from "./rpc/kv-schema.js";
export { KvBatch, kvBatch } from "./kv/batch.js";
export type { KvBatchOptions } from "./kv/batch.js";
export type { KvBytes } from "./kv/bytes.js";
export type { KvEntry } from "./kv/read.js";

// ---- Upload, download, encryption, decorators (the transfer layer; keep this block at the end) ----
export { upload } from "./actions/upload.js";
export type {
  UploadedFile,
  UploadErrorType,
  UploadParameters,
  UploadProgressEvent,
  UploadReturnType,
  UploadStatus,
} from "./actions/upload.js";
export { download } from "./actions/download.js";
export type {
  DownloadErrorType,
  DownloadParameters,
  DownloadProgressEvent,
  DownloadReturnType,
  DownloadTarget,
} from "./actions/download.js";
export { getFileInfo } from "./actions/getFileInfo.js";
export type { GetFileInfoErrorType, GetFileInfoParameters, GetFileInfoReturnType } from "./actions/getFileInfo.js";
export { fileRoot, merkleTree } from "./actions/merkleTree.js";
export type { MerkleTreeErrorType, MerkleTreeOptions } from "./actions/merkleTree.js";
export { storageActions } from "./decorators.js";
export type { StorageActions, StorageActionsParameters } from "./decorators.js";
export { decryptBytes, encryptBytes } from "./encryption/index.js";
export type { Decryption, Encryption } from "./encryption/index.js";
export { parseEncryptionHeader } from "./encryption/header.js";
export type { EncryptionHeader } from "./encryption/header.js";
export type { MerkleSource, UploadSource } from "./source/types.js";
export type { StorageEndpoints } from "./transfer/network.js";
export type { StorageClientOrEndpoints } from "./transfer/locate.js";
export type { RetryOptions } from "./transfer/retry.js";
export {
  AccountRequiredError,
  CryptoUnavailableError,
  DecryptionError,
  FileExistsError,
  FileNotFoundError,
  FlowNotFoundError,
  InsufficientFundsError,
  SegmentUnavailableError,
  SegmentUploadError,
  StorageEndpointNotFoundError,
  StorageTimeoutError,
  SubmissionFailedError,
  TransferAbortedError,
  UnsupportedSourceError,
} from "./transfer/errors.js";
export type { UploadState } from "./transfer/errors.js";

// ---- KV actions (they write through the transfer layer) ----
export type { KvClientOrEndpoint } from "./kv/endpoint.js";
export { writeKv } from "./actions/writeKv.js";
export type { WriteKvErrorType, WriteKvParameters, WriteKvProgressEvent, WriteKvReturnType } from "./actions/writeKv.js";
export { kvTransaction } from "./actions/kvTransaction.js";
export type {
  KvTransactionContext,
  KvTransactionErrorType,
  KvTransactionParameters,
  KvTransactionReturnType,
} from "./actions/kvTransaction.js";
export { getKvValue } from "./actions/getKvValue.js";
export type { GetKvValueErrorType, GetKvValueParameters, GetKvValueReturnType } from "./actions/getKvValue.js";
export { iterateKv } from "./actions/iterateKv.js";
export type { IterateKvErrorType, IterateKvParameters, IterateKvReturnType } from "./actions/iterateKv.js";
export { listKv } from "./actions/listKv.js";
export type { ListKvErrorType, ListKvParameters, ListKvReturnType } from "./actions/listKv.js";
export { getKvTransactionResult } from "./actions/getKvTransactionResult.js";
export type {
  GetKvTransactionResultErrorType,
  GetKvTransactionResultParameters,
  GetKvTransactionResultReturnType,
} from "./actions/getKvTransactionResult.js";
export { waitForKvTransaction } from "./actions/waitForKvTransaction.js";
export type {
  WaitForKvTransactionErrorType,
  WaitForKvTransactionParameters,
  WaitForKvTransactionReturnType,
} from "./actions/waitForKvTransaction.js";
export { getKvReplayProgress } from "./actions/getKvReplayProgress.js";
export type {
  GetKvReplayProgressErrorType,
  GetKvReplayProgressParameters,
  GetKvReplayProgressReturnType,
} from "./actions/getKvReplayProgress.js";
export { getKvStreamIds } from "./actions/getKvStreamIds.js";
export type { GetKvStreamIdsErrorType, GetKvStreamIdsParameters, GetKvStreamIdsReturnType } from "./actions/getKvStreamIds.js";
export { isKvAdmin } from "./actions/isKvAdmin.js";
export type { IsKvAdminErrorType, IsKvAdminParameters, IsKvAdminReturnType } from "./actions/isKvAdmin.js";
export { isKvWriterOfStream } from "./actions/isKvWriterOfStream.js";
export type { IsKvWriterOfStreamErrorType, IsKvWriterOfStreamParameters, IsKvWriterOfStreamReturnType } from "./actions/isKvWriterOfStream.js";
export { isKvWriterOfKey } from "./actions/isKvWriterOfKey.js";
export type { IsKvWriterOfKeyErrorType, IsKvWriterOfKeyParameters, IsKvWriterOfKeyReturnType } from "./actions/isKvWriterOfKey.js";
export { isKvSpecialKey } from "./actions/isKvSpecialKey.js";
export type { IsKvSpecialKeyErrorType, IsKvSpecialKeyParameters, IsKvSpecialKeyReturnType } from "./actions/isKvSpecialKey.js";
export { hasKvWritePermission } from "./actions/hasKvWritePermission.js";
export type {
  HasKvWritePermissionErrorType,
  HasKvWritePermissionParameters,
  HasKvWritePermissionReturnType,
} from "./actions/hasKvWritePermission.js";
export { kvActions } from "./decorators.js";
export type { KvActions, KvActionsParameters } from "./decorators.js";
