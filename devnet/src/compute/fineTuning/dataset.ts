import { countTokens } from "../model/tokens.js";

/** What set-up learns of a dataset and the training parameters. */
export type DatasetStats = {
  /** JSONL records. */
  records: number;
  /** Tokens of one pass over the dataset (the devnet's tokenizer stand-in). */
  tokens: number;
  /** `num_train_epochs` of the training parameters (at least 1). */
  epochs: number;
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** 0G's broker's words for a dataset that does not parse (`convertRawDatasetToHF`). */
export const invalidJsonlMessage =
  "dataset is not valid JSONL: each line must be a standalone JSON object (no BOM, no blank leading lines, UTF-8 encoded). Verify with: head -c 200 your-file.jsonl | xxd";

/** The text a record trains on: instruction/input/output, chat messages, or `text` (else every string). */
function recordText(record: Record<string, unknown>): string {
  if (Array.isArray(record.messages))
    return record.messages.map((m) => (typeof (m as { content?: unknown })?.content === "string" ? (m as { content: string }).content : "")).join("\n");
  const known = ["instruction", "input", "output", "text"].filter((k) => typeof record[k] === "string").map((k) => record[k] as string);
  if (known.length > 0) return known.join("\n");
  return Object.values(record).filter((v): v is string => typeof v === "string").join("\n");
}

/**
 * Counts a dataset as 0G's broker does at set-up (`token.CountTokens`), with the devnet's
 * tokenizer stand-in: a JSONL file of `{"instruction", "input", "output"}`, `{"messages": [...]}`
 * or `{"text"}` records; `epochs` from the training parameters' `num_train_epochs`.
 * Throws an `Error` whose message is what the broker logs.
 */
export function readDataset(bytes: Uint8Array, trainingParams: string): DatasetStats {
  let params: Record<string, unknown>;
  try {
    params = JSON.parse(trainingParams) as Record<string, unknown>;
    if (typeof params !== "object" || params === null || Array.isArray(params)) throw new Error("not an object");
  } catch {
    throw new Error("invalid training params: expected a JSON object");
  }
  const epochsRaw = params.num_train_epochs ?? 1;
  const epochs = typeof epochsRaw === "number" && Number.isFinite(epochsRaw) && epochsRaw > 0 ? Math.ceil(epochsRaw) : NaN;
  if (Number.isNaN(epochs)) throw new Error(`invalid training params: num_train_epochs must be a positive number, got ${JSON.stringify(epochsRaw)}`);

  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new Error(invalidJsonlMessage);
  }
  if (text.startsWith("\uFEFF")) throw new Error(invalidJsonlMessage);
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  if (lines.length === 0) throw new Error("dataset is empty: no JSONL records");
  let tokens = 0;
  for (const line of lines) {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new Error(invalidJsonlMessage);
    }
    if (typeof record !== "object" || record === null || Array.isArray(record)) throw new Error(invalidJsonlMessage);
    tokens += countTokens(recordText(record as Record<string, unknown>));
  }
  return { records: lines.length, tokens, epochs };
}
