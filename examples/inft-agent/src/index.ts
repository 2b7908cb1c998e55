export { mintInftAgent, runAgent } from "./agent.js";
export type { AgentGasParameters, MintInftAgentParameters, MintInftAgentReturnType, RunAgentParameters, RunAgentReturnType } from "./agent.js";
export { askProvider, fundAgentCompute } from "./compute.js";
export type { AskProviderReturnType, ChatMessage, FundAgentComputeParameters, FundAgentComputeReturnType, HolderClient } from "./compute.js";
export { AnswerFormatError, InftAgentDataError, inftAgentErrorClasses, MemoryHandoverError, UnverifiedAnswerError } from "./errors.js";
export { findMemoryCutoff, readMemoryAt } from "./handover.js";
export type { FindMemoryCutoffParameters } from "./handover.js";
export { historyLimit, inftAgentKind, memoryStreamOf, parseProfile } from "./profile.js";
export type { InftAgentExchange, InftAgentHandover, InftAgentMemory, InftAgentMemoryPointer, InftAgentProfile } from "./profile.js";
