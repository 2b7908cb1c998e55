import type { ChatUsage, ResponseVerification } from "@0g/compute";
import type { Address } from "viem";
import { defineCommand } from "../command.js";
import { connectionOptions } from "../connection.js";
import { ComputeNotFundedError, UsageError } from "../errors.js";
import { colorEnabled, createStyle, writeJson, type CliIo } from "../io.js";
import { flag, integer, option, text } from "../options.js";
import { errorToJson, type JsonErrorOutput } from "../run.js";
import { jsonOption } from "./shared.js";
import { computeTarget, computeWallet, og, parseProviderRef, resolveInferenceService } from "./compute-shared.js";
import { withShutdownSignal } from "./storage-shared.js";

/** What `0g compute chat --json` prints. */
export type ComputeChatReport = {
  provider: Address;
  /** The model asked for (the service's unless `--model`). */
  model: string;
  /** The answer's text. */
  content: string;
  /** Token counts as the provider reported (and billed) them; null when it sent none. */
  usage: ChatUsage | null;
  /** The id the provider signed the answer under (`ZG-Res-Key`, else the completion id). */
  chatId: string | null;
  /** True when the provider's TEE signature of exactly this request and answer checked out. */
  verified: boolean;
  /** The address that signed the answer (the provider's TEE signer), when verified. */
  signer: Address | null;
  /** Why it did not verify (a forged signature, a wrong signer, no signature, ...). */
  error?: JsonErrorOutput["error"];
};

/** `0g compute chat <provider> <prompt>`: one chat completion, streamed, with its TEE signature checked. */
export const computeChatCommand = defineCommand({
  name: "compute chat",
  summary: "Chat with an inference provider and verify its signed answer",
  description: [
    "Send one prompt to an inference provider (OpenAI-compatible, authenticated with a session token the",
    "account signs) and stream the answer to stdout token by token. Then check the provider's TEE",
    "signature of the request and answer against its signer on chain, and say so on stderr: a forged or",
    "missing signature exits with code 1. <provider> is an address or an index in `0g compute services`.",
    "The account pays from its sub-account with the provider (`0g compute fund 2 --provider <p>`);",
    "--auto-fund tops it up from the compute ledger first when it runs low.",
  ].join("\n"),
  arguments: [
    { name: "<provider>", description: "0x address, or index in `0g compute services` (0, 1, ...)" },
    { name: "<prompt>", description: "What to ask" },
  ],
  options: {
    ...connectionOptions,
    system: option({ description: "A system message before the prompt", valueName: "<text>", parse: text() }),
    noStream: flag("Ask for the whole answer at once instead of a stream"),
    model: option({ description: "Model to ask for (default: the service's)", valueName: "<name>", parse: text() }),
    maxTokens: option({ description: "Most completion tokens to generate", valueName: "<n>", parse: integer({ min: 1, max: 1_000_000 }) }),
    autoFund: flag("Top up the provider's sub-account from the compute ledger when it runs low"),
    json: jsonOption,
  },
  examples: [
    { description: "Ask the devnet's first provider (fund it first: 0g compute fund 2 --provider 0)", command: '0g compute chat 0 "What is 0G?"' },
    { description: "With a system message, the whole answer as JSON", command: '0g compute chat 0 "hello" --system "Answer briefly." --no-stream --json' },
    { description: "A provider on Galileo, topped up as needed", command: 'ZG_PRIVATE_KEY=0x… 0g compute chat 0xf07240Efa67755B5311bc75784a061eDB47165Dd "hi" --network galileo --auto-fund' },
  ],
  async run({ options, positionals, io }) {
    const command = "compute chat";
    const ref = parseProviderRef(positionals[0], { command });
    const prompt = positionals[1];
    if (prompt === undefined || prompt.trim() === "") throw new UsageError("Missing argument <prompt>.", { command });
    const target = await computeTarget(options, io, command);
    const wallet = computeWallet(target);
    const compute = await import("@0g/compute");
    const { contracts } = target;
    const service = await resolveInferenceService(target, ref, command);
    const provider = service.provider;

    // Without --auto-fund, a missing or nearly empty sub-account is said plainly before any request.
    let available: bigint | undefined;
    if (!options.autoFund) {
      try {
        available = (await compute.getSubAccount(wallet, { provider, contracts })).availableBalance;
      } catch (error) {
        if (error instanceof compute.SubAccountNotFoundError) throw new ComputeNotFundedError({ provider, reason: "no-sub-account", cause: error });
        throw error;
      }
      if (available < compute.providerMinimumLockedBalance) throw new ComputeNotFundedError({ provider, reason: "low-balance", available: og(available) });
    }

    const model = options.model ?? service.model;
    const stream = !options.noStream;
    const messages = [...(options.system === undefined ? [] : [{ role: "system", content: options.system }]), { role: "user", content: prompt }];
    const body = JSON.stringify({
      model,
      messages,
      ...(options.maxTokens === undefined ? {} : { max_tokens: options.maxTokens }),
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    });
    const chat = compute.createProviderFetch(wallet, { provider, contracts, verify: true, throwOnError: true, autoTopUp: options.autoFund });

    const answer = await withShutdownSignal(io, async (signal) => {
      let response: Response;
      try {
        response = await chat("/chat/completions", { method: "POST", headers: { "Content-Type": "application/json" }, body, signal });
      } catch (error) {
        throw notFunded(compute, error, provider, available) ?? error;
      }
      const live = stream && !options.json ? (piece: string) => io.stdout.write(piece) : undefined;
      const read = await readAnswer(response, live);
      return { ...read, response };
    });

    const verification: ResponseVerification | undefined = await compute.getResponseVerification(answer.response);
    const chatId = verification?.chatId ?? compute.getChatId({ headers: answer.response.headers, body: answer.raw }) ?? null;
    const verified = verification?.valid === true;
    const failure = verification === undefined ? new compute.ServiceNotVerifiableError({ provider }) : verification.valid ? undefined : verification.error;
    // A service that does not sign at all is reported, not failed: there was nothing to forge.
    const code = verification !== undefined && !verification.valid ? 1 : 0;

    if (options.json) {
      const report: ComputeChatReport = {
        provider,
        model,
        content: answer.content,
        usage: answer.usage ?? null,
        chatId,
        verified,
        signer: verification?.valid ? verification.signer : null,
        ...(failure === undefined ? {} : { error: errorToJson(failure).error }),
      };
      writeJson(io.stdout, report);
      return code;
    }
    if (!stream) io.stdout.write(answer.content);
    if (!answer.content.endsWith("\n")) io.stdout.write("\n");
    reportVerification(io, { verification, provider, usage: answer.usage, fee: answer.usage && compute.computeFee({ usage: answer.usage, inputPrice: service.inputPrice, outputPrice: service.outputPrice }) });
    return code;
  },
});

