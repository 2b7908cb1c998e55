import { defineProject } from "vitest/config";
import { sourceConditions } from "../../vitest.shared.js";

// The action tests run a devnet (chain, 0G Storage, the INFT oracle) per file.
export default defineProject({ ...sourceConditions, test: { name: "@0g/inft", testTimeout: 60_000, hookTimeout: 60_000 } });
