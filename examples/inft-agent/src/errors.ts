import { BaseError } from "@0g/core";
import type { Address, Hex } from "viem";

// Error codes of this example: 10100-10199 (examples/ own 10000-10999; agent-memory has 10001).

/** The token exists and you can decrypt it, but its data is not an INFT agent's profile. */
export class InftAgentDataError extends BaseError {
  static override readonly code = 10100;
  static override readonly description = "The token's decrypted data is not an INFT agent profile (name, prompt, compute, memory).";
  override name = "InftAgentDataError";
  readonly tokenId: bigint;
  constructor({ tokenId, reason }: { tokenId: bigint; reason: string }) {
    super(`Token ${tokenId} is not an INFT agent.`, { code: InftAgentDataError.code, details: reason });
    this.tokenId = tokenId;
  }
}

/** The compute provider's answer did not verify against its on-chain TEE signer: it is not used or remembered. */
export class UnverifiedAnswerError extends BaseError {
  static override readonly code = 10101;
  static override readonly description = "The compute provider's answer failed its TEE signature check; the agent neither returns nor remembers it.";
  override name = "UnverifiedAnswerError";
  readonly provider: Address;
  constructor({ provider, cause }: { provider: Address; cause: unknown }) {
    super(`The answer of compute provider ${provider} did not verify.`, { code: UnverifiedAnswerError.code, cause });
    this.provider = provider;
  }
}

/** The provider's (verified) answer is not a chat completion with a text message. */
export class AnswerFormatError extends BaseError {
  static override readonly code = 10103;
  static override readonly description = "The compute provider's answer is not a chat completion with a text message.";
  override name = "AnswerFormatError";
  readonly provider: Address;
  constructor({ provider, body }: { provider: Address; body: string }) {
    super(`The answer of compute provider ${provider} has no message text.`, {
      code: AnswerFormatError.code,
      details: `It answered: ${body.length > 200 ? `${body.slice(0, 200)}...` : body}`,
    });
    this.provider = provider;
  }
}

/**
 * The agent's memory stream belongs to an earlier agent key, but the chain shows no change of the
 * agent operator away from that key: the memory cannot be handed over safely.
 */
export class MemoryHandoverError extends BaseError {
  static override readonly code = 10102;
  static override readonly description = "The agent's memory belongs to an agent key that the chain never replaced; it cannot be handed over to the current key.";
  override name = "MemoryHandoverError";
  readonly tokenId: bigint;
  constructor({ tokenId, stream, writer, operator }: { tokenId: bigint; stream: Hex; writer: Address; operator: Address }) {
    super(`The memory of agent ${tokenId} cannot be handed over to its current key.`, {
      code: MemoryHandoverError.code,
      details: `Its memory stream ${stream} is written by ${writer}, the operator is ${operator}, and no AgentOperatorUpdated event moved the operator away from ${writer}.`,
    });
    this.tokenId = tokenId;
  }
}

/** Every error class of this example, for docs and tooling. */
export const inftAgentErrorClasses = [InftAgentDataError, UnverifiedAnswerError, MemoryHandoverError, AnswerFormatError] as const;
