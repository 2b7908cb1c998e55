// The devnet for integration tests, imported from its source by path: @0g/devnet depends on
// @0g/storage, so declaring it as a devDependency here would make a workspace cycle (and pnpm would
// then build the devnet before this package).
import { http, createWalletClient, type Chain, type Hex, type HttpTransport, type WalletClient } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createDevnet, type CreateDevnetOptions, type Devnet } from "../../../../devnet/src/index.js";

export { createDevnet };
export type { Devnet };

export type TestDevnet = {
  devnet: Devnet;
  rpcUrl: string;
  /** A wallet client of devnet account `index`, over HTTP. */
  wallet(index: number): WalletClient<HttpTransport, Chain, PrivateKeyAccount>;
};

/** A served devnet with a wallet client per account (HTTP transport, like a user's). */
export async function startDevnet(options: CreateDevnetOptions = {}): Promise<TestDevnet> {
  const devnet = await createDevnet({ accounts: 6, ...options });
  const { endpoints } = await devnet.serve({ port: 0 });
  const rpcUrl = endpoints.rpc;
  const wallet = (index: number) =>
    createWalletClient({
      account: privateKeyToAccount(devnet.accounts[index]!.privateKey as Hex),
      chain: devnet.chain,
      transport: http(rpcUrl, { retryCount: 0 }),
      pollingInterval: 50,
    });
  return { devnet, rpcUrl, wallet };
}

/** Deterministic pseudo-random bytes. */
export function bytesOf(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
