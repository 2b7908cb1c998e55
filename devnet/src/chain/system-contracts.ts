import {
  flowBytecode,
  ledgerManagerAbi,
  marketAbi,
  marketBytecode,
  mineBytecode,
  multicall3Address,
  multicall3DeployedBytecode,
  rewardBytecode,
  wrappedOgBytecode,
} from "@0g/contracts";
import { concatHex, encodeAbiParameters, encodeFunctionData, getContractAddress, keccak256, toHex, type Address, type Hex } from "viem";
import {
  computeContractAddresses,
  computeContractAliases,
  computeDeployment,
  hardhatAccount0,
  hardhatAccount0NonceAfterCompute,
} from "../compute/contracts.js";
import { resolveComputeOptions, type ComputeOptions, type ResolvedComputeOptions } from "../compute/options.js";
import { SystemContractDeployError } from "../errors.js";
import { inftDeploys, setUpInft } from "../oracle/contracts.js";
import { resolveInftOptions, type InftOptions, type ResolvedInftOptions } from "../oracle/options.js";
import { defaultPricePerSector, resolveStorageOptions, type ResolvedStorageOptions, type StorageOptions } from "../storage/options.js";
import type { ChainBackend } from "./backend.js";

/**
 * The deterministic CREATE2 deployment proxy every EVM devnet ships (anvil does too) at its
 * well-known address: calldata `salt ++ initCode`, returns the new contract's address. Foundry
 * scripts and Ignition's create2 strategy expect it there, and the devnet deploys through it so a
 * system contract has the same address on every devnet whatever the mnemonic or chain id.
 */
export const create2DeployerAddress: Address = "0x4e59b44847b379578588920cA78FbF26c0B4956C";
const create2DeployerCode: Hex =
  "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3";

/** The account that sends the system deployments (impersonated), so user accounts keep nonce 0. */
export const systemDeployerAddress: Address = "0x0000000000000000000000000000000000De9107";

/**
 * The account that deploys the storage Mine with a plain CREATE at nonce 0, so its address is known
 * before its creation code: Reward names the Mine and the Mine names Reward, which CREATE2 alone
 * cannot do (each address would depend on the other's).
 */
export const mineDeployerAddress: Address = "0x0000000000000000000000000000000000De9108";

const zeroSalt: Hex = `0x${"00".repeat(32)}`;
const saltOf = (name: string): Hex => keccak256(toHex(`@0g/devnet:${name}`));

/** A contract whose runtime code is placed at a fixed address (no constructor, no storage). */
type Predeploy = { name: string; address: Address; code: Hex };
/** A contract deployed through the CREATE2 proxy from its creation code (constructor arguments appended). */
type Create2Deploy = { name: string; initCode: Hex; salt?: Hex };
/** A contract deployed with CREATE by `from` at nonce 0 (impersonated). */
type CreateDeploy = { name: string; from: Address; initCode: Hex };

/** Storage lifetime over which Reward releases each fee: 30 days (0G: 12 months), so devnet rewards are visible. */
const rewardLifetimeSeconds = 30n * 24n * 3600n;
/** Mine: answers per epoch the difficulty aims at (0G mainnet: 100), the stake of a miner id, and a difficulty of 1 (every valid answer wins). */
const mineTargetSubmissions = 100n;
const mineMinimumStake = 10n ** 18n;
const mineInitialDifficulty = 1n;

const predeploys: readonly Predeploy[] = [
  { name: "create2Deployer", address: create2DeployerAddress, code: create2DeployerCode },
  { name: "multicall3", address: multicall3Address, code: multicall3DeployedBytecode },
];

/**
 * The storage contracts: Market (price), Reward (fee pool), Flow (the log) via CREATE2 with fixed
 * salts, and Mine (PoRA) via CREATE at a fixed deployer's nonce 0. Owners are the system deployer.
 * Only Flow's address depends on an option (`epochBlocks`, an immutable); a non-default price is
 * set after deployment so Market keeps its address.
 */
function storageDeploys(storage: ResolvedStorageOptions): { create2: Create2Deploy[]; create: CreateDeploy[] } {
  const mine = getContractAddress({ from: mineDeployerAddress, nonce: 0n });
  const args = (types: string[], values: unknown[]) =>
    encodeAbiParameters(
      types.map((type) => ({ type })),
      values,
    );
  const market: Create2Deploy = {
    name: "market",
    salt: saltOf("market"),
    initCode: concatHex([marketBytecode, args(["address", "uint256"], [systemDeployerAddress, defaultPricePerSector])]),
  };
  const reward: Create2Deploy = {
    name: "reward",
    salt: saltOf("reward"),
    initCode: concatHex([rewardBytecode, args(["address", "uint256"], [mine, rewardLifetimeSeconds])]),
  };
  const flow: Create2Deploy = {
    name: "flow",
    salt: saltOf("flow"),
    initCode: concatHex([
      flowBytecode,
      args(["address", "address", "uint256", "uint256"], [create2Address(market), create2Address(reward), BigInt(storage.epochBlocks), 0n]),
    ]),
  };
  const mineDeploy: CreateDeploy = {
    name: "mine",
    from: mineDeployerAddress,
    initCode: concatHex([
      mineBytecode,
      args(
        ["address", "address", "address", "uint256", "uint256", "uint256"],
        [systemDeployerAddress, create2Address(flow), create2Address(reward), mineTargetSubmissions, mineMinimumStake, mineInitialDifficulty],
      ),
    ]),
  };
  return { create2: [market, reward, flow], create: [mineDeploy] };
}

