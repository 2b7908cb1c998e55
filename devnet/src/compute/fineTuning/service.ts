import { fineTuningServingAbi } from "@0g/contracts";
import { encodeFunctionData, parseEther } from "viem";
import { systemDeployerAddress } from "../../chain/system-contracts.js";
import { FineTuningTransactionError } from "../../errors.js";
import type { ComputeChain, Receipt } from "../chain.js";
import { computeContractAddresses } from "../contracts.js";
import type { ResolvedFineTuningOptions } from "./options.js";
import type { FineTuningProviderState } from "./state.js";

const fineTuning = computeContractAddresses.fineTuningServing;
/** 0G's provider stake, sent with the first `addOrUpdateService`. */
const providerStake = parseEther("100");
const providerFunding = parseEther("1000");

/**
 * The served path of fine-tuning provider `index`. Inference providers are at `/compute/<i>`;
 * `fine-tuning` is not a number, so the two never collide.
 */
export const fineTuningPath = (index: number) => `/compute/fine-tuning/${index}`;

/** The machine a devnet provider states (`Quota`): what 0G's example broker config declares. */
export const devnetQuota = { cpuCount: 8n, nodeMemory: 32n, gpuCount: 1n, nodeStorage: 500n, gpuType: "devnet (no GPU)" } as const;

type ServiceArgs = readonly [string, typeof devnetQuota, bigint, boolean, readonly string[], `0x${string}`];

/** The `addOrUpdateService(url, quota, pricePerToken, occupied, models, teeSigner)` arguments. */
export function fineTuningServiceArgs(provider: FineTuningProviderState, options: ResolvedFineTuningOptions, origin: string, occupied: boolean): ServiceArgs {
  return [`${origin}${fineTuningPath(provider.index)}`, devnetQuota, options.pricePerToken, occupied, options.models.map((m) => m.name), provider.keys.tee.address];
}

/**
 * Registers a fine-tuning provider as 0G's broker does at start (`addOrUpdateService` with 100 0G
 * stake the first time) and has the owner acknowledge its TEE signer.
 */
export async function registerFineTuningService(chain: ComputeChain, provider: FineTuningProviderState, options: ResolvedFineTuningOptions, origin: string): Promise<void> {
  const fail = (action: string) => (cause: unknown) => {
    throw cause instanceof FineTuningTransactionError ? cause : new FineTuningTransactionError({ provider: provider.index, action, cause });
  };
  const balance = BigInt((await chain.call("eth_getBalance", [provider.address, "latest"])) as string);
  if (balance < providerFunding / 2n) await chain.setBalance(provider.address, providerFunding);
  await chain.impersonate(provider.address);
  const exists = await chain
    .read({ address: fineTuning, abi: fineTuningServingAbi, functionName: "getService", args: [provider.address] })
    .then(() => true)
    .catch(() => false);
  if (!exists) await sendService(chain, provider, fineTuningServiceArgs(provider, options, origin, false), providerStake).catch(fail("register its fine-tuning service"));
  else await updateFineTuningService(chain, provider, fineTuningServiceArgs(provider, options, origin, false)).catch(fail("update its fine-tuning service"));

  const service = await chain.read({ address: fineTuning, abi: fineTuningServingAbi, functionName: "getService", args: [provider.address] });
  provider.occupied = service.occupied;
  if (!service.teeSignerAcknowledged) await acknowledgeSigner(chain, provider).catch(fail("get its TEE signer acknowledged"));
}

/** Sends `addOrUpdateService` unless the service on chain has these arguments already. */
export async function updateFineTuningService(chain: ComputeChain, provider: FineTuningProviderState, args: ServiceArgs): Promise<boolean> {
  const current = await chain.read({ address: fineTuning, abi: fineTuningServingAbi, functionName: "getService", args: [provider.address] });
  const [url, quota, price, occupied, models, tee] = args;
  const same =
    current.url === url &&
    current.pricePerToken === price &&
    current.occupied === occupied &&
    current.models.join("\n") === models.join("\n") &&
    current.teeSignerAddress.toLowerCase() === tee.toLowerCase() &&
    current.quota.cpuCount === quota.cpuCount &&
    current.quota.gpuType === quota.gpuType;
  if (same) return false;
  await sendService(chain, provider, args, 0n);
  return true;
}

async function sendService(chain: ComputeChain, provider: FineTuningProviderState, args: ServiceArgs, value: bigint): Promise<Receipt> {
  const data = encodeFunctionData({ abi: fineTuningServingAbi, functionName: "addOrUpdateService", args: args as never });
  const receipt = await chain.send({ from: provider.address, to: fineTuning, data, value, gas: 1_500_000n });
  if (receipt.status !== "0x1")
    throw new FineTuningTransactionError({ provider: provider.index, action: "update its fine-tuning service", cause: `addOrUpdateService reverted in ${receipt.transactionHash}` });
  provider.occupied = args[3];
  return receipt;
}

/** The owner (the system deployer, impersonated for the call) acknowledges the provider's TEE signer. */
async function acknowledgeSigner(chain: ComputeChain, provider: FineTuningProviderState): Promise<void> {
  await chain.setBalance(systemDeployerAddress, parseEther("10"));
  await chain.impersonate(systemDeployerAddress);
  try {
    const data = encodeFunctionData({ abi: fineTuningServingAbi, functionName: "acknowledgeTEESignerByOwner", args: [provider.address] });
    const receipt = await chain.send({ from: systemDeployerAddress, to: fineTuning, data, gas: 200_000n });
    if (receipt.status !== "0x1")
      throw new FineTuningTransactionError({ provider: provider.index, action: "get its TEE signer acknowledged", cause: `acknowledgeTEESignerByOwner reverted in ${receipt.transactionHash}` });
  } finally {
    await chain.stopImpersonating(systemDeployerAddress);
    await chain.setBalance(systemDeployerAddress, 0n);
  }
}
