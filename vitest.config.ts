import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["contracts/vitest.config.ts", "packages/*/vitest.config.ts", "devnet/vitest.config.ts", "examples/*/vitest.config.ts"],
  },
});
