import type { ChatMessage } from "./types.js";

const pieces = /[A-Za-z]+|[0-9]{1,3}|[^\sA-Za-z0-9]|\s+/g;

/** Tokens of one piece: whitespace joins the next word, a word costs one per 6 letters, the rest one. */
function cost(piece: string): number {
  if (/^\s+$/.test(piece)) return 0;
  return /^[A-Za-z]+$/.test(piece) ? Math.ceil(piece.length / 6) : 1;
}

/**
 * A tokenizer stand-in with BPE-like counts: common words are one token, long ones one per 6
 * letters, numbers one per 3 digits, every punctuation mark one, whitespace none (it joins the
 * next word). English prose comes out near OpenAI's ~4 characters per token.
 */
export function countTokens(text: string): number {
  let tokens = 0;
  for (const [piece] of text.matchAll(pieces)) tokens += cost(piece);
  return tokens;
}

/** The text of a message's content (string, or the `text` of its parts). */
export function messageText(message: ChatMessage): string {
  const { content } = message;
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part?.text === "string" ? part.text : "")).join("");
  return "";
}

/**
 * Prompt tokens of a request as OpenAI's chat format counts them: 3 per message for the role
 * framing, the content (and name), and 3 to prime the reply.
 */
export function countPromptTokens(messages: readonly ChatMessage[]): number {
  let tokens = 3;
  for (const m of messages) tokens += 3 + countTokens(messageText(m)) + (m.name ? 1 : 0);
  return tokens;
}

/** The text cut into consecutive pieces of about `perPiece` tokens (whitespace stays with the next word). */
export function splitTokens(text: string, perPiece: number): string[] {
  const out: string[] = [];
  let current = "";
  let count = 0;
  for (const [piece] of text.matchAll(pieces)) {
    current += piece;
    if (cost(piece) === 0) continue;
    count += cost(piece);
    if (count >= perPiece) {
      out.push(current);
      current = "";
      count = 0;
    }
  }
  if (current !== "") out.push(current);
  return out;
}

/** The longest prefix of `text` with at most `max` tokens. */
export function truncateTokens(text: string, max: number): string {
  let out = "";
  let count = 0;
  for (const [piece] of text.matchAll(pieces)) {
    if (count + cost(piece) > max) break;
    count += cost(piece);
    out += piece;
  }
  return out.trimEnd();
}
