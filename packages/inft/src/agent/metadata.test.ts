import { describe, expect, it } from "vitest";
import { InvalidAgentMetadataError } from "../errors.js";
import { agentKeyAddress, decodeAgentMetadata, encodeAgentMetadata, generateAgentKey } from "./metadata.js";

describe("agent metadata", () => {
  it("round-trips and names the agent key's address", () => {
    const agentKey = generateAgentKey();
    const bytes = encodeAgentMetadata({ agentKey, data: { model: "m", prompts: ["a"] } });
    expect(decodeAgentMetadata(bytes)).toEqual({ agentKey, data: { model: "m", prompts: ["a"] } });
    expect(agentKeyAddress(agentKey)).toMatch(/^0x[0-9a-fA-F]{40}$/);
  });

  it("typed errors with the offending path", () => {
    const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    const cases: [Uint8Array, string][] = [
      [new Uint8Array([0xff]), ""],
      [enc([]), ""],
      [enc({ version: 2, agentKey: generateAgentKey() }), "version"],
      [enc({ version: 1, agentKey: "0x12" }), "agentKey"],
      [enc({ version: 1, agentKey: `0x${"0".repeat(64)}` }), "agentKey"],
    ];
    for (const [bytes, path] of cases) {
      const error = (() => {
        try {
          decodeAgentMetadata(bytes);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(InvalidAgentMetadataError);
      expect((error as InvalidAgentMetadataError).path).toBe(path);
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodeAgentMetadata({ agentKey: generateAgentKey(), data: cyclic })).toThrow(InvalidAgentMetadataError);
  });
});
