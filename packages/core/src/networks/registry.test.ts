import { getAddress } from "viem";
import { afterEach, describe, expect, test } from "vitest";
import { zgGalileo, zgMainnet } from "../chains/definitions.js";
import { InvalidParameterError } from "../errors/general.js";
import { UnknownNetworkError } from "../errors/network.js";
import { networks } from "./definitions.js";
import { getNetwork, listNetworks, registerNetwork, unregisterNetwork } from "./registry.js";
import { networkFromDevnetInfo } from "./devnet.js";
import type { DevnetInfo } from "./types.js";

afterEach(() => {
  for (const { name } of listNetworks()) unregisterNetwork(name);
});

describe("built-in networks", () => {
  test("mainnet", () => {
    const { mainnet } = networks;
    expect(mainnet.chain).toBe(zgMainnet);
    expect(mainnet.contracts).toMatchObject({
      flow: "0x62D4144dB0F0a6fBBaeb6296c785C71B3D57C526",
      mine: "0xCd01c5Cd953971CE4C2c9bFb95610236a7F414fe",
      reward: "0x457aC76B58ffcDc118AABD6DbC63ff9072880870",
    });
    expect(mainnet.endpoints).toMatchObject({ rpc: "https://evmrpc.0g.ai", indexer: "https://indexer-storage-turbo.0g.ai" });
    // Unknown per the protocol notes: not invented.
    expect(mainnet.contracts).not.toHaveProperty("daEntrance");
    expect(mainnet.contracts).not.toHaveProperty("staking");
    expect(mainnet.contracts).not.toHaveProperty("flowStandard");
  });

  test("galileo", () => {
    const { galileo } = networks;
    expect(galileo.chain).toBe(zgGalileo);
    expect(galileo.contracts).toMatchObject({
      flow: "0x22E03a6A89B950F1c82ec5e74F8eCa321a105296",
      mine: "0x00A9E9604b0538e06b268Fb297Df333337f9593b",
      reward: "0xA97B57b4BdFEA2D0a25e535bd849ad4e6C440A69",
      flowStandard: "0x0460aA47b41a66694c0a73f667a1b795A5ED3556",
      mineStandard: "0x1785c8683b3c527618eFfF78d876d9dCB4b70285",
      rewardStandard: "0x0496D0817BD8519e0de4894Dc379D35c35275609",
      daEntrance: "0xE75A073dA5bb7b0eC622170Fd268f35E675a957B",
      staking: "0xea224dBB52F57752044c0C86aD50930091F561B9",
    });
    expect(galileo.endpoints).toMatchObject({
      rpc: "https://evmrpc-testnet.0g.ai",
      explorer: "https://chainscan-galileo.0g.ai",
      indexer: "https://indexer-storage-testnet-turbo.0g.ai",
      indexerStandard: "https://indexer-storage-testnet-standard.0g.ai",
    });
  });

  test("does not carry the stale values of the docs", () => {
    const text = JSON.stringify(Object.values(networks).map(({ contracts, endpoints }) => ({ contracts, endpoints })));
    for (const stale of ["0xbD75117F", "0x3A0d1d67", "0x53191725", "0xd3D4D911", "0x857C0A28", "16601", "newton"]) {
      expect(text.toLowerCase()).not.toContain(stale.toLowerCase());
    }
  });

  test("every address is checksummed and every endpoint is https", () => {
    for (const network of Object.values(networks)) {
      for (const address of Object.values(network.contracts)) expect(getAddress(address)).toBe(address);
      for (const endpoint of Object.values(network.endpoints)) expect(String(endpoint)).toMatch(/^https:\/\//);
      expect(network.endpoints.rpc).toBe(network.chain.rpcUrls.default.http[0]);
    }
  });

  test("entries are frozen", () => {
    expect(Object.isFrozen(networks.galileo.contracts)).toBe(true);
    expect(Object.isFrozen(networks.galileo.endpoints)).toBe(true);
  });
});

describe("getNetwork", () => {
  test("by name and by chain id", () => {
    expect(getNetwork("galileo")).toBe(networks.galileo);
    expect(getNetwork("mainnet")).toBe(networks.mainnet);
    expect(getNetwork(16602)).toBe(networks.galileo);
    expect(getNetwork(16661)).toBe(networks.mainnet);
  });

  test("unknown → UnknownNetworkError listing the known names", () => {
    const error = (() => {
      try {
        getNetwork("newton");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UnknownNetworkError);
    expect((error as UnknownNetworkError).details).toBe("Known networks: mainnet, galileo.");
    expect(() => getNetwork(16601)).toThrow(UnknownNetworkError);
  });
});

describe("registerNetwork", () => {
  const info: DevnetInfo = {
    chainId: 31337,
    rpcUrl: "http://127.0.0.1:8545",
    mnemonic: "test test test test test test test test test test test junk",
    accounts: [],
    contracts: { flow: "0x5FbDB2315678afecb367f032d93F642f64180aa3" },
    endpoints: { rpc: "http://127.0.0.1:8545", storageNodes: ["http://127.0.0.1:5678"] },
  };

  test("adds a runtime network, found by name and chain id", () => {
    const stored = registerNetwork(networkFromDevnetInfo(info));
    expect(getNetwork("devnet")).toBe(stored);
    expect(getNetwork(31337)).toBe(stored);
    expect(stored.contracts.flow).toBe("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    expect(Object.isFrozen(stored.contracts)).toBe(true);
    expect(listNetworks().map((n) => n.name)).toEqual(["mainnet", "galileo", "devnet"]);
  });

  test("the newest registration wins a chain id; unregister removes it", () => {
    registerNetwork(networkFromDevnetInfo(info, { name: "a" }));
    registerNetwork(networkFromDevnetInfo(info, { name: "b" }));
    expect(getNetwork(31337).name).toBe("b");
    expect(unregisterNetwork("b")).toBe(true);
    expect(getNetwork(31337).name).toBe("a");
    expect(unregisterNetwork("b")).toBe(false);
  });

  test("built-ins can be neither replaced nor removed", () => {
    expect(() => registerNetwork({ ...networks.galileo })).toThrow(InvalidParameterError);
    expect(unregisterNetwork("galileo")).toBe(false);
    expect(getNetwork("galileo")).toBe(networks.galileo);
  });

  test("validates the entry", () => {
    const good = networkFromDevnetInfo(info);
    expect(() => registerNetwork({ ...good, name: "" })).toThrow(InvalidParameterError);
    expect(() => registerNetwork({ ...good, contracts: { flow: "0x1234" } })).toThrow(/info\.contracts\.flow/);
    expect(() => registerNetwork({ ...good, endpoints: { rpc: "not a url" } })).toThrow(/info\.endpoints\.rpc/);
  });
});