type Compute = typeof import("@0g/compute");

/** The provider's (or the top-up's) refusal for lack of funds, as the CLI's error with the command that fixes it. */
function notFunded(compute: Compute, error: unknown, provider: Address, available: bigint | undefined): ComputeNotFundedError | undefined {
  if (error instanceof compute.ProviderAccountNotFoundError || error instanceof compute.SubAccountNotFoundError)
    return new ComputeNotFundedError({ provider, reason: "no-sub-account", cause: error });
  if (error instanceof compute.ProviderInsufficientBalanceError)
    return new ComputeNotFundedError({ provider, reason: "low-balance", available: available === undefined ? undefined : og(available), cause: error });
  if (error instanceof compute.LedgerNotFoundError) return new ComputeNotFundedError({ provider, reason: "ledger", cause: error });
  if (error instanceof compute.InsufficientLedgerBalanceError) return new ComputeNotFundedError({ provider, reason: "ledger", available: og(error.available), cause: error });
  return undefined;
}

/**
 * Reads a chat answer: the SSE stream's `delta.content` pieces (each handed to `onPiece` as it
 * arrives) and its final `usage`, or a plain completion's message.
 */
async function readAnswer(response: Response, onPiece: ((piece: string) => void) | undefined): Promise<{ content: string; usage: ChatUsage | undefined; raw: string }> {
  const { readStreamUsage, readUsage } = await import("@0g/compute");
  const events = /^text\/event-stream/i.test(response.headers.get("content-type") ?? "");
  if (!events || response.body === null) {
    const raw = await response.text();
    let content = "";
    try {
      const completion = JSON.parse(raw) as { choices?: { message?: { content?: unknown } }[] };
      const message = completion.choices?.[0]?.message?.content;
      content = typeof message === "string" ? message : "";
    } catch {
      content = raw;
    }
    onPiece?.(content);
    return { content, usage: readUsage(raw), raw };
  }
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  let raw = "";
  let pending = "";
  let content = "";
  const line = (text: string) => {
    const trimmed = text.replace(/\r$/, "");
    if (!trimmed.startsWith("data:")) return;
    const data = trimmed.slice(5).trim();
    if (data === "" || data === "[DONE]") return;
    try {
      const chunk = JSON.parse(data) as { choices?: { delta?: { content?: unknown } }[] };
      const piece = chunk.choices?.[0]?.delta?.content;
      if (typeof piece === "string" && piece !== "") {
        content += piece;
        onPiece?.(piece);
      }
    } catch {
      // not JSON: a comment or a provider's own event, not part of the answer
    }
  };
  for (;;) {
    const { done, value } = await reader.read();
    const textPart = done ? decoder.decode() : decoder.decode(value, { stream: true });
    raw += textPart;
    pending += textPart;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const l of lines) line(l);
    if (done) break;
  }
  if (pending !== "") line(pending);
  return { content, usage: readStreamUsage(raw), raw };
}

/** The stderr lines after an answer: whether it verified, and what it cost. */
function reportVerification(
  io: CliIo,
  { verification, provider, usage, fee }: { verification: ResponseVerification | undefined; provider: Address; usage: ChatUsage | undefined; fee: bigint | undefined },
): void {
  const style = createStyle(colorEnabled(io.stderr, io.env));
  if (verification === undefined) io.stderr.write(`${style.yellow("!")} not verifiable: provider ${provider} does not sign its answers (its service sets no verifiability)\n`);
  else if (verification.valid) io.stderr.write(`${style.green("✔ verified")}: signed by ${verification.signer} (TEE signer of provider ${provider})\n`);
  else io.stderr.write(`${style.red("✘ NOT verified")}: ${verification.error.shortMessage}${verification.error.details && verification.error.details !== verification.error.shortMessage ? ` ${style.dim(verification.error.details)}` : ""}\n`);
  if (usage) io.stderr.write(style.dim(`${usage.promptTokens} prompt + ${usage.completionTokens} completion tokens${fee === undefined ? "" : `, ${og(fee)}`}\n`));
}
