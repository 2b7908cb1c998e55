/**
 * Deploys Market, Reward, Flow and Mine the way the devnet wires them (each constructor takes the
 * others' addresses; here the Mine's address is predicted from the deployer's nonce, where the devnet
 * uses CREATE2 salts), for the node:test suites. Not a test file itself.
 */
import type { network } from "hardhat";
import { type Address, type Hex, getAddress, getContractAddress } from "viem";

type Connection = Awaited<ReturnType<typeof network.create>>;

export interface StorageParameters {
  pricePerSector?: bigint;
  blocksPerEpoch?: bigint;
  firstBlock?: bigint;
  lifetimeSeconds?: bigint;
  targetSubmissions?: bigint;
  minimumStake?: bigint;
  initialDifficulty?: bigint;
}

/** 0G mainnet-turbo's price and epoch length, the parameters 0G's gas figures were measured with. */
export const TURBO_PRICE = 30_733_644_962n;
export const MAINNET_BLOCKS_PER_EPOCH = 3750n;

/** The deployed addresses. */
export interface StorageAddresses {
  market: Address;
  reward: Address;
  flow: Address;
  mine: Address;
  owner: Address;
}

export async function deployStorage(viem: Connection["viem"], parameters: StorageParameters = {}): Promise<StorageAddresses> {
  const publicClient = await viem.getPublicClient();
  const [deployer] = await viem.getWalletClients();
  if (deployer === undefined) throw new Error("no deployer account");
  const owner = deployer.account.address;
  const nonce = await publicClient.getTransactionCount({ address: owner });
  const mineAddress = getContractAddress({ from: owner, nonce: BigInt(nonce + 3) });

  const market = await viem.deployContract("Market", [owner, parameters.pricePerSector ?? TURBO_PRICE]);
  const reward = await viem.deployContract("Reward", [mineAddress, parameters.lifetimeSeconds ?? 30n * 86_400n]);
  const flow = await viem.deployContract("Flow", [
    market.address,
    reward.address,
    parameters.blocksPerEpoch ?? MAINNET_BLOCKS_PER_EPOCH,
    parameters.firstBlock ?? 0n,
  ]);
  const mine = await viem.deployContract("Mine", [
    owner,
    flow.address,
    reward.address,
    parameters.targetSubmissions ?? 100n,
    parameters.minimumStake ?? 10n ** 18n,
    parameters.initialDifficulty ?? 1n,
  ]);
  if (getAddress(mine.address) !== getAddress(mineAddress)) throw new Error("Mine address prediction failed");
  return { market: market.address, reward: reward.address, flow: flow.address, mine: mine.address, owner };
}

export interface SubmissionNodeArg {
  root: Hex;
  height: bigint;
}

export interface SubmissionArg {
  data: { length: bigint; tags: Hex; nodes: SubmissionNodeArg[] };
  submitter: Hex;
}

/** A `Submission` struct argument. */
export function submission(length: number | bigint, nodes: { root: Hex; height: number }[], submitter: Hex, tags: Hex = "0x"): SubmissionArg {
  return {
    data: { length: BigInt(length), tags, nodes: nodes.map((node) => ({ root: node.root, height: BigInt(node.height) })) },
    submitter,
  };
}

/** `sum(2^height)`: the sectors a submission pays for. */
export function sectorsOf(sub: SubmissionArg): bigint {
  return sub.data.nodes.reduce((sum, node) => sum + (1n << node.height), 0n);
}
