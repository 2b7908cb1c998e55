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
