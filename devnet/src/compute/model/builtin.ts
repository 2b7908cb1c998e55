import { createHash } from "node:crypto";
import { messageText } from "./tokens.js";
import type { ChatHandler, ChatMessage } from "./types.js";

const words = (
  "the a an this that every each devnet chain block ledger provider model answer request token signature " +
  "network storage compute node segment proof balance fee account session key result value message stream " +
  "runs holds signs checks settles returns keeps sends reads writes verifies counts moves stays follows " +
  "quickly locally safely again always exactly simply only now here together deterministic local small " +
  "verified signed settled final whole same next first last open clear simple useful"
).split(" ");

/**
 * The built-in model: a deterministic answer (the same messages always give the same text) that
 * quotes the last user message and adds two to five sentences drawn from a seeded generator, so
 * token counts, fees and streams look like a real model's without a GPU.
 */
export const builtinHandler: ChatHandler = ({ body }) => ({ content: builtinAnswer(body.messages) });

/** The built-in model's answer to `messages`. */
export function builtinAnswer(messages: readonly ChatMessage[]): string {
  const seed = createHash("sha256")
    .update(JSON.stringify(messages.map((m) => [m.role, messageText(m)])))
    .digest();
  let state = seed.readUInt32BE(0) ^ seed.readUInt32BE(4) || 1;
  const next = (n: number) => {
    // xorshift32: small, fast, and the same everywhere
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % n;
  };
  const lastUser = [...messages].reverse().find((m) => m.role === "user");
  const prompt = (lastUser ? messageText(lastUser) : "").replace(/\s+/g, " ").trim();
  const quoted = prompt.length > 120 ? `${prompt.slice(0, 117)}...` : prompt;
  const sentences = [quoted === "" ? "You sent no question." : `You asked: "${quoted}".`];
  const count = 2 + next(4);
  for (let s = 0; s < count; s++) {
    const length = 6 + next(9);
    const sentence = Array.from({ length }, () => words[next(words.length)]!).join(" ");
    sentences.push(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}${next(5) === 0 ? "!" : "."}`);
  }
  return sentences.join(" ");
}
