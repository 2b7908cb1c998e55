export { createAgentMemory, MemoryValueError } from "./memory.js";
export type { AgentMemory, AgentMemoryOptions, MemoryEntry, MemoryVersion } from "./memory.js";
