import { isAddressEqual, type Address, type Client, type Hex } from "viem";
import { resolveAgentNft, resolveOracle, type InftContractsParameter } from "../client/contracts.js";
import { fetchOracleInfo, type OracleHttpParameters } from "../client/oracle.js";
import { trustedOracle } from "../client/read.js";
import { publicKeyAddress, toUncompressedPublicKey } from "../crypto/ecies.js";
import {
  type AgentNftNotDeployedError,
  type InftContractNotFoundError,
  type InvalidOracleResponseError,
  OracleMismatchError,
  type OracleRequestError,
  type OracleUnavailableError,
} from "../errors.js";
import type { OracleInfo } from "../oracle/protocol.js";

export type GetOracleInfoParameters = InftContractsParameter &
  OracleHttpParameters & {
    /**
     * Check the oracle against the chain: its address must be the AgentNFT Verifier's
     * `teeOracleAddress()` and it must serve the AgentNFT (else {@link OracleMismatchError}).
     * @default true
     */
    checkChain?: boolean | undefined;
  };

export type GetOracleInfoReturnType = OracleInfo & {
  /** The oracle's base URL. */
  url: string;
};

export type GetOracleInfoErrorType = InftContractNotFoundError | AgentNftNotDeployedError | OracleUnavailableError | OracleRequestError | InvalidOracleResponseError | OracleMismatchError;

/**
 * Asks the re-encryption oracle who it is (`GET /v1/info`): its TEE address, the public key mints
 * seal the data key to, its chain and token contracts. The public key must belong to the address,
 * and (unless `checkChain: false`) the address must be the one the AgentNFT's Verifier trusts:
 * data sealed to any other oracle could never be transferred.
 *
 * @example
 * import { getOracleInfo } from "@0g/inft";
 * const { address, publicKey } = await getOracleInfo(client);
 */
export async function getOracleInfo(client: Client, parameters: GetOracleInfoParameters = {}): Promise<GetOracleInfoReturnType> {
  const url = await resolveOracle(client, parameters.oracle);
  const info = await fetchOracleInfo(url, parameters);
  let keyAddress: string;
  try {
    keyAddress = publicKeyAddress(info.publicKey);
  } catch {
    throw new OracleMismatchError({ url, reason: `Its publicKey ${info.publicKey.slice(0, 12)}… is not a secp256k1 public key.` });
  }
  if (!isAddressEqual(keyAddress as `0x${string}`, info.address))
    throw new OracleMismatchError({ url, reason: `Its publicKey is the key of ${keyAddress}, not of its address ${info.address}.` });
  if (parameters.checkChain !== false) {
    const agentNft = await resolveAgentNft(client, parameters.agentNft);
    const trusted = await trustedOracle(client, agentNft);
    if (!isAddressEqual(trusted, info.address))
      throw new OracleMismatchError({ url, reason: `It signs as ${info.address}, but the Verifier of ${agentNft} trusts ${trusted}.` });
    if (!info.agentNfts.some((a) => isAddressEqual(a, agentNft)))
      throw new OracleMismatchError({ url, reason: `It serves ${info.agentNfts.join(", ") || "no contract"}, not ${agentNft}.` });
  }
  return { ...info, url };
}

/** The oracle's public key: given (and checked against the Verifier), or asked from the oracle. */
export async function oraclePublicKeyFor(
  client: Client,
  agentNft: Address,
  parameters: Omit<GetOracleInfoParameters, "agentNft" | "checkChain"> & { oraclePublicKey?: Hex | undefined },
): Promise<Hex> {
  if (parameters.oraclePublicKey !== undefined) {
    const key = toUncompressedPublicKey(parameters.oraclePublicKey);
    const trusted = await trustedOracle(client, agentNft);
    const address = publicKeyAddress(key);
    if (!isAddressEqual(address, trusted))
      throw new OracleMismatchError({ url: "(oraclePublicKey)", reason: `oraclePublicKey is the key of ${address}, but the Verifier of ${agentNft} trusts ${trusted}.` });
    return parameters.oraclePublicKey;
  }
  const { publicKey } = await getOracleInfo(client, { oracle: parameters.oracle, oracleTimeout: parameters.oracleTimeout, fetch: parameters.fetch, agentNft });
  return publicKey;
}
