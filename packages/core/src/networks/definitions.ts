import { zgGalileo, zgMainnet } from "../chains/definitions.js";
import type { NetworkInfo } from "./types.js";

// Sources: 0g-protocol.md §5 and §2.6, which cite
// - storage Flow/Mine/Reward: 0g-storage-node:run/config-{testnet-turbo,testnet-standard,mainnet-turbo}.toml
//   (the addresses on 0g-doc's testnet page are stale, as is its chain id 16601);
// - compute ledger/inference/fine-tuning: 0g-compute-ts-sdk:src.ts/sdk/constants.ts, matching
//   0g-serving-contract:deployments/{zgMainnet,zgTestnetV4};
// - DAEntrance: 0g-doc testnet-overview (the DA-integration doc's 0x857C…9Aa9 is older);
// - staking: 0g-doc contracts-on-0g/staking-interfaces.md;
// - precompiles DASigners 0x…1000 and WrappedOGBase 0x…1002: 0g-doc precompiles, same on both networks;
// - mainnet indexer-storage-standard: 0g-compute-ts-sdk fine-tuning/const.ts.
// Left out because no source gives them: mainnet DAEntrance, mainnet staking, standard storage
// contracts on mainnet, mainnet storage explorer. Market is not listed anywhere: read `flow.market()`.

const daSigners = "0x0000000000000000000000000000000000001000";
const wrappedOGBase = "0x0000000000000000000000000000000000001002";

/** 0G mainnet (chain id 16661). */
export const mainnet = {
  name: "mainnet",
  chain: zgMainnet,
  contracts: Object.freeze({
    flow: "0x62D4144dB0F0a6fBBaeb6296c785C71B3D57C526",
    mine: "0xCd01c5Cd953971CE4C2c9bFb95610236a7F414fe",
    reward: "0x457aC76B58ffcDc118AABD6DbC63ff9072880870",
    computeLedger: "0x2dE54c845Cd948B72D2e32e39586fe89607074E3",
    computeInference: "0x47340d900bdFec2BD393c626E12ea0656F938d84",
    computeFineTuning: "0x4e3474095518883744ddf135b7E0A23301c7F9c0",
    daSigners,
    wrappedOGBase,
  }),
  endpoints: Object.freeze({
    rpc: "https://evmrpc.0g.ai",
    explorer: "https://chainscan.0g.ai",
    explorerApi: "https://chainscan.0g.ai/open/api",
    indexer: "https://indexer-storage-turbo.0g.ai",
    indexerStandard: "https://indexer-storage-standard.0g.ai",
  }),
} as const satisfies NetworkInfo;

/** 0G Galileo testnet (chain id 16602). */
export const galileo = {
  name: "galileo",
  chain: zgGalileo,
  contracts: Object.freeze({
    flow: "0x22E03a6A89B950F1c82ec5e74F8eCa321a105296",
    mine: "0x00A9E9604b0538e06b268Fb297Df333337f9593b",
    reward: "0xA97B57b4BdFEA2D0a25e535bd849ad4e6C440A69",
    flowStandard: "0x0460aA47b41a66694c0a73f667a1b795A5ED3556",
    mineStandard: "0x1785c8683b3c527618eFfF78d876d9dCB4b70285",
    rewardStandard: "0x0496D0817BD8519e0de4894Dc379D35c35275609",
    computeLedger: "0xE70830508dAc0A97e6c087c75f402f9Be669E406",
    computeInference: "0xa79F4c8311FF93C06b8CfB403690cc987c93F91E",
    computeFineTuning: "0xC6C075D8039763C8f1EbE580be5ADdf2fd6941bA",
    daEntrance: "0xE75A073dA5bb7b0eC622170Fd268f35E675a957B",
    daSigners,
    wrappedOGBase,
    staking: "0xea224dBB52F57752044c0C86aD50930091F561B9",
  }),
  endpoints: Object.freeze({
    rpc: "https://evmrpc-testnet.0g.ai",
    explorer: "https://chainscan-galileo.0g.ai",
    storageExplorer: "https://storagescan-galileo.0g.ai",
    indexer: "https://indexer-storage-testnet-turbo.0g.ai",
    indexerStandard: "https://indexer-storage-testnet-standard.0g.ai",
    faucet: "https://faucet.0g.ai",
  }),
} as const satisfies NetworkInfo;

/**
 * The built-in networks, by name.
 *
 * @example
 * import { networks } from "@0g/core";
 * const flow = networks.galileo.contracts.flow;
 */
export const networks = { mainnet, galileo } as const;
