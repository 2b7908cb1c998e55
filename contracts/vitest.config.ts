import { defineProject } from "vitest/config";
import { sourceConditions } from "../vitest.shared.js";

// Only the package's own unit tests: test/*.ts are node:test suites run by `hardhat test`.
export default defineProject({
  ...sourceConditions,
  test: { name: "@0g/contracts", include: ["src/**/*.test.ts"] },
});
