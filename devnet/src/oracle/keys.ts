import { keccak256, toHex, type Hex } from "viem";

const key = (role: string): Hex => keccak256(toHex(`@0g/devnet:inft:${role}`));

/**
 * The INFT oracle's keys, derived from fixed labels (`keccak256("@0g/devnet:inft:<role>")`) like
 * the compute providers' (`compute/keys.ts`): the same on every devnet whatever the mnemonic, and
 * never a user account.
 * - `tee`: the TEE signing key (the Verifier's `teeOracleAddress`; mints seal data keys to it);
 * - `payer`: the account that pays for the oracle's uploads to 0G Storage (funded at start);
 * - `liar`: what a lying oracle (`devnet.inft.oracle.lie()`) signs ownership proofs with.
 */
export function oracleKeys(): { tee: Hex; payer: Hex; liar: Hex } {
  return { tee: key("oracle"), payer: key("oracle-payer"), liar: key("oracle-liar") };
}
