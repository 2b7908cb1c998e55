import { createRequire } from "node:module";
import hardhatToolboxViemPlugin from "@nomicfoundation/hardhat-toolbox-viem";
import { defineConfig } from "hardhat/config";

/**
 * Hardhat's compiler download is not reachable everywhere (HHE905), so the build uses the WASM
 * compiler shipped in the exactly pinned `solc` npm package through Hardhat's custom compiler `path`.
 */
const solcPath = createRequire(import.meta.url).resolve("solc/soljson.js");

/**
 * One compiler configuration for both profiles, so the bytecode we ship (`src/generated/`) is the
 * bytecode the tests run and measure gas on. 0G's docs compile with `cancun`.
 *
 * `bytecodeHash: "none"` leaves the metadata hash out of the bytecode. That hash covers the whole
 * compilation job (its remappings), so with it a contract's bytecode would change with the other
 * files compiled beside it: the Solidity tests, or `production`'s isolated per-file jobs. Without it
 * the bytecode depends only on the contract's own sources and these settings.
 */
const compiler = {
  version: "0.8.37",
  path: solcPath,
  settings: {
    evmVersion: "cancun",
    optimizer: { enabled: true, runs: 200 },
    metadata: { bytecodeHash: "none" },
  },
};

export default defineConfig({
  plugins: [hardhatToolboxViemPlugin],
  solidity: {
    profiles: {
      default: compiler,
      production: compiler,
    },
  },
  test: {
    solidity: {
      fuzz: { runs: 256 },
      // Foundry's default (256 runs x 500 calls) takes ~25 s on 2 cores; this keeps the invariant
      // suites to about a second while still exploring thousands of call sequences each.
      invariant: { runs: 128, depth: 32 },
    },
  },
});
