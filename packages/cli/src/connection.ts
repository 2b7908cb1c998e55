import {
  InvalidDevnetInfoError,
  createRpcClient,
  getDevnetInfo,
  getNetwork,
  isBaseError,
  NotADevnetError,
  RpcResponseError,
  UnknownNetworkError,
  zgDevnetDefaults,
  networkFromDevnetInfo,
  type DevnetInfo,
  type NetworkContracts,
  type NetworkEndpoints,
} from "@0g/core";
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type Chain,
  type HttpTransport,
  type LocalAccount,
  type PublicClient,
  type Hex,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ConflictingOptionsError, InvalidPrivateKeyError, MissingPrivateKeyError, RpcUnreachableError } from "./errors.js";
import { httpUrl, oneOf, option, text } from "./options.js";

/** The named networks `--network` accepts. */
export const networkNames = ["devnet", "galileo", "mainnet"] as const;
export type NetworkName = (typeof networkNames)[number];

/** The environment variable that holds the signing key when `--key` is not given. */
export const privateKeyEnvVar = "ZG_PRIVATE_KEY";

/**
 * The options every network command shares: spread them into a command's `options`, then pass the
 * values to {@link resolveConnection}.
 *
 * @example
 * defineCommand({ name: "balance", options: { ...connectionOptions, json: jsonOption }, run: async ({ options }) => {
 *   const connection = await resolveConnection(options);
 * } });
 */
export const connectionOptions = {
  network: option({
    description: "Network: devnet, galileo or mainnet",
    valueName: "<name>",
    parse: oneOf(networkNames),
    defaultLabel: "devnet",
  }),
  rpc: option({ description: "RPC URL instead of --network (a devnet's URL is enough)", valueName: "<url>", parse: httpUrl() }),
  key: option({
    description: `Private key that signs (or set ${privateKeyEnvVar}; a devnet defaults to its first account)`,
    valueName: "<hex>",
    parse: text(),
  }),
};

export type ResolveConnectionParameters = {
  /** A named network; defaults to `devnet` (at http://127.0.0.1:8545) when `rpc` is not given either. */
  network?: NetworkName | undefined;
  /** An RPC URL instead of a named network; a served devnet is recognised by `devnet_info`. */
  rpc?: string | undefined;
  /** Hex private key; wins over `ZG_PRIVATE_KEY`. Never printed. */
  key?: string | undefined;
  /** Where `ZG_PRIVATE_KEY` is read from. @default process.env */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Milliseconds to wait for the RPC while discovering it. @default 10_000 */
  timeout?: number | undefined;
  /** The command being run, for the `--help` hint of usage errors. */
  command?: string | undefined;
};

/** Where the signing account came from. */
export type AccountSource = "--key" | typeof privateKeyEnvVar | "devnet";

/** Everything a command needs to talk to a network. */
export type Connection = {
  /** `devnet`, `galileo`, `mainnet`, or `custom` for an RPC whose chain id is in no registry. */
  readonly network: string;
  readonly chain: Chain;
  readonly rpcUrl: string;
  readonly contracts: NetworkContracts;
  readonly endpoints: NetworkEndpoints;
  /** What the devnet answered to `devnet_info`, when the RPC is a served devnet. */
  readonly devnet: DevnetInfo | undefined;
  /** The signing account, when a key was given (or the devnet's first account). */
  readonly account: LocalAccount | undefined;
  readonly accountSource: AccountSource | undefined;
  readonly publicClient: PublicClient<HttpTransport, Chain>;
  /** Present when there is an account. */
  readonly walletClient: WalletClient<HttpTransport, Chain, LocalAccount> | undefined;
};

