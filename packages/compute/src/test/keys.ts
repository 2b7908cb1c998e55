// Well-known test keys (Hardhat accounts #0-#2). Never use them for anything of value.
import { privateKeyToAccount } from "viem/accounts";

export const userKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" as const;
export const providerKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" as const;
export const teeKey = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a" as const;

export const user = privateKeyToAccount(userKey);
export const provider = privateKeyToAccount(providerKey);
export const tee = privateKeyToAccount(teeKey);

/** A fixed instant (2023-11-14T22:13:20Z) so expiry arithmetic is readable. */
export const t0 = 1_700_000_000_000;
