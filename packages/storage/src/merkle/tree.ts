import { InvalidParameterError } from "@0g/core";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import type { Keccak } from "./keccak.js";

/**
 * A merkle proof in 0G's format (`FileProof` / `FlowProof`): `lemma = [leaf, sibling_0 (bottom), …,
 * sibling_k (top), root]`, and `path[i]` is true when the node at level i is the LEFT child (its
 * sibling `lemma[i + 1]` is on the right). A single-leaf tree has `lemma = [root]`, `path = []`.
 */
export type MerkleProof = { lemma: Hex[]; path: boolean[] };

/**
 * The levels of a promotion tree, bottom up: `levels[0]` holds the leaves and the last level the
 * root, each level packed 32 bytes per node. An unpaired last node moves up unchanged.
 */
export type MerkleLevels = readonly Uint8Array[];

/**
 * Builds every level of the promotion tree over `leaves` (packed 32-byte hashes, or hex).
 *
 * @example
 * const levels = merkleLevels(keccak, segmentRoots);
 * const proof = proofFor(levels, 2);
 */
export function merkleLevels(keccak: Keccak, leaves: Uint8Array | readonly Hex[]): Uint8Array[] {
  let level = packHashes(leaves);
  if (level.length === 0) throw new InvalidParameterError({ name: "leaves", value: [], expected: "at least one leaf" });
  const levels = [level];
  while (level.length > 32) {
    level = keccak.hashLevel(level);
    levels.push(level);
  }
  return levels;
}

/**
 * The root of the promotion tree over `leaves` (0G's `MerkleTree.build`).
 *
 * @example
 * merkleRoot(keccak, [a, b, c]); // H(H(a, b), c)
 */
export function merkleRoot(keccak: Keccak, leaves: Uint8Array | readonly Hex[]): Hex {
  return bytesToHex(merkleRootBytes(keccak, packHashes(leaves)));
}

/** {@link merkleRoot} on packed leaves, returning bytes; hashes in place into a copy. */
export function merkleRootBytes(keccak: Keccak, leaves: Uint8Array): Uint8Array {
  const n = leaves.length >>> 5;
  if (n === 0) throw new InvalidParameterError({ name: "leaves", value: [], expected: "at least one leaf" });
  if (n === 1) return leaves.slice(0, 32);
  let level = keccak.hashLevel(leaves);
  while (level.length > 32) level = keccak.hashLevel(level, level);
  return level.subarray(0, 32);
}

/**
 * The proof of leaf `index` in a tree built with {@link merkleLevels}.
 *
 * @example
 * const { lemma, path } = proofFor(merkleLevels(keccak, leaves), 0);
 */
export function proofFor(levels: MerkleLevels, index: number): MerkleProof {
  const leaves = (levels[0]?.length ?? 0) >>> 5;
  if (!Number.isSafeInteger(index) || index < 0 || index >= leaves)
    throw new InvalidParameterError({ name: "index", value: index, expected: `a leaf index below ${leaves}` });
  const root = bytesToHex(levels[levels.length - 1]!.subarray(0, 32));
  if (leaves === 1) return { lemma: [root], path: [] };
  const lemma: Hex[] = [bytesToHex(levels[0]!.subarray(index * 32, index * 32 + 32))];
  const path: boolean[] = [];
  let i = index;
  for (let depth = 0; depth < levels.length - 1; depth++) {
    const count = levels[depth]!.length >>> 5;
    const isLeft = i % 2 === 0;
    const sibling = isLeft ? i + 1 : i - 1;
    // A promoted node (the unpaired last one) has no sibling at this level and adds nothing.
    if (sibling < count) {
      lemma.push(bytesToHex(levels[depth]!.subarray(sibling * 32, sibling * 32 + 32)));
      path.push(isLeft);
    }
    i >>>= 1;
  }
  lemma.push(root);
  return { lemma, path };
}

/**
 * The leaf position a proof's `path` leads to in a tree of `numLeaves` leaves (0G's
 * `calculateProofPosition` / the node's `FileProof::position`): from the top, the left subtree
 * holds `nextPow2(n) / 2` leaves. Returns an error text (the node's own) for a path of the wrong
 * length.
 */
