import { defaultMnemonic } from "./accounts.js";
import { resolveComputeOptions, type ComputeOptions, type ResolvedComputeOptions } from "./compute/options.js";
import { DevnetOptionError } from "./errors.js";
import { resolveInftOptions, type InftOptions, type ResolvedInftOptions } from "./oracle/options.js";
import { resolveStorageOptions, type ResolvedStorageOptions, type StorageOptions } from "./storage/options.js";

/** How blocks are produced: on every transaction, on a timer, or only when `mine()` is called. */
export type MiningMode =
  | { readonly mode: "auto" }
  | { readonly mode: "interval"; /** Milliseconds between blocks. */ readonly interval: number }
  | { readonly mode: "manual" };

/**
 * The least the devnet needs of a provider it attaches to: EIP-1193's `request`. Hardhat's
 * `EthereumProvider`, viem's `EIP1193Provider` and `window.ethereum`-style objects all fit.
 */
export type Eip1193RequestProvider = {
  request(args: { method: string; params?: readonly unknown[] | object }): Promise<unknown>;
};

export type CreateDevnetOptions = {
  /** Chain id of a created chain. @default 31337 */
  chainId?: number;
  /** BIP-39 mnemonic of the prefunded accounts. @default "test test ... junk" (anvil's and Hardhat's) */
  mnemonic?: string;
  /** How many prefunded accounts. @default 10 */
  accounts?: number;
  /** Genesis balance of each account, in wei. @default 10_000 0G */
  balance?: bigint;
  /** Block production. @default { mode: "auto" } */
  mining?: MiningMode;
  /** EVM hardfork of a created chain; 0G compiles and runs on cancun. @default "cancun" */
  hardfork?: string;
  /** Block gas limit of a created chain. @default 60_000_000n */
  blockGasLimit?: bigint;
  /** Base fee of the genesis block, in wei. @default 1 gwei */
  initialBaseFeePerGas?: bigint;
  /** Timestamp of the genesis block (seconds). @default now */
  genesisTimestamp?: number;
  /**
   * Attach to an existing EIP-1193 provider (a Hardhat network connection, an anvil, another devnet)
   * instead of creating a chain: the system contracts are deployed into it and the accounts are
   * funded with `hardhat_setBalance`. `chainId` and `hardfork` then come from the provider.
   */
  provider?: Eip1193RequestProvider;
  /**
   * The storage layer: storage nodes following Flow, an indexer, PoRA miners. On by default with 4
   * nodes in 2 shard groups; `false` leaves it out (and its contracts' start-up cost).
   */
  storage?: StorageOptions | false;
  /**
   * The compute layer: inference providers registered in 0G's compute contracts (deployed at the
   * addresses 0G's SDK knows for chain 31337), serving an OpenAI-compatible API with TEE-signed
   * responses at `<rpc>/compute/<i>` and settling fees on chain. On by default with 2 providers of
   * the deterministic built-in model; `false` leaves it out. `{ fineTuning: true }` adds
   * fine-tuning providers at `<rpc>/compute/fine-tuning/<i>` (they need the storage layer).
   */
  compute?: ComputeOptions | false;
  /**
   * The INFT layer (ERC-7857): 0G's agent-nft contracts (`AgentNFT`, its `Verifier`, the agent
   * account registry) and the re-encryption oracle at `<rpc>/inft/oracle`, whose TEE key is the
   * Verifier's `teeOracleAddress`. On by default when the storage layer is on (the agents' data
   * lives on 0G Storage); `false` leaves it out, `true` or options with `storage: false` is an error.
   */
  inft?: InftOptions | boolean;
};

export type ResolvedDevnetOptions = {
  chainId: number;
  mnemonic: string;
  accounts: number;
  balance: bigint;
  mining: MiningMode;
  hardfork: string;
  blockGasLimit: bigint;
  initialBaseFeePerGas: bigint;
  genesisTimestamp: number;
  provider: Eip1193RequestProvider | undefined;
  storage: ResolvedStorageOptions | undefined;
  compute: ResolvedComputeOptions | undefined;
  inft: ResolvedInftOptions | undefined;
};

export function resolveOptions(options: CreateDevnetOptions): ResolvedDevnetOptions {
  const chainId = options.chainId ?? 31337;
  if (!Number.isSafeInteger(chainId) || chainId < 1)
    throw new DevnetOptionError({ option: "chainId", reason: `Expected a positive integer, got ${String(chainId)}.` });
  const accounts = options.accounts ?? 10;
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > 1000)
    throw new DevnetOptionError({ option: "accounts", reason: `Expected an integer from 1 to 1000, got ${String(accounts)}.` });
  const balance = options.balance ?? 10_000n * 10n ** 18n;
  if (typeof balance !== "bigint" || balance < 0n)
    throw new DevnetOptionError({ option: "balance", reason: "Expected a non-negative bigint (wei)." });
  const mining = options.mining ?? { mode: "auto" };
  validateMining(mining);
  const blockGasLimit = options.blockGasLimit ?? 60_000_000n;
  if (typeof blockGasLimit !== "bigint" || blockGasLimit < 21_000n)
    throw new DevnetOptionError({ option: "blockGasLimit", reason: "Expected a bigint of at least 21000." });
  const initialBaseFeePerGas = options.initialBaseFeePerGas ?? 1_000_000_000n;
  if (typeof initialBaseFeePerGas !== "bigint" || initialBaseFeePerGas < 0n)
    throw new DevnetOptionError({ option: "initialBaseFeePerGas", reason: "Expected a non-negative bigint (wei)." });
  const genesisTimestamp = options.genesisTimestamp ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(genesisTimestamp) || genesisTimestamp < 0)
    throw new DevnetOptionError({ option: "genesisTimestamp", reason: "Expected a non-negative integer (seconds)." });
  const storage = resolveStorageOptions(options.storage);
  const compute = resolveComputeOptions(options.compute);
  const inft = resolveInftOptions(options.inft, storage !== undefined);
  if (compute?.fineTuning && !storage)
    throw new DevnetOptionError({
      option: "compute.fineTuning",
      reason: "Fine-tuning providers fetch datasets from and deliver models to 0G Storage: keep the storage layer (do not pass storage: false).",
    });
  return {
    chainId,
    mnemonic: options.mnemonic ?? defaultMnemonic,
    accounts,
    balance,
    mining,
    hardfork: options.hardfork ?? "cancun",
    blockGasLimit,
    initialBaseFeePerGas,
    genesisTimestamp,
    provider: options.provider,
    storage,
    compute,
    inft,
  };
}

export function validateMining(mining: MiningMode): void {
  const mode = (mining as { mode?: unknown } | undefined)?.mode;
  if (mode === "auto" || mode === "manual") return;
  if (mode === "interval") {
    const { interval } = mining as { interval?: unknown };
    if (typeof interval === "number" && Number.isInteger(interval) && interval > 0) return;
    throw new DevnetOptionError({ option: "mining.interval", reason: "Expected a positive integer number of milliseconds." });
  }
  throw new DevnetOptionError({ option: "mining", reason: 'Expected { mode: "auto" | "manual" } or { mode: "interval", interval }.' });
}