/**
 * Later layers (storage, DA, compute, INFT) add their contracts here, in dependency order. The INFT
 * contracts (`inft`) are deployed and set up first, before the storage contracts: storage epochs
 * count blocks from Flow's deployment, so the storage layer (and compute after it) see exactly the
 * blocks they saw before the INFT layer existed.
 */
function deploysFor(
  storage: ResolvedStorageOptions | undefined,
  inft: boolean,
): { create2: Create2Deploy[]; create: CreateDeploy[]; inft: Create2Deploy[] } {
  const create2: Create2Deploy[] = [{ name: "wrappedOG", initCode: wrappedOgBytecode }];
  const create: CreateDeploy[] = [];
  if (storage) {
    const s = storageDeploys(storage);
    create2.push(...s.create2);
    create.push(...s.create);
  }
  return { create2, create, inft: inft ? inftDeploys(create2Address) : [] };
}

export type SystemContracts = Readonly<Record<string, Address>>;

/**
 * The addresses the system contracts get on every devnet, without deploying anything: the same
 * whatever the mnemonic or chain id. The storage contracts are included unless `storage` is false;
 * Flow's address depends on `storage.epochBlocks`. The compute contracts (unless `compute` is
 * false) sit at 0G's SDK's chain-31337 addresses, listed as `ledgerManager`, `inferenceServing`,
 * `fineTuningServing` and under `@0g/core`'s names `computeLedger`, `computeInference`,
 * `computeFineTuning`. The INFT contracts (with the storage layer, unless `inft` is false) are
 * `agentNft`, `agentNftVerifier` and `agentAccountRegistry`.
 */
export function systemContractAddresses(
  options: { storage?: StorageOptions | false; compute?: ComputeOptions | false; inft?: InftOptions | boolean } = {},
): SystemContracts {
  const storage = resolveStorageOptions(options.storage);
  const { create2, create, inft } = deploysFor(storage, resolveInftOptions(options.inft, storage !== undefined) !== undefined);
  return addressesOf(create2, create, resolveComputeOptions(options.compute) !== undefined, inft);
}

function addressesOf(create2: readonly Create2Deploy[], create: readonly CreateDeploy[], compute: boolean, inft: readonly Create2Deploy[]): SystemContracts {
  const out: Record<string, Address> = {};
  for (const p of predeploys) out[p.name] = p.address;
  for (const d of create2) out[d.name] = create2Address(d);
  for (const d of create) out[d.name] = getContractAddress({ from: d.from, nonce: 0n });
  // Named as in @0g/core's network registry, so a client finds them the same way on every network.
  if (compute) Object.assign(out, computeContractAliases);
  for (const d of inft) out[d.name] = create2Address(d);
  return out;
}

function create2Address(d: Create2Deploy): Address {
  return getContractAddress({ opcode: "CREATE2", from: create2DeployerAddress, salt: d.salt ?? zeroSalt, bytecode: d.initCode });
}

/**
 * Places the predeploys and deploys the CREATE2 contracts into the chain. Works on the devnet's own
 * EDR chain and on an attached provider (Hardhat, anvil), in any mining mode: a deployment that is
 * not mined automatically is mined explicitly.
 */
