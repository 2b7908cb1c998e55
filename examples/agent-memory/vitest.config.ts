import { defineProject } from "vitest/config";
import { sourceConditions } from "../../vitest.shared.js";

export default defineProject({ ...sourceConditions, test: { name: "example-agent-memory", testTimeout: 60_000, hookTimeout: 60_000 } });
