import { agentNftAbi, verifierAbi } from "@0g/contracts";
import { accessNonceMaxClockSkew, parseAccessNonce } from "@0g/inft";
import { isAddressEqual, zeroAddress, type Address, type Hex } from "viem";
import { OracleRefusal } from "./refusal.js";
import type { OracleContext } from "./routes.js";


/**
 * Chain time in Unix seconds: the latest block's timestamp, what the Verifier compares nonces with
 * (and what clients make `issuedAt` from). Not the wall clock: a devnet whose genesis is in the past,
 * or that travelled in time, keeps its own clock.
 */
export async function chainSeconds(ctx: OracleContext): Promise<bigint> {
  const block = (await ctx.chain.call("eth_getBlockByNumber", ["latest", false])) as { timestamp: Hex } | null;
  return block ? BigInt(block.timestamp) : BigInt(Math.floor(Date.now() / 1000));
}

/** `ownerOf(tokenId)`, or a `not_holder` refusal for a token that does not exist. */
export async function ownerOf(ctx: OracleContext, tokenId: bigint): Promise<Address> {
  try {
    return await ctx.chain.read({ address: ctx.contracts.agentNft, abi: agentNftAbi, functionName: "ownerOf", args: [tokenId] });
  } catch {
    throw new OracleRefusal("not_holder", `Token ${tokenId} does not exist.`);
  }
}

/** Refuses with `stale_data` unless `dataHashes` are the token's current data hashes, in order. */
export async function checkCurrentData(ctx: OracleContext, tokenId: bigint, dataHashes: readonly Hex[]): Promise<void> {
  const datas = await ctx.chain.read({ address: ctx.contracts.agentNft, abi: agentNftAbi, functionName: "intelligentDatasOf", args: [tokenId] });
  const current = datas.map((d) => d.dataHash.toLowerCase());
  if (current.length !== dataHashes.length || current.some((h, i) => h !== dataHashes[i]!.toLowerCase()))
    throw new OracleRefusal(
      "stale_data",
      `The request names data hashes [${dataHashes.join(", ")}], but token ${tokenId}'s data is [${current.join(", ")}]: it was updated or transferred since.`,
    );
}

/** Whether `spender` may move `owner`'s token `tokenId`: the owner, its approved address, or an operator for all its tokens. */
export async function mayMove(ctx: OracleContext, owner: Address, spender: Address, tokenId: bigint): Promise<boolean> {
  if (isAddressEqual(owner, spender)) return true;
  const { agentNft } = ctx.contracts;
  const [approved, forAll] = await Promise.all([
    ctx.chain.read({ address: agentNft, abi: agentNftAbi, functionName: "getApproved", args: [tokenId] }),
    ctx.chain.read({ address: agentNft, abi: agentNftAbi, functionName: "isApprovedForAll", args: [owner, spender] }),
  ]);
  return forAll || (!isAddressEqual(approved, zeroAddress) && isAddressEqual(approved, spender));
}

/** `to`'s delegate for access proofs (`getDelegateAccess`), or undefined. */
export async function delegateOf(ctx: OracleContext, to: Address): Promise<Address | undefined> {
  const delegate = await ctx.chain.read({ address: ctx.contracts.agentNft, abi: agentNftAbi, functionName: "getDelegateAccess", args: [to] });
  return isAddressEqual(delegate, zeroAddress) ? undefined : delegate;
}

export async function authorizedUsersOf(ctx: OracleContext, tokenId: bigint): Promise<readonly Address[]> {
  return ctx.chain.read({ address: ctx.contracts.agentNft, abi: agentNftAbi, functionName: "authorizedUsersOf", args: [tokenId] });
}

/**
 * Refuses an access nonce the Verifier would: not 32 bytes or `issuedAt` 0 (`bad_access_proof`),
 * `issuedAt` more than 15 minutes ahead of chain time or older than `maxProofAge` (`expired`), or
 * used before (`bad_access_proof`).
 */
export async function checkAccessNonce(ctx: OracleContext, nonce: Hex, index: number, now: bigint, maxProofAge: bigint): Promise<void> {
  const parsed = parseAccessNonce(nonce);
  if (!parsed)
    throw new OracleRefusal("bad_access_proof", `Access proof ${index}'s nonce has ${(nonce.length - 2) / 2} bytes; it must be 32: issuedAt (8 bytes, big-endian) | 24-byte salt.`);
  const { issuedAt } = parsed;
  if (issuedAt === 0n) throw new OracleRefusal("bad_access_proof", `Access proof ${index}'s nonce has issuedAt 0.`);
  if (issuedAt > now + accessNonceMaxClockSkew)
    throw new OracleRefusal("expired", `Access proof ${index} was issued at ${issuedAt}, more than 15 minutes after chain time ${now}: not valid yet.`);
  if (now > issuedAt + maxProofAge)
    throw new OracleRefusal("expired", `Access proof ${index} was issued at ${issuedAt} and expired at ${issuedAt + maxProofAge} (chain time ${now}).`);
  const { agentNft, verifier } = ctx.contracts;
  const key = await ctx.chain.read({ address: verifier, abi: verifierAbi, functionName: "proofKey", args: [nonce, agentNft] });
  if (await ctx.chain.read({ address: verifier, abi: verifierAbi, functionName: "isProofUsed", args: [key] }))
    throw new OracleRefusal("bad_access_proof", `Access proof ${index}'s nonce was used before.`);
}

export async function maxProofAge(ctx: OracleContext): Promise<bigint> {
  return ctx.chain.read({ address: ctx.contracts.verifier, abi: verifierAbi, functionName: "maxProofAge", args: [] });
}
