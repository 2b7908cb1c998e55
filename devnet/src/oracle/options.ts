import { isHex, type Hex } from "viem";
import { DevnetOptionError } from "../errors.js";
import { oracleKeys } from "./keys.js";

/** Options of the INFT layer (`createDevnet({ inft })`); `inft: false` leaves it out. */
export type InftOptions = {
  /** The AgentNFT's mint fee in wei (`getMintFee()`, set by the admin after `initialize`). @default 0n */
  mintFee?: bigint;
  /**
   * How long a proof's nonce stays valid, in seconds (the Verifier's `maxProofAge`, 0G's default
   * 7 days; at most 365 days). @default 604_800
   */
  maxProofAge?: number;
  /**
   * The oracle's TEE private key (registered as the Verifier's `teeOracleAddress`, sealed to at mint).
   * @default a key derived from a fixed label: the same on every devnet
   */
  oracleKey?: Hex;
};

export type ResolvedInftOptions = {
  mintFee: bigint;
  maxProofAge: number;
  oracleKey: Hex;
};

/** 0G's default proof lifetime (Verifier `initialize`): 7 days. */
export const defaultMaxProofAge = 7 * 24 * 3600;
const maxProofAgeLimit = 365 * 24 * 3600;
const secp256k1Order = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * Resolves `createDevnet({ inft })`: on by default when the storage layer is on (the oracle keeps
 * the agents' data on 0G Storage), off without it; `inft: true` (or options) without storage is an
 * error.
 */
export function resolveInftOptions(inft: InftOptions | boolean | undefined, storage: boolean): ResolvedInftOptions | undefined {
  if (inft === false) return undefined;
  if (inft === undefined && !storage) return undefined;
  if (inft !== true && inft !== undefined && (typeof inft !== "object" || inft === null))
    throw new DevnetOptionError({ option: "inft", reason: "Expected a boolean or { mintFee?, maxProofAge?, oracleKey? }." });
  if (!storage)
    throw new DevnetOptionError({
      option: "inft",
      reason: "The INFT oracle reads and writes the agents' encrypted data on 0G Storage: keep the storage layer (do not pass storage: false).",
    });
  const options: InftOptions = typeof inft === "object" ? inft : {};
  const mintFee = options.mintFee ?? 0n;
  if (typeof mintFee !== "bigint" || mintFee < 0n) throw new DevnetOptionError({ option: "inft.mintFee", reason: "Expected a non-negative bigint (wei)." });
  const maxProofAge = options.maxProofAge ?? defaultMaxProofAge;
  if (!Number.isSafeInteger(maxProofAge) || maxProofAge < 1 || maxProofAge > maxProofAgeLimit)
    throw new DevnetOptionError({ option: "inft.maxProofAge", reason: `Expected an integer number of seconds from 1 to ${maxProofAgeLimit} (365 days).` });
  const oracleKey = options.oracleKey ?? oracleKeys().tee;
  if (typeof oracleKey !== "string" || !isHex(oracleKey, { strict: true }) || oracleKey.length !== 66 || BigInt(oracleKey) === 0n || BigInt(oracleKey) >= secp256k1Order)
    throw new DevnetOptionError({ option: "inft.oracleKey", reason: "Expected a secp256k1 private key: 32 bytes of 0x-hex, non-zero and below the curve order." });
  return { mintFee, maxProofAge, oracleKey: oracleKey.toLowerCase() as Hex };
}
