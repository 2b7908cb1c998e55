import { createCipheriv } from "node:crypto";
import { concatBytes, hexToBytes, keccak256, stringToBytes, type Hex } from "viem";
import { readDataset } from "./dataset.js";
import { zipStore } from "./zip.js";

/** The LoRA rank of the devnet's adapters. */
const rank = 8;

export type FineTunedModelInputs = {
  /** The pre-trained model's name and root hash. */
  baseModel: { name: string; hash: Hex };
  /** The dataset file, as downloaded from 0G Storage. */
  dataset: Uint8Array;
  /** The task's training parameters (JSON text). */
  trainingParams: string;
  /** Bytes of LoRA weights (rounded down to whole float32 rows). */
  size: number;
};

/** The 32-byte seed of a training run: the same inputs, the same weights. */
export function trainingSeed({ baseModel, dataset, trainingParams }: Omit<FineTunedModelInputs, "size">): Hex {
  return keccak256(concatBytes([stringToBytes("0g-devnet/fine-tuning/v1"), hexToBytes(baseModel.hash), hexToBytes(keccak256(dataset)), stringToBytes(trainingParams)]));
}

/** `count` float32 weights in ±0.01 from an AES-256-CTR keystream keyed by `seed`. */
function weights(seed: Hex, count: number): Uint8Array {
  const cipher = createCipheriv("aes-256-ctr", hexToBytes(seed), new Uint8Array(16));
  const stream = cipher.update(new Uint8Array(count * 4));
  const words = new Uint32Array(stream.buffer, stream.byteOffset, count);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (words[i]! / 2 ** 32 - 0.5) * 0.02;
  return new Uint8Array(out.buffer);
}

/** A safetensors file: 8-byte little-endian header length, JSON header (space padded to 8), data. */
function safetensors(metadata: Record<string, string>, tensors: { name: string; shape: number[]; data: Uint8Array }[]): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: "F32", shape: t.shape, data_offsets: [offset, offset + t.data.length] };
    offset += t.data.length;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (json.length % 8)) % 8);
  const head = new Uint8Array(8);
  new DataView(head.buffer).setBigUint64(0, BigInt(json.length), true);
  return concatBytes([head, stringToBytes(json), ...tensors.map((t) => t.data)]);
}

/**
 * The model a devnet provider "trains": a zip of a PEFT LoRA adapter directory
 * (`adapter_config.json`, `adapter_model.safetensors`, `training_summary.json`) whose weights are a
 * keystream of {@link trainingSeed}, so the same base model, dataset and parameters always give the
 * same bytes. 0G's broker zips its output directory the same way before encrypting it.
 */
export function fineTunedModelBytes(inputs: FineTunedModelInputs): Uint8Array {
  const { baseModel, trainingParams, size } = inputs;
  const seed = trainingSeed(inputs);
  const stats = readDataset(inputs.dataset, trainingParams);
  const columns = Math.floor(Math.max(0, size) / (4 * rank * 2));
  const all = weights(seed, columns * rank * 2);
  const half = columns * rank * 4;
  const metadata = { format: "pt", base_model: baseModel.name, base_model_hash: baseModel.hash, training_seed: seed, producer: "0g-devnet" };
  const adapter = safetensors(metadata, [
    { name: "base_model.model.lora_A.weight", shape: [rank, columns], data: all.subarray(0, half) },
    { name: "base_model.model.lora_B.weight", shape: [columns, rank], data: all.subarray(half) },
  ]);
  const config = {
    base_model_name_or_path: baseModel.name,
    peft_type: "LORA",
    task_type: "CAUSAL_LM",
    r: rank,
    lora_alpha: 2 * rank,
    lora_dropout: 0.05,
    target_modules: ["q_proj", "v_proj"],
    inference_mode: true,
  };
  const summary = { base_model: baseModel.name, base_model_hash: baseModel.hash, records: stats.records, tokens: stats.tokens, epochs: stats.epochs, training_seed: seed };
  return zipStore([
    { name: "adapter_config.json", data: stringToBytes(`${JSON.stringify(config, null, 2)}\n`) },
    { name: "adapter_model.safetensors", data: adapter },
    { name: "training_summary.json", data: stringToBytes(`${JSON.stringify(summary, null, 2)}\n`) },
  ]);
}
