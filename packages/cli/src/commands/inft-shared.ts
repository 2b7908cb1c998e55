import type { InftActions, InftContractsParameter } from "@0g/inft";
import { getAddress, isAddress, type Address, type Chain, type Hex, type HttpTransport, type LocalAccount, type WalletClient } from "viem";
import { connectionOptions, requireWallet, resolveConnection, signingPrivateKey, type Connection } from "../connection.js";
import { UsageError } from "../errors.js";
import type { CliIo } from "../io.js";
import { httpUrl, option, text } from "../options.js";

/** The options of every `0g inft` command: the connection, and where the AgentNFT and the oracle are. */
export const inftOptions = {
  ...connectionOptions,
  agentNft: option({
    description: "AgentNFT contract address (default: the network's; a devnet's from devnet_info)",
    valueName: "<address>",
    parse: text({ expected: "a 0x address" }),
  }),
  oracle: option({
    description: "Re-encryption oracle URL (default: the network's; a devnet's own)",
    valueName: "<url>",
    parse: httpUrl(),
  }),
};

export type InftCommandOptions = {
  network?: "devnet" | "galileo" | "mainnet" | undefined;
  rpc?: string | undefined;
  key?: string | undefined;
  agentNft?: string | undefined;
  oracle?: string | undefined;
};

/** A wallet client whose encryption key is the signing key: what is minted is sealed to it. */
export type InftWallet = WalletClient<HttpTransport, Chain, LocalAccount> & InftActions;

export type InftTarget = {
  connection: Connection;
  wallet: InftWallet;
  /** `agentNft` / `oracle` for every action: the options, else the network registry's (else the library asks a devnet). */
  contracts: InftContractsParameter;
};

/** Resolves the connection of an `0g inft` command; its signing key is also its encryption key. */
export async function inftTarget(options: InftCommandOptions, io: CliIo, command: string): Promise<InftTarget> {
  const agentNft = options.agentNft === undefined ? undefined : parseAddress(options.agentNft, "--agent-nft", command);
  const connection = await resolveConnection({ network: options.network, rpc: options.rpc, key: options.key, env: io.env, command });
  const wallet = requireWallet(connection);
  const encryptionKey = signingPrivateKey(options, io.env, connection, command);
  const { inftActions } = await import("@0g/inft");
  const registryOracle = connection.endpoints.inftOracle;
  const oracle = options.oracle ?? (typeof registryOracle === "string" && connection.devnet === undefined ? registryOracle : undefined);
  const nft = agentNft ?? connection.contracts.agentNft;
  return {
    connection,
    wallet: wallet.extend(inftActions({ encryptionKey })) as InftWallet,
    contracts: { ...(nft === undefined ? {} : { agentNft: nft }), ...(oracle === undefined ? {} : { oracle }) },
  };
}

/** Reads `<id>`: a token id in decimal (or 0x hex). */
export function parseTokenId(value: string | undefined, command: string): bigint {
  if (value === undefined || value.trim() === "") throw new UsageError("Missing argument <id>.", { command, details: "The agent's token id, as `0g inft mint` printed it." });
  const trimmed = value.trim();
  if (!/^(\d{1,78}|0x[0-9a-fA-F]{1,64})$/.test(trimmed))
    throw new UsageError(`Invalid <id> ${JSON.stringify(trimmed.length > 40 ? `${trimmed.slice(0, 37)}...` : trimmed)}: expected a token id (a whole number).`, { command });
  const id = BigInt(trimmed);
  if (id >= 2n ** 256n) throw new UsageError(`Invalid <id> ${trimmed}: larger than a uint256.`, { command });
  return id;
}

/** Reads an address argument or option (`<to>`, `<user>`, `--agent-nft`). */
export function parseAddress(value: string | undefined, name: string, command: string): Address {
  if (value === undefined || value.trim() === "") throw new UsageError(`Missing argument ${name}.`, { command, details: "A 0x address." });
  const trimmed = value.trim();
  if (!isAddress(trimmed, { strict: false })) throw new UsageError(`Invalid ${name} ${JSON.stringify(trimmed.length > 50 ? `${trimmed.slice(0, 47)}...` : trimmed)}: expected a 0x address.`, { command });
  return getAddress(trimmed);
}

/** The private key of `address` when it is one of the devnet's accounts (what `0g devnet` prints). */
export function devnetKeyOf(connection: Connection, address: Address): { key: Hex; index: number } | undefined {
  const accounts = connection.devnet?.accounts ?? [];
  const index = accounts.findIndex((a) => a.address.toLowerCase() === address.toLowerCase());
  return index < 0 ? undefined : { key: accounts[index]!.privateKey as Hex, index };
}

/** Only the `agentNft` of the contracts, for the actions that take no oracle. */
export function agentNftOf(contracts: InftContractsParameter): { agentNft?: Address } {
  return contracts.agentNft === undefined ? {} : { agentNft: contracts.agentNft };
}
