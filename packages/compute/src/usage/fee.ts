import { InvalidParameterError } from "@0g/core";
import type { ChatUsage } from "./usage.js";

export type ComputeFeeParameters = {
  usage: Pick<ChatUsage, "promptTokens" | "completionTokens">;
  /** The service's `inputPrice` (neuron = wei per prompt token). */
  inputPrice: bigint;
  /** The service's `outputPrice` (neuron per completion token). */
  outputPrice: bigint;
};

/**
 * The fee of one request, in neuron (wei): `promptTokens × inputPrice + completionTokens ×
 * outputPrice`, as 0G's SDK (`calculateFee`) and provider (`updateAccountWithUsage`, without the
 * optional cache and tier pricing) compute it.
 *
 * @example
 * computeFee({ usage: readUsage(completion)!, inputPrice: service.inputPrice, outputPrice: service.outputPrice }); // 123000n
 */
export function computeFee({ usage, inputPrice, outputPrice }: ComputeFeeParameters): bigint {
  for (const [name, value] of [["inputPrice", inputPrice], ["outputPrice", outputPrice]] as const)
    if (typeof value !== "bigint" || value < 0n) throw new InvalidParameterError({ name, value, expected: "a non-negative bigint" });
  for (const [name, value] of [["usage.promptTokens", usage.promptTokens], ["usage.completionTokens", usage.completionTokens]] as const)
    if (!Number.isSafeInteger(value) || value < 0) throw new InvalidParameterError({ name, value, expected: "a non-negative integer" });
  return BigInt(usage.promptTokens) * inputPrice + BigInt(usage.completionTokens) * outputPrice;
}
