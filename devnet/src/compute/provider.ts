import { createSettlementNonceGenerator, type ResponseSignature, type SettlementNonceGenerator } from "@0g/compute";
import type { Address } from "viem";
import type { ComputeSettlement } from "./api.js";
import { providerKeys, type ProviderKeys } from "./keys.js";
import type { ResolvedComputeModel } from "./options.js";

/** One billed request not yet settled on chain: the fields 0G's broker hashes into `requestsHash`. */
export type UnsettledRequest = {
  /** The request's id (a UUID, the broker's `RequestHash`). */
  requestHash: string;
  /** The user, as the provider recorded it (checksummed). */
  userAddress: Address;
  fee: bigint;
  inputFee: bigint;
  outputFee: bigint;
};

/** How many response signatures a provider keeps. */
export const maxSignatures = 100_000;

/** What `snapshot()` keeps of a provider: its books (faults and signatures are run-time state). */
export type ProviderSnapshot = {
  unsettled: Map<string, UnsettledRequest[]>;
  settlements: ComputeSettlement[];
};

/**
 * A compute provider's state: its keys and model, its books (unsettled requests per user, the
 * settlements it sent), the response signatures it serves, and its run-time faults.
 */
export class ProviderState {
  readonly index: number;
  readonly keys: ProviderKeys;
  readonly model: ResolvedComputeModel;
  running = true;
  lying = false;
  latency = 0;
  /** The last failure of an automatic settlement, if any. */
  lastSettlementError: unknown = undefined;
  /** Unsettled requests by lowercase user address, oldest first. */
  unsettled = new Map<string, UnsettledRequest[]>();
  settlements: ComputeSettlement[] = [];
  /** Response signatures by lowercase chat id (0G's broker looks them up lowercased); see {@link remember}. */
  readonly signatures = new Map<string, ResponseSignature>();
  readonly nextNonce: SettlementNonceGenerator = createSettlementNonceGenerator();
  /** Serializes the provider's transactions (settlements, service updates). */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(index: number, model: ResolvedComputeModel) {
    this.index = index;
    this.keys = providerKeys(index);
    this.model = model;
  }

  get address(): Address {
    return this.keys.account.address;
  }

  /** Runs `task` after the provider's earlier transactions, one at a time. */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Records a billed request. */
  bill(request: UnsettledRequest): void {
    const key = request.userAddress.toLowerCase();
    const list = this.unsettled.get(key) ?? [];
    list.push(request);
    this.unsettled.set(key, list);
  }

  /** The sum of a user's unsettled fees, in neuron. */
  unsettledFee(user: Address): bigint {
    return (this.unsettled.get(user.toLowerCase()) ?? []).reduce((sum, r) => sum + r.fee, 0n);
  }

  /**
   * Keeps a response's signature for `GET /v1/proxy/signature/:chatId`. Like the broker's cache it
   * forgets old ones: past {@link maxSignatures}, the oldest go.
   */
  remember(chatId: string, signature: ResponseSignature): void {
    this.signatures.set(chatId.toLowerCase(), signature);
    if (this.signatures.size > maxSignatures) this.signatures.delete(this.signatures.keys().next().value!);
  }

  /** Drops settled requests (by id) of a user. */
  forget(user: Address, requestHashes: ReadonlySet<string>): void {
    const key = user.toLowerCase();
    const left = (this.unsettled.get(key) ?? []).filter((r) => !requestHashes.has(r.requestHash));
    if (left.length === 0) this.unsettled.delete(key);
    else this.unsettled.set(key, left);
  }

  clearFaults(): void {
    this.running = true;
    this.lying = false;
    this.latency = 0;
  }

  snapshot(): ProviderSnapshot {
    return { unsettled: new Map([...this.unsettled].map(([k, v]) => [k, [...v]])), settlements: [...this.settlements] };
  }

  restore(saved: ProviderSnapshot): void {
    this.unsettled = new Map([...saved.unsettled].map(([k, v]) => [k, [...v]]));
    this.settlements = [...saved.settlements];
  }
}
