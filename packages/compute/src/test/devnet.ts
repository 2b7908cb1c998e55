// The devnet for integration tests, imported from its source by path: @0g/devnet depends on
// @0g/compute, so declaring it as a devDependency here would make a workspace cycle (and pnpm would
// then build the devnet before this package), as in @0g/storage.
import { http, createWalletClient, type Chain, type Hex, type HttpTransport, type WalletClient } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createDevnet, type CreateDevnetOptions, type Devnet } from "../../../../devnet/src/index.js";
import { providerKeys } from "../../../../devnet/src/compute/keys.js";

export { createDevnet, providerKeys };
export type { Devnet };

export type TestDevnet = {
  devnet: Devnet;
  rpcUrl: string;
  /** A wallet client of devnet account `index`, over HTTP (a fresh client each call). */
  wallet(index: number): WalletClient<HttpTransport, Chain, PrivateKeyAccount>;
};

/** A served devnet with compute providers (no storage layer), settling only on demand. */
export async function startDevnet(options: CreateDevnetOptions = {}): Promise<TestDevnet> {
  const devnet = await createDevnet({ accounts: 8, storage: false, compute: { settlement: { auto: false } }, ...options });
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
