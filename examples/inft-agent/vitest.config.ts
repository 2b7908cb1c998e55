import { defineProject } from "vitest/config";
import { sourceConditions } from "../../vitest.shared.js";

export default defineProject({ ...sourceConditions, test: { name: "example-inft-agent", testTimeout: 60_000, hookTimeout: 60_000 } });
