import { bytesToHex, type Hex } from "viem";
import { segmentChunks, segmentSize, segmentTreeDepth } from "../constants.js";
import { EmptyFileError, SegmentIndexOutOfRangeError } from "../errors.js";
import type { Keccak } from "./keccak.js";
import { fileLayout } from "./padding.js";
import { segmentLeaves } from "./segment.js";
import { merkleLevels, merkleRootBytes, proofFor, zeroHashes, type MerkleProof } from "./tree.js";

/** A submission node: the root of a complete subtree of `2^height` chunks of the padded file. */
export type SubmissionNode = { root: Hex; height: number };

/** The merkle commitments of a file: its root, its submission nodes and its segment roots. */
export type FileMerkle = {
  /** The file root (`dataMerkleRoot`): the promotion tree over the segment roots of the padded data. */
  readonly root: Hex;
  /** File size in bytes. */
  readonly size: number;
  /** Data chunks, `ceil(size / 256)`. */
  readonly chunks: number;
  /** Chunks merkleized and paid for (`computePaddedSize`). */
  readonly paddedChunks: number;
  /** Leaves of the file tree: segments of the padded data (what segment proofs are over). */
  readonly segments: number;
  /** Segments holding file data: the ones an uploader sends (`ceil(size / 262144)`). */
  readonly dataSegments: number;
  /** The submission nodes (`splitNodes`), heights strictly decreasing. */
  readonly nodes: readonly SubmissionNode[];
  /** The segment roots, packed 32 bytes each (`segments * 32` bytes). */
  readonly segmentRootBytes: Uint8Array;
  /** The segment roots as hex (materialized on first access). */
  readonly segmentRoots: readonly Hex[];
  /** The root of segment `index`. */
  segmentRoot(index: number): Hex;
  /** The proof of segment `index` under {@link FileMerkle.root}; its leaf is the segment root. */
  segmentProof(index: number): MerkleProof;
};

/** Builds a {@link FileMerkle} from bytes fed in any chunking; see {@link createFileMerkleBuilder}. */
export type FileMerkleBuilder = {
  /** Appends bytes of the file. */
  update(bytes: Uint8Array): FileMerkleBuilder;
  /** Bytes seen so far. */
  readonly size: number;
  /** Completes the tree. Throws `EmptyFileError` when no byte was given. The builder is spent after it. */
  finish(): FileMerkle;
};

/**
 * The one-pass streaming merkle builder: every byte is hashed once, segment roots are kept (32 B
 * per segment) and the submission nodes inside the last segment come from its kept leaf hashes, so
 * memory stays flat in the file size.
 *
 * @example
 * const builder = createFileMerkleBuilder(await loadKeccak());
 * for await (const chunk of stream) builder.update(chunk);
 * const { root, nodes } = builder.finish();
 */
export function createFileMerkleBuilder(keccak: Keccak): FileMerkleBuilder {
  const segment = new Uint8Array(segmentSize);
  let fill = 0;
  let size = 0;
  const roots = new RootList();
  const builder: FileMerkleBuilder = {
    get size() {
      return size;
    },
    update(bytes) {
      let offset = 0;
      while (offset < bytes.length) {
        // A full segment is hashed only when more bytes arrive: the last one is finished apart.
        if (fill === segmentSize) {
          roots.push(keccak.chunksRoot(segment));
          fill = 0;
        }
        const n = Math.min(segmentSize - fill, bytes.length - offset);
        segment.set(bytes.subarray(offset, offset + n), fill);
        fill += n;
        offset += n;
      }
      size += bytes.length;
      return builder;
    },
    finish() {
      return assembleFileMerkle(keccak, { size, segmentRoots: roots.bytes(), lastSegment: segment.subarray(0, fill) });
    },
  };
  return builder;
}

/**
 * Completes a file tree from the roots of every data segment but the last (packed), and the bytes
 * of the last data segment. Used by the streaming builder and the parallel hasher.
 */
