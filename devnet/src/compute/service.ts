import { inferenceServingAbi } from "@0g/contracts";
import { encodeFunctionData, parseEther, type Address } from "viem";
import { systemDeployerAddress } from "../chain/system-contracts.js";
import { ComputeProviderTransactionError } from "../errors.js";
import type { ComputeChain, Receipt } from "./chain.js";
import { computeContractAddresses } from "./contracts.js";
import type { ResolvedComputeOptions } from "./options.js";
import type { ProviderState } from "./provider.js";

/** 0G's provider stake (`MIN_PROVIDER_STAKE`), sent with the first `addOrUpdateService`. */
export const providerStake = parseEther("100");
/** What a provider account is given to stake and pay gas with. */
const providerFunding = parseEther("1000");
const ownerFunding = parseEther("10");

/** The served path of provider `index`. */
export const providerPath = (index: number) => `/compute/${index}`;
/** The URL a service has on chain before `serve()`: `serve()` on the default port keeps it. */
export const unservedOrigin = "http://127.0.0.1:8545";

/** The `ServiceParams` a provider registers. */
export function serviceParams(provider: ProviderState, options: ResolvedComputeOptions, origin: string) {
  const centralized = provider.model.kind === "proxy";
  return {
    serviceType: "chatbot",
    url: `${origin}${providerPath(provider.index)}`,
    model: provider.model.name,
    verifiability: "TeeML",
    inputPrice: options.inputPrice,
    outputPrice: options.outputPrice,
    // 0G's broker's keys (`buildAdditionalInfo`); not separated, so the TEE signer signs responses.
    additionalInfo: JSON.stringify({
      VerifierURL: "",
      TargetSeparated: false,
      TEEVerifier: "devnet",
      ImageName: "0g-devnet/compute-provider",
      ImageDigest: "",
      ProviderType: centralized ? "centralized" : "decentralized",
      ...(centralized ? { ProviderIdentity: "openai-compatible" } : {}),
      Devnet: "not a TEE: the TEE signer key is derived from a public label",
    }),
    teeSignerAddress: provider.keys.tee.address,
  } as const;
}

/**
 * Registers a provider's service as 0G's broker does at start (`addOrUpdateService` with 100 0G
 * stake the first time), and has the owner acknowledge its TEE signer. On a chain that has the
 * service already (an attached chain set up before), only what differs is sent.
 */
export async function registerService(chain: ComputeChain, provider: ProviderState, options: ResolvedComputeOptions, origin: string): Promise<void> {
  const inference = computeContractAddresses.inferenceServing;
  const fail = (action: string) => (cause: unknown) => {
    throw cause instanceof ComputeProviderTransactionError ? cause : new ComputeProviderTransactionError({ provider: provider.index, action, cause });
  };
  const balance = BigInt((await chain.call("eth_getBalance", [provider.address, "latest"])) as string);
  if (balance < providerFunding / 2n) await chain.setBalance(provider.address, providerFunding);
  await chain.impersonate(provider.address);

  const params = serviceParams(provider, options, origin);
  const exists = await chain.read({ address: inference, abi: inferenceServingAbi, functionName: "serviceExists", args: [provider.address] });
  if (!exists) await sendService(chain, provider, params, providerStake).catch(fail("register its service"));
  else await updateService(chain, provider, params).catch(fail("update its service"));

  const service = await chain.read({ address: inference, abi: inferenceServingAbi, functionName: "getService", args: [provider.address] });
  if (!service.teeSignerAcknowledged) await acknowledgeSigner(chain, provider.address, provider.index).catch(fail("get its TEE signer acknowledged"));
}

/** Sends `addOrUpdateService` unless the service on chain has these params already. */
export async function updateService(chain: ComputeChain, provider: ProviderState, params: ReturnType<typeof serviceParams>): Promise<boolean> {
  const current = await chain.read({
    address: computeContractAddresses.inferenceServing,
    abi: inferenceServingAbi,
    functionName: "getService",
    args: [provider.address],
  });
  const same =
    current.url === params.url &&
    current.model === params.model &&
    current.serviceType === params.serviceType &&
    current.verifiability === params.verifiability &&
    current.inputPrice === params.inputPrice &&
    current.outputPrice === params.outputPrice &&
    current.additionalInfo === params.additionalInfo &&
    current.teeSignerAddress.toLowerCase() === params.teeSignerAddress.toLowerCase();
  if (same) return false;
  await sendService(chain, provider, params, 0n);
  return true;
}

async function sendService(chain: ComputeChain, provider: ProviderState, params: ReturnType<typeof serviceParams>, value: bigint): Promise<Receipt> {
  const data = encodeFunctionData({ abi: inferenceServingAbi, functionName: "addOrUpdateService", args: [params] });
  const receipt = await chain.send({ from: provider.address, to: computeContractAddresses.inferenceServing, data, value, gas: 1_500_000n });
  if (receipt.status !== "0x1")
    throw new ComputeProviderTransactionError({ provider: provider.index, action: "update its service", cause: `addOrUpdateService reverted in ${receipt.transactionHash}` });
  return receipt;
}

/** The owner (the system deployer, impersonated for the call) acknowledges the provider's TEE signer. */
async function acknowledgeSigner(chain: ComputeChain, provider: Address, index: number): Promise<void> {
  await chain.setBalance(systemDeployerAddress, ownerFunding);
  await chain.impersonate(systemDeployerAddress);
  try {
    const data = encodeFunctionData({ abi: inferenceServingAbi, functionName: "acknowledgeTEESignerByOwner", args: [provider] });
    const receipt = await chain.send({ from: systemDeployerAddress, to: computeContractAddresses.inferenceServing, data, gas: 200_000n });
    if (receipt.status !== "0x1")
      throw new ComputeProviderTransactionError({ provider: index, action: "get its TEE signer acknowledged", cause: `acknowledgeTEESignerByOwner reverted in ${receipt.transactionHash}` });
  } finally {
    await chain.stopImpersonating(systemDeployerAddress);
    await chain.setBalance(systemDeployerAddress, 0n);
  }
}