/**
 * Resolves `--network` / `--rpc` / `--key` (and `ZG_PRIVATE_KEY`) into a {@link Connection}.
 *
 * - `--network galileo|mainnet`: the registry's chain, contracts and endpoints (no request is sent).
 * - `--network devnet` (the default) is `--rpc http://127.0.0.1:8545`.
 * - `--rpc <url>`: asks `devnet_info`; a served devnet answers with its chain id, contracts, endpoints
 *   and accounts (the first signs by default). Any other server is a plain EVM RPC: its chain id
 *   (`eth_chainId`) is looked up in the registry, or the network is `custom`.
 * - The key: `--key`, else `ZG_PRIVATE_KEY`, else the devnet's first account, else none (commands
 *   that sign call {@link requireWallet}).
 *
 * @throws {ConflictingOptionsError} both `network` and `rpc`.
 * @throws {InvalidPrivateKeyError} a key that is not 32 bytes of hex.
 * @throws {RpcUnreachableError} nothing answered JSON-RPC at the URL.
 *
 * @example
 * const connection = await resolveConnection({ rpc: "http://127.0.0.1:8545" });
 * const balance = await connection.publicClient.getBalance({ address: connection.account!.address });
 */
export async function resolveConnection(parameters: ResolveConnectionParameters = {}): Promise<Connection> {
  const { network, rpc, command, timeout = 10_000 } = parameters;
  if (network !== undefined && rpc !== undefined) throw new ConflictingOptionsError({ options: ["--network", "--rpc"], command });
  const key = resolvePrivateKey({ key: parameters.key, env: parameters.env ?? process.env, command });

  if (network === "galileo" || network === "mainnet") {
    const entry = getNetwork(network);
    return connect({ network, chain: entry.chain, rpcUrl: entry.endpoints.rpc, contracts: entry.contracts, endpoints: entry.endpoints, devnet: undefined, key });
  }

  const url = rpc ?? zgDevnetDefaults.rpcUrl;
  const hint = rpc === undefined ? "Start a devnet with `0g devnet`, or choose another network with --network or --rpc." : undefined;
  const info = await discoverDevnet(url, { timeout, hint });
  if (info) {
    const entry = networkFromDevnetInfo({ ...info, rpcUrl: url });
    return connect({ network: "devnet", chain: entry.chain, rpcUrl: url, contracts: entry.contracts, endpoints: { ...entry.endpoints, rpc: url }, devnet: info, key });
  }
  const chainId = await requestChainId(url, { timeout, hint });
  const known = findNetwork(chainId);
  if (known) return connect({ network: known.name, chain: known.chain, rpcUrl: url, contracts: known.contracts, endpoints: { ...known.endpoints, rpc: url }, devnet: undefined, key });
  const chain = defineChain({
    id: chainId,
    name: `Chain ${chainId}`,
    nativeCurrency: { name: "0G", symbol: "0G", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  return connect({ network: "custom", chain, rpcUrl: url, contracts: {}, endpoints: { rpc: url }, devnet: undefined, key });
}

/**
 * The wallet client of a connection, for commands that sign.
 *
 * @throws {MissingPrivateKeyError} when no key was given and the network has no default account.
 */
export function requireWallet(connection: Connection): WalletClient<HttpTransport, Chain, LocalAccount> {
  if (!connection.walletClient) throw new MissingPrivateKeyError({ network: connection.network });
  return connection.walletClient;
}

/**
 * The private key behind the connection's account (`--key`, `ZG_PRIVATE_KEY`, else the devnet's first
 * account), for what only the key can do: opening a fine-tuned model's key or an agent's data sealed to the account.
 */
export function signingPrivateKey(options: { key?: string | undefined }, env: Readonly<Record<string, string | undefined>>, connection: Connection, command: string): Hex {
  const given = resolvePrivateKey({ key: options.key, env, command });
  if (given) return given.privateKey;
  const first = connection.devnet?.accounts[0]?.privateKey;
  if (first !== undefined) return first as Hex;
  throw new MissingPrivateKeyError({ network: connection.network });
}

/**
 * Reads the signing key from `key` (the `--key` flag) or else `env.ZG_PRIVATE_KEY`, and checks it is
 * 32 bytes of hex (with or without `0x`) and a valid secp256k1 secret. Returns `undefined` when
 * neither is set.
 *
 * @throws {InvalidPrivateKeyError} naming the source, never the value.
 */
export function resolvePrivateKey({
  key,
  env,
  command,
}: {
  key?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  command?: string | undefined;
}): { privateKey: `0x${string}`; source: AccountSource } | undefined {
  const fromEnv = env[privateKeyEnvVar];
  const [raw, source]: [string | undefined, AccountSource] =
    key !== undefined ? [key, "--key"] : [fromEnv === "" ? undefined : fromEnv, privateKeyEnvVar];
  if (raw === undefined) return undefined;
  const reason = privateKeyProblem(raw.trim());
  if (reason) throw new InvalidPrivateKeyError({ source, reason, command });
  const hex = raw.trim().replace(/^0x/i, "").toLowerCase();
  return { privateKey: `0x${hex}`, source };
}

/** secp256k1's group order: a private key must be in [1, n-1]. */
const secp256k1Order = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Why `value` is not a private key (hex, 32 bytes, a valid secp256k1 secret), or undefined. */
export function privateKeyProblem(value: string): string | undefined {
  const hex = value.replace(/^0x/i, "");
  if (!/^[0-9a-fA-F]*$/.test(hex)) return "it is not hexadecimal.";
  if (hex.length !== 64) return `expected 64 hex digits, got ${hex.length}.`;
  const scalar = BigInt(`0x${hex}`);
  if (scalar === 0n || scalar >= secp256k1Order) return "it is not a valid secp256k1 private key (zero or out of range).";
  return undefined;
}

async function discoverDevnet(url: string, { timeout, hint }: { timeout: number; hint: string | undefined }) {
  try {
    return await getDevnetInfo(url, { timeout, retryCount: 0 });
  } catch (error) {
    if (error instanceof InvalidDevnetInfoError) throw error;
    // The server answered with a JSON-RPC error (method not found, or a gateway's own code for an
    // unsupported method): a plain EVM RPC.
    if (isBaseError(error, NotADevnetError.code) || isBaseError(error, RpcResponseError.code)) return undefined;
    throw new RpcUnreachableError({ url, hint, cause: error });
  }
}

async function requestChainId(url: string, { timeout, hint }: { timeout: number; hint: string | undefined }): Promise<number> {
  const client = createRpcClient({ url, timeout, retryCount: 0, batch: false });
  let result: unknown;
  try {
    result = await client.request({ method: "eth_chainId" });
  } catch (error) {
    throw new RpcUnreachableError({ url, hint, cause: error });
  }
  const chainId = typeof result === "string" && /^0x[0-9a-fA-F]+$/.test(result) ? Number(result) : Number.NaN;
  if (!Number.isSafeInteger(chainId) || chainId <= 0)
    throw new RpcUnreachableError({ url, hint: `eth_chainId answered ${JSON.stringify(result)}, not a chain id.` });
  return chainId;
}

function findNetwork(chainId: number) {
  try {
    return getNetwork(chainId);
  } catch (error) {
    if (isBaseError(error, UnknownNetworkError.code)) return undefined;
    throw error;
  }
}

function connect({
  network,
  chain,
  rpcUrl,
  contracts,
  endpoints,
  devnet,
  key,
}: {
  network: string;
  chain: Chain;
  rpcUrl: string;
  contracts: NetworkContracts;
  endpoints: NetworkEndpoints;
  devnet: DevnetInfo | undefined;
  key: ReturnType<typeof resolvePrivateKey>;
}): Connection {
  const transport = http(rpcUrl);
  const signer = key ?? (devnet?.accounts[0] ? { privateKey: devnet.accounts[0].privateKey, source: "devnet" as const } : undefined);
  const account = signer ? privateKeyToAccount(signer.privateKey) : undefined;
  const publicClient = createPublicClient({ chain, transport });
  const walletClient = account ? createWalletClient({ chain, transport, account }) : undefined;
  return {
    network,
    chain,
    rpcUrl,
    contracts,
    endpoints,
    devnet,
    account,
    accountSource: signer?.source,
    publicClient,
    walletClient,
  };
}