export function proofPosition(
  path: readonly boolean[],
  numLeaves: number,
): { position: number; error?: undefined } | { error: string; position?: undefined } {
  let left = numLeaves;
  let position = 0;
  for (let i = path.length - 1; i >= 0; i--) {
    if (left <= 1) return { error: `Proof path too long for a tree size: path=${rustBools(path)}, size=${numLeaves}` };
    const subtree = 2 ** Math.ceil(Math.log2(left)) / 2;
    if (path[i]) left = subtree;
    else {
      position += subtree;
      left -= subtree;
    }
  }
  if (left !== 1) return { error: `Proof path too short for a tree size: path=${rustBools(path)}, size=${numLeaves}` };
  return { position };
}

export type VerifyProofParameters = {
  /** The expected root. */
  root: Hex | Uint8Array;
  /** The leaf hash the proof is for. */
  leaf: Hex | Uint8Array;
  /** The leaf's index. */
  index: number;
  /** Leaves in the tree. */
  numLeaves: number;
  proof: MerkleProof;
};

/** Why {@link checkProof} rejected a proof; `message` is the 0G node's own text. */
export type ProofCheckResult =
  | { ok: true }
  | { ok: false; reason: "format" | "position" | "hash" | "root" | "leaf"; message: string };

/**
 * Checks a proof the way a 0G storage node does (`FileProof::validate`): format, position from
 * `path` and `numLeaves`, the hash chain from `lemma[0]` to `lemma[last]`, then root and leaf.
 *
 * @example
 * checkProof(keccak, { root, leaf, index: 2, numLeaves: 3, proof }); // { ok: true }
 */
export function checkProof(keccak: Keccak, parameters: VerifyProofParameters): ProofCheckResult {
  const { proof, index, numLeaves } = parameters;
  const { lemma, path } = proof;
  const wellFormed = path.length === 0 ? lemma.length === 1 : lemma.length === path.length + 2;
  if (!wellFormed || !lemma.every(isHash)) return { ok: false, reason: "format", message: "invalid proof" };
  const at = proofPosition(path, numLeaves);
  if (at.error !== undefined) return { ok: false, reason: "position", message: at.error };
  if (at.position !== index)
    return { ok: false, reason: "position", message: `wrong position: proof_pos=${at.position} provided=${index}` };
  const nodes = lemma.map((h) => hexToBytes(h));
  const proofRoot = nodes[nodes.length - 1]!;
  let current = nodes[0]!;
  for (let i = 0; i < path.length; i++)
    current = path[i] ? keccak.hashPair(current, nodes[i + 1]!) : keccak.hashPair(nodes[i + 1]!, current);
  if (!equalBytes(current, proofRoot)) return { ok: false, reason: "hash", message: "validation failed" };
  const root = toBytes(parameters.root);
  if (!equalBytes(proofRoot, root))
    return {
      ok: false,
      reason: "root",
      message: `root mismatch, proof_root=${rustBytes(proofRoot)} provided=${rustBytes(root)}`,
    };
  const leaf = toBytes(parameters.leaf);
  if (!equalBytes(nodes[0]!, leaf))
    return {
      ok: false,
      reason: "leaf",
      message: `data hash mismatch: leaf_hash=${rustBytes(leaf)} proof_item=${rustBytes(nodes[0]!)}`,
    };
  return { ok: true };
}

/**
 * True when `proof` proves `leaf` at `index` of a `numLeaves`-leaf tree with root `root`.
 *
 * @example
 * verifyProof(keccak, { root: merkle.root, leaf: segmentRootHex, index: 1, numLeaves: merkle.segments, proof });
 */
export function verifyProof(keccak: Keccak, parameters: VerifyProofParameters): boolean {
  return checkProof(keccak, parameters).ok;
}

/**
 * `zeroHashes[d]`: the root of a complete subtree of `2^d` zero chunks (`ZERO_HASHES` of 0G's
 * `append_merkle`); `zeroHashes[0]` is the empty-chunk hash.
 */
