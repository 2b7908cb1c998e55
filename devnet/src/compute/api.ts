import type { SettlementStatusName, TeeSettlementData } from "@0g/compute";
import type { Address, Hex } from "viem";
import { ComputeDisabledError } from "../errors.js";
import { disabledFineTuning, type DevnetFineTuning } from "./fineTuning/api.js";

/** A compute provider of the devnet as `devnet.compute.providers` lists it. */
export type DevnetComputeProvider = {
  readonly index: number;
  /** The provider's account (`Service.provider`): it staked, it settles, it is paid. */
  readonly address: Address;
  /**
   * The service URL clients use (`<rpc>/compute/<index>`, also on chain as `Service.url`); throws
   * `DevnetNotServedError` before `serve()`. The OpenAI base URL is `{url}/v1/proxy`.
   */
  readonly url: string;
  /** Its path on every served HTTP server. */
  readonly path: string;
  /** The model name on chain (`Service.model`). */
  readonly model: string;
  /** `"builtin"`, `"proxy"` (to an OpenAI-compatible server) or `"handler"` (your function). */
  readonly modelKind: "builtin" | "proxy" | "handler";
  readonly inputPrice: bigint;
  readonly outputPrice: bigint;
  /** The TEE signer (`Service.teeSignerAddress`) that signs its responses and settlements. */
  readonly teeSigner: Address;
  /** False after `stopProvider(index)`. */
  readonly running: boolean;
  /** True after `lie(index)`: its responses are signed by a key that is not its TEE signer. */
  readonly lying: boolean;
  /** Milliseconds every answer is delayed by (`setLatency`). */
  readonly latency: number;
  /** Why the last automatic settlement failed, if it did. */
  readonly lastSettlementError: unknown;
};

/** One user's settlement by one provider: what was signed, sent, and what the contract said. */
export type ComputeSettlement = {
  /** Index of the provider that settled. */
  provider: number;
  user: Address;
  /** How many requests it covers. */
  requests: number;
  /** The `TEESettlementData` sent (or, when the preview ruled it out, that would have been sent). */
  data: TeeSettlementData;
  /** The contract's status (`settlementStatus`): from the transaction's `TEESettlementResult`, or from `previewSettlementResults` when it was not sent. */
  status: SettlementStatusName;
  /** What the contract could not take from the user's balance. */
  unsettledAmount: bigint;
  /** The `settleFeesWithTEE` transaction; undefined when the entry was not sent. */
  transactionHash: Hex | undefined;
};

/** What `settle()` settles: every provider and user by default. */
export type ComputeSettleOptions = {
  /** Only this provider. */
  provider?: number;
  /** Only this user. */
  user?: Address;
};

/**
 * The compute layer of a devnet: K inference providers registered on chain, each serving 0G's
 * provider API (`/v1/proxy/chat/completions`, signatures, unsettled fees) at `<rpc>/compute/<i>`,
 * settling fees with TEE-signed `settleFeesWithTEE`, with run-time faults.
 *
 * A service's `url` on chain is `http://127.0.0.1:8545/compute/<i>` until the first `serve()`,
 * which sends `addOrUpdateService` with the served URL when it differs (one block per provider;
 * none when serving on port 8545). A `revert` to a snapshot from before that sends it again.
 * Unsettled requests and settlements are part of snapshots; faults and signatures are not.
 *
 * @example
 * const devnet = await createDevnet();
 * await devnet.serve({ port: 0 });
 * const [provider] = devnet.compute.providers; // { address, url, model, teeSigner, ... }
 * // ...clients fund it through the LedgerManager and chat at `${provider.url}/v1/proxy`...
 * const settled = await devnet.compute.settle(); // [{ user, status: "SUCCESS", transactionHash, ... }]
 */
export type DevnetCompute = {
  /** False when the devnet was created with `compute: false`; every method then throws `ComputeDisabledError`. */
  readonly enabled: boolean;
  readonly providers: readonly DevnetComputeProvider[];
  /**
   * The fine-tuning providers (`compute: { fineTuning: true }`): tasks, deliveries, settlements and
   * their faults. `fineTuning.enabled` is false without them.
   */
  readonly fineTuning: DevnetFineTuning;
  /** Every settlement the providers made or tried, oldest first (restored by `revert`). */
  readonly settlements: readonly ComputeSettlement[];
  /** A user's fees that provider `index` has billed and not settled yet, in neuron. */
  unsettledFee(index: number, user: Address): bigint;
  /**
   * Settles now what the providers are owed: per user, an EIP-712 `TEESettlement` signed by the
   * provider's TEE, previewed, and sent with `settleFeesWithTEE` in batches of at most 50 from the
   * provider's account. Resolves to the new settlements (mined).
   */
  settle(options?: ComputeSettleOptions): Promise<ComputeSettlement[]>;
  /** Provider `index` signs responses with a wrong key (`on` false: its TEE key again). */
  lie(index: number, on?: boolean): void;
  /** Delays every answer of provider `index` by `ms` milliseconds (0 to stop). */
  setLatency(index: number, ms: number): void;
  /** Stops provider `index`: its endpoint drops connections. Its books stay. */
  stopProvider(index: number): void;
  /** Restarts a stopped provider. */
  startProvider(index: number): void;
  /** Provider `index` (every provider when omitted) runs, tells the truth and answers at once again. */
  clearFaults(index?: number): void;
};

/** `devnet.compute` of a devnet created with `compute: false`. */
export function disabledCompute(): DevnetCompute {
  const off = (method: string) => () => {
    throw new ComputeDisabledError({ method });
  };
  return {
    enabled: false,
    providers: [],
    fineTuning: disabledFineTuning(),
    settlements: [],
    unsettledFee: off("unsettledFee"),
    settle: () => Promise.reject(new ComputeDisabledError({ method: "settle" })),
    lie: off("lie"),
    setLatency: off("setLatency"),
    stopProvider: off("stopProvider"),
    startProvider: off("startProvider"),
    clearFaults: off("clearFaults"),
  };
}
