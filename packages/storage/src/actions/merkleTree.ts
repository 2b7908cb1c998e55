import type { Hex } from "viem";
import type { EmptyFileError, FileReadError } from "../errors.js";
import type { FileMerkle } from "../merkle/file.js";
import { fileMerkle, type FileMerkleOptions } from "../merkle/source.js";
import { isBlob, sourcePieces } from "../source/open.js";
import type { MerkleSource } from "../source/types.js";
import type { UnsupportedSourceError } from "../transfer/errors.js";

export type MerkleTreeOptions = Pick<FileMerkleOptions, "signal" | "workers">;

export type MerkleTreeErrorType = EmptyFileError | FileReadError | UnsupportedSourceError;

/**
 * The merkle tree of a file, as 0G Storage computes it (root, submission nodes, segment roots and
 * proofs), read once from bytes, a Blob/File, a stream, an async iterable or (Node) a file path.
 * Nothing is sent anywhere.
 *
 * @example
 * import { merkleTree } from "@0g/storage";
 * const tree = await merkleTree("./photo.jpg");
 * tree.root; tree.nodes; tree.segmentProof(0);
 */
export async function merkleTree(source: MerkleSource, options: MerkleTreeOptions = {}): Promise<FileMerkle> {
  if (source instanceof Uint8Array || isBlob(source)) return fileMerkle(source, options);
  return fileMerkle(sourcePieces(source, options.signal), options);
}

/**
 * The root of a file: what `upload()` returns and `download()` takes, computed locally.
 *
 * @example
 * import { fileRoot } from "@0g/storage";
 * const root = await fileRoot(new TextEncoder().encode("hello 0G"));
 */
export async function fileRoot(source: MerkleSource, options: MerkleTreeOptions = {}): Promise<Hex> {
  return (await merkleTree(source, options)).root;
}
