import { createPublicClient, http } from "viem";
import { describe, expect, test } from "vitest";
import { InvalidParameterError } from "../errors/general.js";
import { defineZgDevnet, zgDevnet, zgGalileo, zgMainnet } from "./definitions.js";

describe("chains", () => {
  test("mainnet", () => {
    expect(zgMainnet).toMatchObject({
      id: 16661,
      name: "0G Mainnet",
      nativeCurrency: { name: "0G", symbol: "0G", decimals: 18 },
      rpcUrls: { default: { http: ["https://evmrpc.0g.ai"] } },
      blockExplorers: { default: { url: "https://chainscan.0g.ai" } },
      testnet: false,
    });
  });

  test("galileo is 16602 (16601 and 16600 are stale)", () => {
    expect(zgGalileo).toMatchObject({
      id: 16602,
      name: "0G Galileo Testnet",
      nativeCurrency: { symbol: "0G", decimals: 18 },
      rpcUrls: { default: { http: ["https://evmrpc-testnet.0g.ai"] } },
      blockExplorers: { default: { url: "https://chainscan-galileo.0g.ai" } },
      testnet: true,
    });
  });

  test("devnet defaults", () => {
    expect(zgDevnet).toMatchObject({
      id: 31337,
      name: "0G Devnet",
      rpcUrls: { default: { http: ["http://127.0.0.1:8545"] } },
      contracts: { multicall3: { address: "0xcA11bde05977b3631167028862bE2a173976CA11", blockCreated: 0 } },
      testnet: true,
    });
    const data = (chain: object) => JSON.parse(JSON.stringify(chain)) as unknown; // without viem's `extend`
    expect(data(defineZgDevnet())).toEqual(data(zgDevnet));
  });

  test("defineZgDevnet takes a custom id and RPC URL", () => {
    const chain = defineZgDevnet({ id: 1337, rpcUrl: "http://127.0.0.1:9545" });
    expect(chain.id).toBe(1337);
    expect(chain.rpcUrls.default.http).toEqual(["http://127.0.0.1:9545"]);
    expect(chain.contracts.multicall3.address).toBe("0xcA11bde05977b3631167028862bE2a173976CA11");
  });

  test("defineZgDevnet rejects bad ids and URLs", () => {
    expect(() => defineZgDevnet({ id: 0 })).toThrow(InvalidParameterError);
    expect(() => defineZgDevnet({ id: 1.5 })).toThrow(InvalidParameterError);
    expect(() => defineZgDevnet({ rpcUrl: "127.0.0.1:8545" })).toThrow(InvalidParameterError);
  });

  test("chains plug into viem clients", () => {
    const client = createPublicClient({ chain: zgGalileo, transport: http() });
    expect(client.chain.id).toBe(16602);
  });
});
