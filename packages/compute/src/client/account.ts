import { InvalidParameterError } from "@0g/core";
import { getAddress, isAddress, type Account, type Address, type Client, type Hex, type SignableMessage } from "viem";
import { parseAccount } from "viem/accounts";
import { signMessage } from "viem/actions";
import { ComputeAccountRequiredError } from "../errors.js";
import type { SessionTokenSigner } from "../token/create.js";

/** The `account` parameter of the actions that sign or send: overrides the client's. */
export type AccountParameter = {
  /** The account that signs (an `Account`, or the address of a JSON-RPC account). Default: the client's. */
  account?: Account | Address | undefined;
};

/** The account of a write or a signature: the parameter, else the client's. */
export function requireAccount(client: Client, account: Account | Address | undefined, action: string): Account {
  const chosen = account ?? client.account;
  if (chosen === undefined || chosen === null) throw new ComputeAccountRequiredError({ action });
  return parseAccount(chosen);
}

/** The user whose state a read action shows: `user`, else the account's address. */
export function userAddress(client: Client, user: Address | undefined, account: Account | Address | undefined, action: string): Address {
  if (user !== undefined) return checkAddress("user", user);
  return requireAccount(client, account, action).address;
}

/** A session token signer from an account: local accounts sign themselves, JSON-RPC ones through the client. */
export function sessionSigner(client: Client, account: Account): SessionTokenSigner {
  if (account.type === "local") return account;
  return {
    address: account.address,
    signMessage: ({ message }: { message: SignableMessage }): Promise<Hex> => signMessage(client, { account, message }),
  };
}

/** Checks an address parameter and checksums it. */
export function checkAddress(name: string, value: unknown): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false })) throw new InvalidParameterError({ name, value, expected: "an address" });
  return getAddress(value);
}

/** Checks a wei amount parameter. */
export function checkAmount(name: string, value: unknown, { positive = true }: { positive?: boolean } = {}): bigint {
  if (typeof value !== "bigint" || value < 0n || (positive && value === 0n) || value >= 2n ** 256n)
    throw new InvalidParameterError({ name, value, expected: positive ? "a positive bigint (neuron)" : "a non-negative bigint (neuron)" });
  return value;
}
