/**
 * The only module that knows EDR, the Rust EVM inside Hardhat, loaded in-process through N-API.
 * Everything else talks to the chain through the raw JSON-RPC handler this returns.
 */
import {
  ContractDecoder,
  EdrContext,
  L1_CHAIN_TYPE,
  MineOrdering,
  l1GenesisState,
  l1HardforkFromString,
  l1HardforkToString,
  l1ProviderFactory,
} from "@nomicfoundation/edr";
import { hexToBytes, type Hex } from "viem";
import { ChainStartError, DevnetOptionError } from "../errors.js";

export type EdrChainConfig = {
  chainId: number;
  hardfork: string;
  blockGasLimit: bigint;
  initialBaseFeePerGas: bigint;
  genesisTimestamp: number;
  /** Accounts EDR signs for (eth_sendTransaction) and funds at genesis. */
  accounts: readonly { privateKey: Hex; address: Hex; balance: bigint }[];
  autoMine: boolean;
  /** Interval mining in ms, or undefined. */
  interval: number | undefined;
};

/** Handles one JSON-RPC request given as a JSON string; resolves to the response JSON string. */
export type RawRpcHandler = (request: string) => Promise<string>;

// EDR's native context must be created once per process; a second one cannot install its tracing.
// It is kept on globalThis so the ESM and CJS builds of this package, loaded side by side, share it.
const contextKey = Symbol.for("@0g/devnet:edr-context");
function edrContext(): Promise<EdrContext> {
  const holder = globalThis as { [contextKey]?: Promise<EdrContext> };
  holder[contextKey] ??= (async () => {
    const ctx = new EdrContext();
    await ctx.registerProviderFactory(L1_CHAIN_TYPE, l1ProviderFactory());
    return ctx;
  })();
  return holder[contextKey];
}

export async function createEdrChain(config: EdrChainConfig): Promise<{ handle: RawRpcHandler; hardfork: string }> {
  let hardfork;
  try {
    hardfork = l1HardforkFromString(config.hardfork);
  } catch (cause) {
    throw new DevnetOptionError({ option: "hardfork", reason: `Unknown hardfork "${config.hardfork}": ${String(cause)}` });
  }
  try {
    const ctx = await edrContext();
    const provider = await ctx.createProvider(
      L1_CHAIN_TYPE,
      {
        allowBlocksWithSameTimestamp: false,
        allowUnlimitedContractSize: false,
        // A reverting eth_call is an error with the revert data, as geth (0G's execution client) answers.
        bailOnCallFailure: true,
        bailOnTransactionFailure: false,
        chainId: BigInt(config.chainId),
        coinbase: hexToBytes("0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e"),
        defaultTransactionGasLimit: config.blockGasLimit < 16_777_216n ? config.blockGasLimit : 16_777_216n,
        genesisState: [
          ...l1GenesisState(hardfork),
          ...config.accounts.map((a) => ({ address: hexToBytes(a.address), balance: a.balance })),
        ],
        hardfork: l1HardforkToString(hardfork),
        initialBaseFeePerGas: config.initialBaseFeePerGas,
        minGasPrice: 0n,
        mining: {
          autoMine: config.autoMine,
          blockGasLimit: config.blockGasLimit,
          ...(config.interval === undefined ? {} : { interval: BigInt(config.interval) }),
          memPool: { order: MineOrdering.Priority },
        },
        network: { genesisBlockGasLimit: config.blockGasLimit, genesisBlockTime: BigInt(config.genesisTimestamp) },
        networkId: BigInt(config.chainId),
        observability: {},
        ownedAccounts: config.accounts.map((a) => a.privateKey),
        precompileOverrides: [],
      },
      { enable: false, decodeConsoleLogInputsCallback: () => [], printLineCallback: () => {} },
      { subscriptionCallback: () => {} },
      new ContractDecoder(),
    );
    const handle: RawRpcHandler = async (request) => {
      const response = await provider.handleRequest(request);
      const data: unknown = response.data;
      return typeof data === "string" ? data : JSON.stringify(data);
    };
    return { handle, hardfork: l1HardforkToString(hardfork) };
  } catch (cause) {
    throw new ChainStartError({ cause });
  }
}
