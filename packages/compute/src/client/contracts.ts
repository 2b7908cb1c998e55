import { devnetInfoMethod, getNetwork, InvalidParameterError, isBaseError, parseDevnetInfo, UnknownNetworkError } from "@0g/core";
import { getAddress, isAddress, type Address, type Client } from "viem";
import { getChainId } from "viem/actions";
import { ComputeContractNotFoundError, type ComputeContractName } from "../errors.js";

/** Addresses of the compute contracts; any left out are looked up from the client's chain. */
export type ComputeContracts = {
  /** `LedgerManager`. */
  ledger?: Address | undefined;
  /** `InferenceServing`. */
  inference?: Address | undefined;
  /** `FineTuningServing`. */
  fineTuning?: Address | undefined;
};

/** The `contracts` parameter every compute action takes. */
export type ComputeContractsParameter = {
  /**
   * Overrides the addresses found for the client's chain: the network registry's
   * (`computeLedger`, `computeInference`, `computeFineTuning` of 0G mainnet and Galileo), else a
   * devnet's `devnet_info`.
   */
  contracts?: ComputeContracts | undefined;
};

type Found = { chainId: number | undefined; contracts: ComputeContracts };

/** What each viem client's chain says (the lookup asks the chain; ask once). */
const found = new WeakMap<Client, Promise<Found>>();

const keys = { ledger: "computeLedger", inference: "computeInference", fineTuning: "computeFineTuning" } as const;

async function lookup(client: Client): Promise<Found> {
  const chainId = client.chain?.id ?? (await getChainId(client).catch(() => undefined));
  const contracts: ComputeContracts = {};
  if (chainId !== undefined) {
    try {
      const entry = getNetwork(chainId);
      for (const [name, key] of Object.entries(keys) as [ComputeContractName, string][]) {
        const address = entry.contracts[key];
        if (address !== undefined) contracts[name] = address;
      }
    } catch (error) {
      if (!isBaseError(error, UnknownNetworkError.code)) throw error;
    }
  }
  if (contracts.ledger !== undefined && contracts.inference !== undefined) return { chainId, contracts };
  try {
    const info = parseDevnetInfo(await client.request({ method: devnetInfoMethod } as never));
    for (const [name, key] of Object.entries(keys) as [ComputeContractName, string][]) {
      const address = info.contracts[key];
      if (contracts[name] === undefined && address !== undefined) contracts[name] = address;
    }
  } catch {
    // not a devnet
  }
  return { chainId, contracts };
}

/**
 * The address of compute contract `name`: the `contracts` parameter, else the registry entry of the
 * client's chain, else what a devnet answers to `devnet_info` (looked up once per client).
 *
 * @throws {ComputeContractNotFoundError}
 */
export async function computeContract(client: Client, name: ComputeContractName, given?: ComputeContracts): Promise<Address> {
  const explicit = given?.[name];
  if (explicit !== undefined) {
    if (!isAddress(explicit, { strict: false })) throw new InvalidParameterError({ name: `contracts.${name}`, value: explicit, expected: "an address" });
    return getAddress(explicit);
  }
  let pending = found.get(client);
  if (!pending) {
    pending = lookup(client);
    found.set(client, pending);
    pending.catch(() => found.delete(client)); // a failed lookup is asked again next time
  }
  const { chainId, contracts } = await pending;
  const address = contracts[name];
  if (address === undefined) throw new ComputeContractNotFoundError({ contract: name, chainId });
  return address;
}
