import { InvalidParameterError } from "@0g/core";
import { getAddress, isAddress, type Account, type Address, type Chain, type Client, type Transport } from "viem";
import { parseAccount } from "viem/accounts";
import { InftAccountRequiredError } from "../errors.js";

/** The clients the INFT actions take: any viem client; the writes and signatures need an account. */
export type InftClient = Client<Transport, Chain | undefined, Account | undefined>;

/** The `account` parameter of the actions that sign or send: overrides the client's. */
export type AccountParameter = {
  /** The account that signs or sends (an `Account`, or the address of a JSON-RPC account). @default the client's */
  account?: Account | Address | undefined;
};

/** The account of a write or a signature: the parameter, else the client's. */
export function requireAccount(client: Client, account: Account | Address | undefined, action: string): Account {
  const chosen = account ?? client.account;
  if (chosen === undefined || chosen === null) throw new InftAccountRequiredError({ action });
  return parseAccount(chosen);
}

/** The account if there is one (reads that behave differently for the caller). */
export function optionalAccount(client: Client, account: Account | Address | undefined): Account | undefined {
  const chosen = account ?? client.account;
  return chosen === undefined || chosen === null ? undefined : parseAccount(chosen);
}

/** Checks an address parameter and checksums it. */
export function checkAddress(name: string, value: unknown): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false })) throw new InvalidParameterError({ name, value, expected: "an address" });
  return getAddress(value);
}

/** Checks a token id parameter (a bigint, or a safe integer / decimal string for convenience). */
export function checkTokenId(value: unknown): bigint {
  const id = typeof value === "bigint" ? value : typeof value === "number" && Number.isSafeInteger(value) ? BigInt(value) : typeof value === "string" && /^\d+$/.test(value) ? BigInt(value) : undefined;
  if (id === undefined || id < 0n || id >= 2n ** 256n) throw new InvalidParameterError({ name: "tokenId", value, expected: "a token id (a non-negative bigint)" });
  return id;
}

/** Checks a wei amount parameter. */
export function checkAmount(name: string, value: unknown): bigint {
  if (typeof value !== "bigint" || value < 0n || value >= 2n ** 256n) throw new InvalidParameterError({ name, value, expected: "a non-negative bigint (wei)" });
  return value;
}
