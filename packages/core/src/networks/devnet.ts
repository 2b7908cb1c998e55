import { defineZgDevnet, type ZgDevnetChain } from "../chains/definitions.js";
import { type InvalidDevnetInfoError, NotADevnetError } from "../errors/network.js";
import { RpcResponseError } from "../errors/transport.js";
import { createRpcClient } from "../transport/createRpcClient.js";
import type { CreateRpcClientParameters, RpcRequestErrorType } from "../transport/types.js";
import { parseDevnetInfo } from "./parseDevnetInfo.js";
import type { DevnetInfo, NetworkInfo } from "./types.js";

/** The JSON-RPC method a served devnet answers with its {@link DevnetInfo}. */
export const devnetInfoMethod = "devnet_info";

export type GetDevnetInfoOptions = Pick<CreateRpcClientParameters, "timeout" | "retryCount" | "headers" | "fetch">;

/** Every error `getDevnetInfo` can reject with. */
export type GetDevnetInfoErrorType = NotADevnetError | InvalidDevnetInfoError | RpcRequestErrorType;

/**
 * Asks a served devnet (`0g devnet`, `devnet.serve()`) what it is: chain id, accounts, contract
 * addresses and endpoints, by calling `devnet_info` on its RPC URL.
 *
 * @throws {NotADevnetError} when the server does not know `devnet_info`.
 * @throws {InvalidDevnetInfoError} when the answer does not have the DevnetInfo shape.
 *
 * @example
 * import { getDevnetInfo } from "@0g/core";
 * const info = await getDevnetInfo("http://127.0.0.1:8545");
 * const [deployer] = info.accounts;
 */
export async function getDevnetInfo(rpcUrl: string, options: GetDevnetInfoOptions = {}): Promise<DevnetInfo> {
  const client = createRpcClient({ ...options, url: rpcUrl, batch: false });
  let value: unknown;
  try {
    value = await client.request({ method: devnetInfoMethod });
  } catch (error) {
    if (error instanceof RpcResponseError && error.rpcError.code === -32601) {
      throw new NotADevnetError({ url: rpcUrl, cause: error });
    }
    throw error;
  }
  return parseDevnetInfo(value, { url: rpcUrl });
}

/**
 * Turns a {@link DevnetInfo} into a network registry entry (chain from {@link defineZgDevnet}), ready
 * for {@link registerNetwork}.
 *
 * @example
 * import { getDevnetInfo, networkFromDevnetInfo, registerNetwork } from "@0g/core";
 * const network = registerNetwork(networkFromDevnetInfo(await getDevnetInfo("http://127.0.0.1:8545")));
 */
export function networkFromDevnetInfo(
  info: DevnetInfo,
  { name = "devnet" }: { name?: string | undefined } = {},
): NetworkInfo<ZgDevnetChain> {
  return {
    name,
    chain: defineZgDevnet({ id: info.chainId, rpcUrl: info.rpcUrl }),
    contracts: { ...info.contracts },
    endpoints: { ...info.endpoints },
  };
}
