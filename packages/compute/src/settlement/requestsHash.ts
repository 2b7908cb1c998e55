import { keccak256, stringToBytes, type Hex } from "viem";

/** One settled request as 0G's provider stores it (`model.Request`), in the form it hashes. */
export type SettlementRequest = {
  /** The request's id: a UUID the provider assigned (`req.RequestHash = req.Nonce`). */
  requestHash: string;
  /** The user's address, as the provider recorded it (the token's `address` text). */
  userAddress: string;
  /** Total fee in neuron (decimal string, or a bigint written in decimal). */
  fee: bigint | string;
  /** Input fee in neuron. */
  inputFee: bigint | string;
  /** Output fee in neuron. */
  outputFee: bigint | string;
};

/**
 * The `requestsHash` of a TEE settlement, exactly as 0G's provider computes it
 * (`hashUserRequests` in the broker's `ctrl/settlement_tee.go`): keccak256 of the UTF-8 bytes of
 * every request's `requestHash ‖ userAddress ‖ fee ‖ inputFee ‖ outputFee`, in order, concatenated
 * as strings with no separator (bigints written in decimal). Case and formatting of each string
 * matter: hash the strings you stored.
 *
 * @example
 * hashUserRequests([{ requestHash: "5e0c…", userAddress: "0xf39F…", fee: 300n, inputFee: 100n, outputFee: 200n }]);
 */
export function hashUserRequests(requests: readonly SettlementRequest[]): Hex {
  let text = "";
  for (const r of requests) text += `${r.requestHash}${r.userAddress}${String(r.fee)}${String(r.inputFee)}${String(r.outputFee)}`;
  return keccak256(stringToBytes(text));
}
