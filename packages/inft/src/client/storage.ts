import { download, fileRoot, SegmentUnavailableError, upload } from "@0g/storage";
import type { Account, Address, Hash, Hex } from "viem";
import { AgentDataUnavailableError, DataHashMismatchError } from "../errors.js";
import type { InftClient } from "./account.js";

/** Where the agents' envelopes are stored: 0G Storage, found from the client's chain unless given. */
export type InftStorageParameter = {
  /**
   * 0G Storage endpoints and Flow contract for the envelopes. @default the network registry's
   * indexer for the client's chain, else the devnet's (`devnet_info`)
   */
  storage?: { indexer?: string | undefined; nodes?: readonly string[] | undefined; flow?: Address | undefined } | undefined;
};

/** Uploads an envelope to 0G Storage (paid by `account`); its root is the token's data hash. */
export async function uploadEnvelope(
  client: InftClient,
  account: Account,
  envelope: Uint8Array,
  storage: InftStorageParameter["storage"] = {},
): Promise<{ root: Hex; txHash: Hash | undefined; fee: bigint }> {
  const { root, txHash, fee } = await upload(client, {
    data: envelope,
    account,
    ...(storage.indexer === undefined ? {} : { indexer: storage.indexer }),
    ...(storage.nodes === undefined ? {} : { nodes: storage.nodes }),
    ...(storage.flow === undefined ? {} : { flow: storage.flow }),
  });
  return { root, txHash, fee };
}

/**
 * Downloads the envelope whose storage root is `dataHash`. Every segment is checked against the
 * root with its merkle proof, and the root of what arrived is computed again: bytes that do not
 * hash to `dataHash` are a {@link DataHashMismatchError}, a file nobody serves an
 * {@link AgentDataUnavailableError}.
 */
export async function downloadEnvelope(client: InftClient, dataHash: Hex, storage: InftStorageParameter["storage"] = {}): Promise<Uint8Array> {
  let data: Uint8Array;
  try {
    ({ data } = await download(client, {
      root: dataHash,
      ...(storage.indexer === undefined ? {} : { indexer: storage.indexer }),
      ...(storage.nodes === undefined ? {} : { nodes: storage.nodes }),
    }));
  } catch (error) {
    if (error instanceof SegmentUnavailableError && error.attempts.some((a) => /^invalid segment|of another file/.test(a.reason)))
      throw new DataHashMismatchError({ dataHash, cause: error });
    throw new AgentDataUnavailableError({ dataHash, cause: error });
  }
  const actual = await fileRoot(data);
  if (actual.toLowerCase() !== dataHash.toLowerCase()) throw new DataHashMismatchError({ dataHash, actual });
  return data;
}