export const zeroHashes: readonly Hex[] = [
  "0xd397b3b043d87fcd6fad1291ff0bfd16401c274896d8c63a923727f077b8e0b5",
  "0xf73e6947d7d1628b9976a6e40d7b278a8a16405e96324a68df45b12a51b7cfde",
  "0xa1520264ae93cac619e22e8718fc4fa7ebdd23f493cad602434d2a58ff4868fb",
  "0xde5747106ac1194a1fa9071dbd6cf19dc2bc7964497ef0afec7e4bdbcf08c47e",
  "0x09c7082879180d28c789c05fafe7030871c76cedbe82c948b165d6a1d66ac15b",
  "0xaa7a02bcf29fba687f84123c808b5b48834ff5395abe98e622fadc14e4180c95",
  "0x7608fd46b710b589e0f2ee5a13cd9c41d432858a30d524f84c6d5db37f66273a",
  "0xa5d9a2f7f3573ac9a1366bc484688b4daf934b87ea9b3bf2e703da8fd9f09708",
  "0x6c1779477f4c3fca26b4607398859a43b90a286ce8062500744bd4949981757f",
  "0x45c22df3d952c33d5edce122eed85e5cda3fd61939e7ad7b3e03b6927bb598ea",
  "0xe68d02859bb6211cec64f52368b77d422de3b8eac34bf615942b814b643301b5",
  "0x62d78399b954d51cb9728601738ad13ddc43b2300064660716bb661d2f4d686f",
  "0x6e250d9abdbbb3993fce08de0395cdb56f0483e67d8762a798de011f6a50866a",
  "0x1d1a3a74062fd94078617e33eb901eaf16a830f67c387d8eed342db2ac5e2cc5",
  "0x19b3b3886526917eae8650223d0be20a0301be960eb339696e673ad8a804440f",
  "0xee9e05df53f10e62a897e5140a3f58732dd849e69cd1d62b21ed80ead711a014",
  "0x2cc7aa6e611a113a34505dc1c96b220f14909b70e2c2c7b1a74655da21013c5e",
  "0x949b52dfece7ca3bad3cb27f7750ecaee64cedb6243a275c35984e92956c530a",
  "0xb2680d060b763b932c150434c3812ba9fbc50937e0ebcf5758de884be81bab65",
  "0x523aebf4a085edbc9c8cdc99c83f46262e5f029b395ff7bf561a48a3f387e6b8",
  "0xc9ab73827ab33c0cedb7ecf0ed2e6e32583c0fe887133a7f381ea4ba84d95b76",
  "0x23eb397dec7e564ebe97f160a5e1081a77d9861f316807079b6be4731beb331e",
  "0xdfa44a274c60f090df034aaf75539fd40e94cfd6362dd53d26ed20c8ad529563",
  "0x15b13ee358e1044a53381243c094e54bf7aceb9b5325a0313d6b85fd44e8b3a5",
  "0x1a7a93871e2daa0f1860aa91d4ece4ccd012dac5fe581176a21b155cfeca6d40",
  "0xb12665fd0b884a7c7d1e0294d369170d7e672d9e125eb87784556305f98292df",
  "0x2a5543b0b2f8cf550524390291774f4d6c8c0a25ff5393b09c44d75c92a5bd8e",
  "0xf9df1841a6e7164b67a1242f1c74975137085ffd9721831f6c469d3a4d5ba42e",
  "0xba24736b1b48246c1f7803be967be43ca0dddc9c2c0687a2957952249bc89371",
  "0xf3f706b73790c73ca0a8f0460ac3a2a102e280415586b520e70cd5e8264388b4",
  "0xc1f5a9a9f357e1c37814688cf7290c87a264ed3d6174a12b978da1c586f53825",
  "0x766f7702e19ce23d426cdad03e4292a5a42c4669420101fed74400ec7cda3ac6",
  "0x070fec213e105b3e4d9b0434ac2fc7ca721d35093dc741fb9419797003e2394a",
  "0x9a7aade05b49e43f5fd3782571cc8c90eadacd5d660b53842b4e5b63d675ae0c",
  "0xb27b35a8236d0f9b6692820429c025ed58ed378dc98d316b762f0c865c68be6f",
  "0xdc567ad38d9b90cc9bea4e0f82ec05eca10b3aa94eddc7b63c4fd20c001bb53b",
  "0xb208dfc457c8b30661ae49544c8e57399818095aab8dd7a426fb8dd56bb8c559",
  "0xc4a72e1ff84f7a22631f3f95c61c392f98f52050360215a9d7e75d79b0bcd2ca",
  "0xbb093ec8c0d7defb1de668b5b5dd4f2619e5cd92d29cc144862364a83ab993a8",
  "0xe341796f2fe3975012c1e6badfa2e9c4523e43f911dc845082c3f4d7b4ff871d",
  "0x42d356a11a0b39243eca3c3263299cb6f8c3e9728af6d9d8b0ddb6d354f1890d",
  "0x0ce506e834e3a50a33f80074bc7fa16cf3c0712b36a41b69699177ea25de6c30",
  "0xd8fa5bf130aeb7756b1ed09090cc80ed78dae0617978540f0fabd06dfb978938",
  "0xeed69a20fe36eb604f2153efa3b01c0e143cdf02229a1b8f741c9c2719059eb0",
  "0x303c9c566ebf5bfe252796e5c131a99801226152a514688b5ca6883e99031d88",
  "0xc7c3765ba96cfbccf3ae718393fa89791070cc8cd85f280b6ac46aea10d96042",
  "0x1ca65b0a2b8034ee6bfb1fa4526832304e393af835c2c42b4dace58048746800",
  "0x957add5e02350fd47de3a8e1da38fd774ceb31214d5897ed6315740a83cd634a",
  "0x787892cb439d5d358870774e163557cf02ec3cb87be6fde11abf1acee14eeaa4",
  "0x047c0962d4f5c8f60692c587de07739528c4d2059240d61dd34d2a547a438ee6",
  "0xc18727efc9e4df63020dcd90edc17dfd2ad14f02328c912b13898e0b53735556",
  "0xe38b9218987e451effe1648c3c9851ad03b64b052a5a3f5ca30f4d7b1ecf7120",
  "0x0e48ecb1a5418e6218289acc8cf723e67ac6eae3ecb80f644336ab4365a2f2b2",
  "0xd60e66f5b8cd08d71a1a4d7798952a7afa5a6e93a886c587a46a5500ebef4a60",
  "0x5162aa9c31d9105f689cf6e71e19548bc9f0218b7d0f99ff7fa8bc2f19c68462",
  "0x6fa8519b4b0e8fb97a9b618e97627d97b9b9d29d04521fd96472e9c502700568",
  "0x41f5dcf0cdee270a2ad9a5f8130aaaab94b237463e09757c28b0321f09e24eb0",
  "0x87a119239fa90732197108adfd029938b4743874d959d3da79b3a30f4832899e",
  "0x8e96dbaa5c72e84a5297b040ccc1a60750a3201166e3b7740d352837233608a1",
  "0x01605058d167ce967af8c475d2f6c341c3e0b437babf899c9da73a520aa4ecb5",
  "0x04529eb80532c5118949d700d8dfd2aa86850b1c6479b26276b9486784a145ff",
  "0xd191814ad13f27361ae20a46cbac8f6e76c10ebe9af0806d6720492ee2f296f0",
  "0xa28df63f78821060570da371c0be1312188346b92a7965cc4b980b26c134a4d7",
  "0xb48a92d40b61dc995ceecee4cded6415050dcece448b1e0b5e5b6a0e6981f3ef",
];

