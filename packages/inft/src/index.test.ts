import { expect, it } from "vitest";

it("exports exactly its public API", async () => {
  expect(Object.keys(await import("./index.js")).sort()).toMatchInlineSnapshot(`[]`);
});
