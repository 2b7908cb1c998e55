import { agentAccountRegistryBytecode, agentNftAbi, agentNftBytecode, verifierAbi, verifierBytecode } from "@0g/contracts";
import { decodeFunctionResult, encodeAbiParameters, encodeFunctionData, isAddressEqual, keccak256, toHex, zeroAddress, type Address, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { defaultMaxProofAge, type ResolvedInftOptions } from "./options.js";

/** The collection's ERC-721 name and symbol on every devnet. */
export const agentNftName = "0G Devnet Agents";
export const agentNftSymbol = "AGENT";

/**
 * The AgentNFT's `storageInfo()`: 0G's JSON `{"chainURL", "indexerURL"}`, naming the devnet's default
 * URLs (the contract has no setter, so it does not follow the port `serve()` picks).
 */
export const agentNftStorageInfo = JSON.stringify({ chainURL: "http://127.0.0.1:8545", indexerURL: "http://127.0.0.1:8545/storage/indexer" });

/** A contract deployed through the CREATE2 proxy (the shape `chain/system-contracts.ts` deploys). */
type Create2Deploy = { name: string; initCode: Hex; salt: Hex };

const saltOf = (name: string): Hex => keccak256(toHex(`@0g/devnet:${name}`));

/**
 * The INFT contracts, deployed through the CREATE2 proxy with fixed salts, in dependency order:
 * the `Verifier` (`agentNftVerifier`) and the `AgentNFT` (`agentNft`), which have no constructor
 * arguments, then the `AgentAccountRegistry` (`agentAccountRegistry`), whose constructor takes the
 * NFT's address (an immutable) and deploys the account logic. Their addresses never depend on an
 * option: the oracle address, mint fee and proof age are set by {@link inftSetUpCalls}.
 */
export function inftDeploys(create2Address: (d: Create2Deploy) => Address): Create2Deploy[] {
  const verifier: Create2Deploy = { name: "agentNftVerifier", salt: saltOf("inft:verifier"), initCode: verifierBytecode };
  const nft: Create2Deploy = { name: "agentNft", salt: saltOf("inft:agent-nft"), initCode: agentNftBytecode };
  const registry: Create2Deploy = {
    name: "agentAccountRegistry",
    salt: saltOf("inft:account-registry"),
    initCode: `${agentAccountRegistryBytecode}${encodeAbiParameters([{ type: "address" }], [create2Address(nft)]).slice(2)}` as Hex,
  };
  return [verifier, nft, registry];
}

/** An `eth_call` of the set-up, answering the raw result. */
type Read = (contract: string, to: Address, data: Hex) => Promise<Hex>;
/** A transaction of the set-up from the admin (the system deployer, impersonated), mined before it returns. */
type Send = (name: string, tx: { from: Address; to: Address; data: Hex }) => Promise<void>;

/**
 * Sets the INFT contracts up as their admin (the system deployer): `Verifier.initialize(admin,
 * oracle)` then `AgentNFT.initialize(name, symbol, storageInfo, verifier, admin, registry)`, as 0G's
 * deploy order, then the options that differ from the defaults (`setMintFee`, `updateMaxProofAge`).
 * On an attached chain that has them initialized already, only what differs is changed (the oracle
 * address with `updateOracleAddress`).
 */
export async function setUpInft(
  { agentNft, agentNftVerifier, agentAccountRegistry }: { agentNft: Address; agentNftVerifier: Address; agentAccountRegistry: Address },
  admin: Address,
  options: ResolvedInftOptions,
  read: Read,
  send: Send,
): Promise<void> {
  const oracle = privateKeyToAddress(options.oracleKey);
  const verifierAdmin = decodeFunctionResult({
    abi: verifierAbi,
    functionName: "admin",
    data: await read("agentNftVerifier", agentNftVerifier, encodeFunctionData({ abi: verifierAbi, functionName: "admin" })),
  });
  if (isAddressEqual(verifierAdmin, zeroAddress)) {
    await send("agentNftVerifier", { from: admin, to: agentNftVerifier, data: encodeFunctionData({ abi: verifierAbi, functionName: "initialize", args: [admin, oracle] }) });
  } else {
    const current = decodeFunctionResult({
      abi: verifierAbi,
      functionName: "teeOracleAddress",
      data: await read("agentNftVerifier", agentNftVerifier, encodeFunctionData({ abi: verifierAbi, functionName: "teeOracleAddress" })),
    });
    if (!isAddressEqual(current, oracle))
      await send("agentNftVerifier", { from: admin, to: agentNftVerifier, data: encodeFunctionData({ abi: verifierAbi, functionName: "updateOracleAddress", args: [oracle] }) });
  }
  const currentAge = decodeFunctionResult({
    abi: verifierAbi,
    functionName: "maxProofAge",
    data: await read("agentNftVerifier", agentNftVerifier, encodeFunctionData({ abi: verifierAbi, functionName: "maxProofAge" })),
  });
  if (currentAge !== BigInt(options.maxProofAge) && !(isAddressEqual(verifierAdmin, zeroAddress) && options.maxProofAge === defaultMaxProofAge))
    await send("agentNftVerifier", {
      from: admin,
      to: agentNftVerifier,
      data: encodeFunctionData({ abi: verifierAbi, functionName: "updateMaxProofAge", args: [BigInt(options.maxProofAge)] }),
    });

  const nftAdmin = decodeFunctionResult({
    abi: agentNftAbi,
    functionName: "admin",
    data: await read("agentNft", agentNft, encodeFunctionData({ abi: agentNftAbi, functionName: "admin" })),
  });
  if (isAddressEqual(nftAdmin, zeroAddress))
    await send("agentNft", {
      from: admin,
      to: agentNft,
      data: encodeFunctionData({
        abi: agentNftAbi,
        functionName: "initialize",
        args: [agentNftName, agentNftSymbol, agentNftStorageInfo, agentNftVerifier, admin, agentAccountRegistry],
      }),
    });
  const fee = decodeFunctionResult({
    abi: agentNftAbi,
    functionName: "getMintFee",
    data: await read("agentNft", agentNft, encodeFunctionData({ abi: agentNftAbi, functionName: "getMintFee" })),
  });
  if (fee !== options.mintFee)
    await send("agentNft", { from: admin, to: agentNft, data: encodeFunctionData({ abi: agentNftAbi, functionName: "setMintFee", args: [options.mintFee] }) });
}
