import type { Hex } from "viem";

/**
 * The pre-trained models 0G's SDK names by itself (`MODEL_HASH_MAP` in `fine-tuning/const.ts`):
 * a task for one of these sends its root hash without asking the provider.
 */
export const fineTuningPredefinedModels = {
  "Qwen2.5-0.5B-Instruct": "0xb4f76a886b8655c92bb021922d60b5e4d9271a5c9da98b6cb10937a06c2c75a7",
  "Qwen3-32B": "0x2e6f9620c35bdcb2b753cc7aa34e78077a8ed133e36fa36008fd6bdfd29af3a5",
} as const satisfies Record<string, Hex>;

/** The model 0G's SDK lists on local (chain 31337) networks and 0G's broker trains with its mock image. */
export const fineTuningMockModel = {
  name: "mock-model",
  hash: "0xcb42b5ca9e998c82dd239ef2d20d22a4ae16b3dc0ce0a855c93b52c7c2bab6dc",
  tokenizer: "0x382842561e59d71f90c1861041989428dd2c1f664e65a56ea21f3ade216b2046",
} as const;