export function assembleFileMerkle(
  keccak: Keccak,
  { size, segmentRoots, lastSegment }: { size: number; segmentRoots: Uint8Array; lastSegment: Uint8Array },
): FileMerkle {
  if (size === 0) throw new EmptyFileError();
  const layout = fileLayout(size);
  const last = segmentRoots.length >>> 5;
  const all = new Uint8Array(layout.segments * 32);
  all.set(segmentRoots);
  const leafCount = (s: number) => Math.min(segmentChunks, layout.paddedChunks - s * segmentChunks);
  const lastLeaves = segmentLeaves(keccak, lastSegment, leafCount(last));
  all.set(merkleRootBytes(keccak, lastLeaves), last * 32);
  const paddingLeaves = (s: number) => segmentLeaves(keccak, new Uint8Array(0), leafCount(s));
  // Segments made only of padding (possible when padding reaches past a segment boundary).
  for (let s = last + 1; s < layout.segments; s++) {
    const count = leafCount(s);
    const pow = Math.log2(count);
    all.set(
      Number.isInteger(pow) ? hexToBytes32(zeroHashes[pow]!) : merkleRootBytes(keccak, paddingLeaves(s)),
      s * 32,
    );
  }

  const nodes: SubmissionNode[] = [];
  let offset = 0; // in chunks
  for (const height of layout.nodeHeights) {
    const chunks = 2 ** height;
    let root: Uint8Array;
    if (height >= segmentTreeDepth) {
      const first = offset / segmentChunks;
      root = merkleRootBytes(keccak, all.subarray(first * 32, (first + chunks / segmentChunks) * 32));
    } else {
      // Nodes below a segment lie inside the last segment: take them from its leaf hashes.
      const s = Math.floor(offset / segmentChunks);
      const segLeaves = s === last ? lastLeaves : paddingLeaves(s);
      const start = offset - s * segmentChunks;
      root = merkleRootBytes(keccak, segLeaves.subarray(start * 32, (start + chunks) * 32));
    }
    nodes.push({ root: bytesToHex(root), height });
    offset += chunks;
  }

  const root = bytesToHex(merkleRootBytes(keccak, all));
  let levels: Uint8Array[] | undefined;
  let hexRoots: Hex[] | undefined;
  const check = (index: number) => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= layout.segments)
      throw new SegmentIndexOutOfRangeError({ index, segments: layout.segments });
  };
  return {
    root,
    size,
    chunks: layout.chunks,
    paddedChunks: layout.paddedChunks,
    segments: layout.segments,
    dataSegments: layout.dataSegments,
    nodes,
    segmentRootBytes: all,
    get segmentRoots() {
      hexRoots ??= Array.from({ length: layout.segments }, (_, i) => bytesToHex(all.subarray(i * 32, i * 32 + 32)));
      return hexRoots;
    },
    segmentRoot(index) {
      check(index);
      return bytesToHex(all.subarray(index * 32, index * 32 + 32));
    },
    segmentProof(index) {
      check(index);
      levels ??= merkleLevels(keccak, all);
      return proofFor(levels, index);
    },
  };
}

/** A growable list of packed 32-byte roots. */
class RootList {
  #buffer = new Uint8Array(32 * 64);
  #length = 0;
  push(root: Uint8Array): void {
    if (this.#length + 32 > this.#buffer.length) {
      const grown = new Uint8Array(this.#buffer.length * 2);
      grown.set(this.#buffer);
      this.#buffer = grown;
    }
    this.#buffer.set(root.subarray(0, 32), this.#length);
    this.#length += 32;
  }
  bytes(): Uint8Array {
    return this.#buffer.subarray(0, this.#length);
  }
}

function hexToBytes32(hex: string): Uint8Array {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(hex.slice(2 + i * 2, 4 + i * 2), 16);
  return bytes;
}
