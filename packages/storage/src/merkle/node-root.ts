import { InvalidParameterError } from "@0g/core";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import type { Keccak } from "./keccak.js";

/**
 * The file root from a submission's nodes, as the chain and the storage node derive it:
 * `H(n0, H(n1, H(n2, …)))`, folding from the right (`nodes_to_root` in 0G's log-entry fetcher).
 * For nodes made by the padding rules this equals the promotion tree over the segment roots.
 *
 * @example
 * rootFromSubmissionNodes(keccak, merkle.nodes) === merkle.root; // true
 */
export function rootFromSubmissionNodes(keccak: Keccak, nodes: readonly { root: Hex }[]): Hex {
  if (nodes.length === 0) throw new InvalidParameterError({ name: "nodes", value: [], expected: "at least one node" });
  let root = hexToBytes(nodes[nodes.length - 1]!.root);
  for (let i = nodes.length - 2; i >= 0; i--) root = keccak.hashPair(hexToBytes(nodes[i]!.root), root);
  return bytesToHex(root);
}