function isHash(value: unknown): value is Hex {
  return typeof value === "string" && /^0x[0-9a-fA-F]{64}$/.test(value);
}

function toBytes(value: Hex | Uint8Array): Uint8Array {
  return typeof value === "string" ? hexToBytes(value) : value;
}

/** Packs hex hashes into 32-byte-per-node bytes (packed bytes are returned as they are). */
export function packHashes(hashes: Uint8Array | readonly Hex[]): Uint8Array {
  if (hashes instanceof Uint8Array) {
    if (hashes.length % 32 !== 0)
      throw new InvalidParameterError({ name: "leaves", value: hashes.length, expected: "a multiple of 32 bytes" });
    return hashes;
  }
  const packed = new Uint8Array(hashes.length * 32);
  hashes.forEach((h, i) => {
    if (!isHash(h)) throw new InvalidParameterError({ name: `leaves[${i}]`, value: h, expected: "a 32-byte hex hash" });
    packed.set(hexToBytes(h), i * 32);
  });
  return packed;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Rust's `{:?}` of a `[u8; 32]`, as the node prints it in error messages. */
function rustBytes(bytes: Uint8Array): string {
  return `[${Array.from(bytes).join(", ")}]`;
}

/** Rust's `{:?}` of a `Vec<bool>`. */
function rustBools(path: readonly boolean[]): string {
  return `[${path.join(", ")}]`;
}