export async function deploySystemContracts(
  chain: ChainBackend,
  {
    storage,
    compute,
    inft,
  }: { storage?: ResolvedStorageOptions | undefined; compute?: ResolvedComputeOptions | undefined; inft?: ResolvedInftOptions | undefined } = {},
): Promise<SystemContracts> {
  const { create2, create, inft: inftContracts } = deploysFor(storage, inft !== undefined);
  const call = async (contract: string, method: string, params: unknown[]) => {
    const outcome = await chain.call(method, params);
    if (outcome.error) throw new SystemContractDeployError({ contract, cause: outcome.error });
    return outcome.result;
  };
  for (const p of predeploys) await call(p.name, "hardhat_setCode", [p.address, p.code]);

  await call("system deployer", "hardhat_setBalance", [systemDeployerAddress, "0x52b7d2dcc80cd2e4000000"]);
  await call("system deployer", "hardhat_impersonateAccount", [systemDeployerAddress]);
  try {
    /** Sends a deployment (or a call) as an impersonated account and checks it succeeded. */
    const send = async (name: string, tx: { from: Address; to?: Address; data: Hex }, creates?: Address) => {
      const hash = await call(name, "eth_sendTransaction", [{ ...tx, gas: "0xe4e1c0" }]);
      let receipt = (await call(name, "eth_getTransactionReceipt", [hash])) as { status?: Hex } | null;
      if (!receipt) {
        await call(name, "evm_mine", []);
        receipt = (await call(name, "eth_getTransactionReceipt", [hash])) as { status?: Hex } | null;
      }
      if (receipt?.status !== "0x1" || (creates && (await call(name, "eth_getCode", [creates, "latest"])) === "0x"))
        throw new SystemContractDeployError({ contract: name, cause: `transaction ${String(hash)} failed${creates ? ` to create code at ${creates}` : ""}` });
    };
    const deployCreate2 = async (d: Create2Deploy) => {
      const address = create2Address(d);
      const existing = await call(d.name, "eth_getCode", [address, "latest"]);
      if (existing !== "0x") return; // already deployed into an attached chain
      await send(d.name, { from: systemDeployerAddress, to: create2DeployerAddress, data: concatHex([d.salt ?? zeroSalt, d.initCode]) }, address);
    };
    if (inft) {
      for (const d of inftContracts) await deployCreate2(d);
      const at = (name: string) => create2Address(inftContracts.find((d) => d.name === name)!);
      await setUpInft(
        { agentNft: at("agentNft"), agentNftVerifier: at("agentNftVerifier"), agentAccountRegistry: at("agentAccountRegistry") },
        systemDeployerAddress,
        inft,
        async (contract, to, data) => (await call(contract, "eth_call", [{ to, data }, "latest"])) as Hex,
        send,
      );
    }
    for (const d of create2) await deployCreate2(d);
    for (const d of create) {
      const address = getContractAddress({ from: d.from, nonce: 0n });
      if ((await call(d.name, "eth_getCode", [address, "latest"])) !== "0x") continue;
      const nonce = await call(d.name, "eth_getTransactionCount", [d.from, "latest"]);
      if (nonce !== "0x0")
        throw new SystemContractDeployError({ contract: d.name, cause: `its deployer ${d.from} has already sent transactions (nonce ${String(nonce)})` });
      await call(d.name, "hardhat_setBalance", [d.from, "0x52b7d2dcc80cd2e4000000"]);
      await call(d.name, "hardhat_impersonateAccount", [d.from]);
      try {
        await send(d.name, { from: d.from, data: d.initCode }, address);
      } finally {
        await chain.call("hardhat_stopImpersonatingAccount", [d.from]);
        await chain.call("hardhat_setBalance", [d.from, "0x0"]);
      }
    }
    if (storage && storage.pricePerSector !== defaultPricePerSector) {
      const market = create2.find((d) => d.name === "market")!;
      const data = encodeFunctionData({ abi: marketAbi, functionName: "setPricePerSector", args: [storage.pricePerSector] });
      await send("market", { from: systemDeployerAddress, to: create2Address(market), data });
    }
    if (compute) await deployCompute(call, send);
  } finally {
    await chain.call("hardhat_stopImpersonatingAccount", [systemDeployerAddress]);
    await chain.call("hardhat_setBalance", [systemDeployerAddress, "0x0"]);
  }
  return addressesOf(create2, create, compute !== undefined, inftContracts);
}

/**
 * Places the compute contracts at 0G's SDK addresses and sets them up as the system deployer (their
 * owner), unless an attached chain has them already. Hardhat's account #0 is moved to nonce 13, as
 * 0G's deploy script leaves it: its next contract creations would otherwise land on these
 * addresses and fail.
 */
async function deployCompute(
  call: (contract: string, method: string, params: unknown[]) => Promise<unknown>,
  send: (name: string, tx: { from: Address; to?: Address; data: Hex }) => Promise<void>,
) {
  const { placed, calls } = computeDeployment(systemDeployerAddress);
  for (const p of placed) {
    const existing = ((await call(p.name, "eth_getCode", [p.address, "latest"])) as string).toLowerCase();
    if (existing === "0x") await call(p.name, "hardhat_setCode", [p.address, p.code]);
    else if (existing !== p.code.toLowerCase())
      throw new SystemContractDeployError({
        contract: p.name,
        cause: `${p.address} already holds other code (on a Hardhat chain: a contract account #0 created at nonce 2, 6 or 12); attach before deploying from account #0, or pass compute: false`,
      });
  }
  const initialized = encodeFunctionData({ abi: ledgerManagerAbi, functionName: "initialized" });
  const ledger = computeContractAddresses.ledgerManager;
  if (BigInt((await call("ledgerManager", "eth_call", [{ to: ledger, data: initialized }, "latest"])) as Hex) === 0n)
    for (const c of calls) await send(c.name, { from: systemDeployerAddress, to: c.to, data: c.data });
  const nonce = Number(BigInt((await call("ledgerManager", "eth_getTransactionCount", [hardhatAccount0, "latest"])) as Hex));
  if (nonce < hardhatAccount0NonceAfterCompute)
    await call("ledgerManager", "hardhat_setNonce", [hardhatAccount0, `0x${hardhatAccount0NonceAfterCompute.toString(16)}`]);
}
