import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { artifacts } from "hardhat";
import { abiLine, ZG_COMPUTE_ABI } from "./computeReference.js";

/** What our ABIs may have besides 0G's: the ledger's batched calls and a cap on balances. */
const ADDITIONS = {
  LedgerManager: ["function spendFunds() -> () nonpayable", "error AmountTooLarge(uint256 amount)"],
  InferenceServing: [
    "function ledgerQuote(address user, address provider) -> (bool exists, uint256 pendingRefund, uint256 providerCount) view",
    "function lockedBalance(address user) -> (uint256 total) view",
    "function userProviders(address user) -> (address[] providers) view",
    "function retrieveFunds(address user, address[] providers) -> (uint256 total) nonpayable",
    "function deleteAccounts(address user) -> () nonpayable",
    "error AmountTooLarge(uint256 amount)",
  ],
  FineTuningServing: [
    "function ledgerQuote(address user, address provider) -> (bool exists, uint256 pendingRefund, uint256 providerCount) view",
    "function lockedBalance(address user) -> (uint256 total) view",
    "function userProviders(address user) -> (address[] providers) view",
    "function retrieveFunds(address user, address[] providers) -> (uint256 total) nonpayable",
    "function deleteAccounts(address user) -> () nonpayable",
    "error AmountTooLarge(uint256 amount)",
  ],
} as const;

describe("Compute ABIs against 0G's (functions, events, errors, names, struct fields)", async () => {
  for (const name of ["LedgerManager", "InferenceServing", "FineTuningServing"] as const) {
    it(`${name} has every item of 0G's ABI, unchanged, and only the documented additions`, async () => {
      const { abi } = await artifacts.readArtifact(name);
      const ours = new Set(abi.map(abiLine));
      const theirs = new Set<string>(ZG_COMPUTE_ABI[name]);
      const missing = [...theirs].filter((line) => !ours.has(line));
      const extra = [...ours].filter((line) => !theirs.has(line));
      assert.deepEqual(missing, [], `missing from ours:\n${missing.join("\n")}`);
      assert.deepEqual(extra.sort(), [...ADDITIONS[name]].sort(), `additions:\n${extra.join("\n")}`);
    });
  }
});
