import { download, upload } from "@0g/storage";
import type { Hex } from "viem";
import { OracleRefusal } from "./refusal.js";
import type { OracleContext } from "./routes.js";

const messageOf = (error: unknown) => (error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error));

function indexerOf(ctx: OracleContext): string {
  const indexer = ctx.storage.indexer();
  if (indexer === undefined) throw new OracleRefusal("data_unavailable", "0G Storage is not reachable: the devnet is not served over HTTP.");
  return indexer;
}

/** Downloads (and verifies against its root) the envelope whose storage root is `root`, or refuses with `data_unavailable`. */
export async function downloadEnvelope(ctx: OracleContext, root: Hex, index: number): Promise<Uint8Array> {
  const indexer = indexerOf(ctx);
  try {
    const { data } = await download({ indexer }, { root, workers: false, retry: { count: 0 } });
    return data;
  } catch (error) {
    throw new OracleRefusal("data_unavailable", `Data ${index} (root ${root}) could not be downloaded from 0G Storage: ${messageOf(error)}`);
  }
}

/**
 * Uploads a new envelope to the devnet's 0G Storage, paid by the oracle's payer account, and waits
 * until the nodes have finalized it (so the receiver can download it at once). Resolves to its root.
 * Uploads are serialised: the payer's transactions never race for a nonce.
 */
export function uploadEnvelope(ctx: OracleContext, envelope: Uint8Array): Promise<Hex> {
  const run = async () => {
    const indexer = indexerOf(ctx);
    const { root } = await upload(ctx.storage.client, { data: envelope, indexer, flow: ctx.storage.flow, workers: false, timeout: 60_000 });
    return root;
  };
  const result = ctx.storage.queue.then(run, run);
  ctx.storage.queue = result.then(
    () => undefined,
    () => undefined,
  );
  return result;
}
