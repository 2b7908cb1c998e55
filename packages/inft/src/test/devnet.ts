// The devnet for integration tests, imported from its source by path: @0g/devnet depends on
// @0g/inft, so declaring it as a devDependency here would make a workspace cycle (and pnpm would
// then build the devnet before this package), as in @0g/storage and @0g/compute.
import {
  createPublicClient,
  createWalletClient,
  http,
  parseEther,
  type Address,
  type Chain,
  type Hex,
  type HttpTransport,
  type PublicClient,
  type WalletClient,
} from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createDevnet, systemDeployerAddress, type CreateDevnetOptions, type Devnet } from "../../../../devnet/src/index.js";
import { inftActions, type InftActions } from "../decorators.js";
import { publicKeyOf } from "../crypto/ecies.js";

export { createDevnet, systemDeployerAddress };
export type { Devnet };

export type TestUser = {
  key: Hex;
  address: Address;
  publicKey: Hex;
  account: PrivateKeyAccount;
  /** A wallet client over HTTP, with the INFT actions and the account's own key as encryption key. */
  client: WalletClient<HttpTransport, Chain, PrivateKeyAccount> & InftActions;
};

export type TestDevnet = {
  devnet: Devnet;
  rpcUrl: string;
  publicClient: PublicClient<HttpTransport, Chain>;
  /** Devnet account `index` as a user. */
  user(index: number): TestUser;
  /** A user of a fresh key (not a devnet account), funded with `funds`. */
  newUser(funds?: bigint): Promise<TestUser>;
  /** The agent NFT. */
  agentNft: Address;
};

function userOf(devnet: Devnet, rpcUrl: string, key: Hex): TestUser {
  const account = privateKeyToAccount(key);
  const wallet = createWalletClient({ account, chain: devnet.chain, transport: http(rpcUrl, { retryCount: 0 }), pollingInterval: 50 });
  return { key, address: account.address, publicKey: publicKeyOf(key), account, client: wallet.extend(inftActions({ encryptionKey: key })) };
}

/** A served devnet with storage and the INFT layer (no compute). */
export async function startDevnet(options: CreateDevnetOptions = {}): Promise<TestDevnet> {
  const devnet = await createDevnet({ accounts: 8, compute: false, ...options });
  const { endpoints } = await devnet.serve({ port: 0 });
  const rpcUrl = endpoints.rpc;
  const publicClient = createPublicClient({ chain: devnet.chain, transport: http(rpcUrl, { retryCount: 0 }), pollingInterval: 50 });
  return {
    devnet,
    rpcUrl,
    publicClient,
    agentNft: devnet.inft.contracts.agentNft,
    user: (index) => userOf(devnet, rpcUrl, devnet.accounts[index]!.privateKey as Hex),
    async newUser(funds = parseEther("10")) {
      const key = generatePrivateKey();
      const user = userOf(devnet, rpcUrl, key);
      if (funds > 0n) await devnet.setBalance(user.address, funds);
      return user;
    },
  };
}

/** Deterministic filler of `size` characters (for 1 KiB / 1 MiB metadata). */
export function filler(size: number, seed = 1): string {
  let x = (seed * 2654435761) >>> 0 || 1;
  let out = "";
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += alphabet[(x >>> 0) % alphabet.length];
  }
  return out;
}
