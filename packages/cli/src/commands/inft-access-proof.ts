import { readFile, writeFile } from "node:fs/promises";
import type { AccessProof } from "@0g/inft";
import { getAddress, isAddress, isHex, type Address, type Hex } from "viem";
import { defineCommand } from "../command.js";
import { InvalidAccessProofFileError, UsageError } from "../errors.js";
import { readStdin, writeJson } from "../io.js";
import { option, text } from "../options.js";
import { agentNftOf, inftOptions, inftTarget, parseTokenId } from "./inft-shared.js";

/** The `format` of an access-proof file. */
export const accessProofFileFormat = "0g-inft-access-proof/1";

/**
 * What `0g inft access-proof` writes and `0g inft transfer|clone --access-proof` reads: the
 * receiver's signed request to have agent `tokenId` re-encrypted for it (one proof per data entry).
 */
export type AccessProofFile = {
  format: typeof accessProofFileFormat;
  chainId: number;
  agentNft: Address;
  tokenId: string;
  /** Who signed: the receiver, or its delegate. */
  signer: Address;
  accessProofs: AccessProof[];
};

/** `0g inft access-proof <id>`: the receiver's side of a transfer or clone. */
export const inftAccessProofCommand = defineCommand({
  name: "inft access-proof",
  summary: "Sign the access proof a holder needs to transfer or clone an agent to you",
  description: [
    "As the receiver (your --key or ZG_PRIVATE_KEY), sign an access proof for each of agent <id>'s data",
    "hashes: it asks the oracle to re-encrypt the agent for your public key. Send the output to the holder,",
    "who passes it to `0g inft transfer <id> <you> --access-proof <file>`. It names the current data, so",
    "it is void once the agent is updated; the oracle accepts it for a limited time.",
  ].join("\n"),
  arguments: [{ name: "<id>", description: "The agent's token id" }],
  options: {
    ...inftOptions,
    out: option({ description: "Write it to this file instead of standard output", valueName: "<file>", parse: text() }),
  },
  examples: [
    { description: "As the receiver: sign and save it", command: "0g inft access-proof 1 --key $BOB_KEY --out proof.json" },
    { description: "Then the holder transfers with it", command: "0g inft transfer 1 0xB0b... --access-proof proof.json" },
  ],
  async run({ options, positionals, io }) {
    const command = "inft access-proof";
    const tokenId = parseTokenId(positionals[0], command);
    const { wallet, contracts, connection } = await inftTarget(options, io, command);
    const { agentNft } = await wallet.getAgent({ tokenId, ...agentNftOf(contracts) });
    const accessProofs = await wallet.createAccessProof({ tokenId, agentNft });
    const file: AccessProofFile = {
      format: accessProofFileFormat,
      chainId: connection.chain.id,
      agentNft,
      tokenId: tokenId.toString(),
      signer: wallet.account.address,
      accessProofs,
    };
    if (options.out === undefined) return void writeJson(io.stdout, file);
    try {
      await writeFile(options.out, `${JSON.stringify(file, null, 2)}\n`);
    } catch (error) {
      throw new UsageError(`Cannot write ${JSON.stringify(options.out)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, { command });
    }
    io.stdout.write(`Wrote the access proof for agent #${tokenId} signed by ${file.signer} to ${options.out}\n`);
  },
});

/**
 * Reads `--access-proof <file>` (or `-` for stdin) and checks it is for this token, contract and
 * chain; the oracle and the contract check the signatures themselves.
 */
export async function readAccessProofFile(
  path: string,
  expected: { chainId: number; agentNft: Address; tokenId: bigint },
): Promise<AccessProofFile> {
  const fail = (reason: string): never => {
    throw new InvalidAccessProofFileError({ file: path, reason });
  };
  let raw: string;
  try {
    raw = new TextDecoder().decode(path === "-" ? await readStdin() : await readFile(path));
  } catch (error) {
    return fail(`cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  let value: Partial<Record<keyof AccessProofFile, unknown>>;
  try {
    value = JSON.parse(raw) as typeof value;
  } catch {
    return fail("not JSON: expected the output of `0g inft access-proof`.");
  }
  if (typeof value !== "object" || value === null || value.format !== accessProofFileFormat) fail(`expected "format": "${accessProofFileFormat}" (the output of \`0g inft access-proof\`).`);
  if (value.chainId !== expected.chainId) fail(`it is for chain ${String(value.chainId)}, not ${expected.chainId}.`);
  if (typeof value.agentNft !== "string" || !isAddress(value.agentNft, { strict: false }) || getAddress(value.agentNft) !== expected.agentNft)
    fail(`it is for the AgentNFT at ${String(value.agentNft)}, not ${expected.agentNft}.`);
  if (value.tokenId !== expected.tokenId.toString()) fail(`it is for agent #${String(value.tokenId)}, not #${expected.tokenId}.`);
  if (typeof value.signer !== "string" || !isAddress(value.signer, { strict: false })) fail("its signer is not an address.");
  const proofs = value.accessProofs;
  if (!Array.isArray(proofs) || proofs.length === 0) fail("it has no access proofs.");
  const hexFields = ["dataHash", "targetPubkey", "nonce", "proof"] as const;
  for (const [i, proof] of (proofs as unknown[]).entries()) {
    const entry = proof as Record<string, unknown> | null;
    for (const field of hexFields) if (typeof entry?.[field] !== "string" || !isHex(entry[field])) fail(`accessProofs[${i}].${field} is not 0x-hex.`);
  }
  return {
    format: accessProofFileFormat,
    chainId: expected.chainId,
    agentNft: expected.agentNft,
    tokenId: expected.tokenId.toString(),
    signer: getAddress(value.signer as string),
    accessProofs: (proofs as Record<(typeof hexFields)[number], Hex>[]).map(({ dataHash, targetPubkey, nonce, proof }) => ({ dataHash, targetPubkey, nonce, proof })),
  };
}
