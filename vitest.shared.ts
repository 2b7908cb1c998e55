import { defaultServerConditions } from "vite";

/**
 * Tests import workspace packages from their TypeScript source (the `@0g/source` export condition),
 * so a test run never depends on a stale `dist/`. Published consumers never see this condition.
 */
export const sourceConditions = {
  resolve: { conditions: ["@0g/source", ...defaultServerConditions] },
  ssr: { resolve: { conditions: ["@0g/source", ...defaultServerConditions] } },
};
