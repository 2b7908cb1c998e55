import { multicall3Address, multicall3DeployedBytecode, wrappedOgBytecode } from "@0g/contracts";
import { concatHex, getContractAddress, type Address, type Hex } from "viem";
import { SystemContractDeployError } from "../errors.js";
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

const zeroSalt: Hex = `0x${"00".repeat(32)}`;

/** A contract whose runtime code is placed at a fixed address (no constructor, no storage). */
type Predeploy = { name: string; address: Address; code: Hex };
/** A contract deployed through the CREATE2 proxy from its creation code. */
type Create2Deploy = { name: string; initCode: Hex; salt?: Hex };

const predeploys: readonly Predeploy[] = [
  { name: "create2Deployer", address: create2DeployerAddress, code: create2DeployerCode },
  { name: "multicall3", address: multicall3Address, code: multicall3DeployedBytecode },
];

/** Later layers (storage, DA, compute, INFT) add their contracts here, in dependency order. */
const create2Deploys: readonly Create2Deploy[] = [{ name: "wrappedOG", initCode: wrappedOgBytecode }];

export type SystemContracts = Readonly<Record<string, Address>>;

/** The addresses the system contracts get on every devnet, without deploying anything. */
export function systemContractAddresses(): SystemContracts {
  const out: Record<string, Address> = {};
  for (const p of predeploys) out[p.name] = p.address;
  for (const d of create2Deploys) out[d.name] = create2Address(d);
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
export async function deploySystemContracts(chain: ChainBackend): Promise<SystemContracts> {
  const call = async (contract: string, method: string, params: unknown[]) => {
    const outcome = await chain.call(method, params);
    if (outcome.error) throw new SystemContractDeployError({ contract, cause: outcome.error });
    return outcome.result;
  };
  for (const p of predeploys) await call(p.name, "hardhat_setCode", [p.address, p.code]);

  await call("system deployer", "hardhat_setBalance", [systemDeployerAddress, "0x52b7d2dcc80cd2e4000000"]);
  await call("system deployer", "hardhat_impersonateAccount", [systemDeployerAddress]);
  try {
    for (const d of create2Deploys) {
      const address = create2Address(d);
      const existing = await call(d.name, "eth_getCode", [address, "latest"]);
      if (existing !== "0x") continue; // already deployed into an attached chain
      const hash = await call(d.name, "eth_sendTransaction", [
        { from: systemDeployerAddress, to: create2DeployerAddress, data: concatHex([d.salt ?? zeroSalt, d.initCode]), gas: "0x989680" },
      ]);
      let receipt = (await call(d.name, "eth_getTransactionReceipt", [hash])) as { status?: Hex } | null;
      if (!receipt) {
        await call(d.name, "evm_mine", []);
        receipt = (await call(d.name, "eth_getTransactionReceipt", [hash])) as { status?: Hex } | null;
      }
      if (receipt?.status !== "0x1" || (await call(d.name, "eth_getCode", [address, "latest"])) === "0x")
        throw new SystemContractDeployError({ contract: d.name, cause: `transaction ${String(hash)} did not create code at ${address}` });
    }
  } finally {
    await chain.call("hardhat_stopImpersonatingAccount", [systemDeployerAddress]);
    await chain.call("hardhat_setBalance", [systemDeployerAddress, "0x0"]);
  }
  return systemContractAddresses();
}
