import { BaseError, describeErrors } from "@0g/core";

/** The devnet was given an option it cannot run with. */
export class DevnetOptionError extends BaseError {
  static override readonly code = 7001;
  static override readonly description = "A createDevnet() or serve() option is missing, malformed or out of range.";
  override name = "DevnetOptionError";
  /** The option's name, e.g. `"mnemonic"` or `"mining.interval"`. */
  readonly option: string;
  constructor({ option, reason }: { option: string; reason: string }) {
    super(`Invalid devnet option "${option}".`, { code: DevnetOptionError.code, details: reason });
    this.option = option;
  }
}

/** The HTTP port the devnet was asked to serve on is taken. */
export class PortInUseError extends BaseError {
  static override readonly code = 7002;
  static override readonly description =
    "The port passed to serve() (or `0g devnet --port`) is already in use; choose another or pass 0 for any free port.";
  override name = "PortInUseError";
  constructor({ host, port, cause }: { host: string; port: number; cause?: unknown }) {
    super(`Port ${port} on ${host} is already in use.`, {
      code: PortInUseError.code,
      cause,
      details: `Another process listens on ${host}:${port}. Stop it, or serve on another port (port 0 picks a free one).`,
    });
  }
}

/** A snapshot id that was never issued or was invalidated by reverting to an earlier snapshot. */
export class UnknownSnapshotError extends BaseError {
  static override readonly code = 7003;
  static override readonly description =
    "revert() was given a snapshot id that this devnet never issued, or one taken after a snapshot that was since reverted to.";
  override name = "UnknownSnapshotError";
  constructor({ id }: { id: string }) {
    super(`Unknown snapshot "${id}".`, {
      code: UnknownSnapshotError.code,
      details: "Reverting to a snapshot invalidates every snapshot taken after it.",
    });
  }
}

/** The chain engine failed to start. */
export class ChainStartError extends BaseError {
  static override readonly code = 7004;
  static override readonly description = "The in-process EVM (EDR) could not be created with the given options.";
  override name = "ChainStartError";
  constructor({ cause }: { cause: unknown }) {
    super("The devnet chain could not start.", { code: ChainStartError.code, cause });
  }
}

/** A system contract could not be deployed into the chain. */
export class SystemContractDeployError extends BaseError {
  static override readonly code = 7005;
  static override readonly description =
    "Deploying a system contract at start failed (for an attached provider: it must support hardhat_setCode, hardhat_impersonateAccount and hardhat_setBalance).";
  override name = "SystemContractDeployError";
  constructor({ contract, cause }: { contract: string; cause?: unknown }) {
    super(`System contract ${contract} could not be deployed.`, { code: SystemContractDeployError.code, cause });
  }
}

/** The devnet was used after stop(). */
export class DevnetStoppedError extends BaseError {
  static override readonly code = 7006;
  static override readonly description = "A devnet method was called after devnet.stop().";
  override name = "DevnetStoppedError";
  constructor({ method }: { method: string }) {
    super(`The devnet is stopped; cannot call ${method}().`, { code: DevnetStoppedError.code });
  }
}

/** info() was asked before serve(): the devnet has no URL to describe yet. */
export class DevnetNotServedError extends BaseError {
  static override readonly code = 7007;
  static override readonly description = "devnet.info() needs a served devnet: call devnet.serve() first.";
  override name = "DevnetNotServedError";
  constructor() {
    super("The devnet is not served over HTTP yet.", {
      code: DevnetNotServedError.code,
      details: "info() describes how clients reach the devnet; call serve() first.",
    });
  }
}

/** A storage-layer API was used on a devnet created with `storage: false`. */
export class StorageDisabledError extends BaseError {
  static override readonly code = 7008;
  static override readonly description =
    "A devnet.storage method was called on a devnet created with createDevnet({ storage: false }).";
  override name = "StorageDisabledError";
  constructor({ method }: { method: string }) {
    super(`The storage layer is off; cannot call storage.${method}().`, {
      code: StorageDisabledError.code,
      details: "Create the devnet without `storage: false` to get storage nodes and an indexer.",
    });
  }
}

/** A storage node index that the devnet does not have. */
export class UnknownStorageNodeError extends BaseError {
  static override readonly code = 7009;
  static override readonly description = "A devnet.storage method was given a node index outside 0 .. nodes - 1.";
  override name = "UnknownStorageNodeError";
  readonly index: unknown;
  constructor({ index, nodes }: { index: unknown; nodes: number }) {
    super(`There is no storage node ${String(index)}.`, {
      code: UnknownStorageNodeError.code,
      details: `The devnet has ${nodes} storage node${nodes === 1 ? "" : "s"}, numbered from 0.`,
    });
    this.index = index;
  }
}

/** A file did not reach the awaited state on the storage nodes in time. */
export class StorageWaitTimeoutError extends BaseError {
  static override readonly code = 7010;
  static override readonly description =
    "devnet.storage.waitForFinalized() timed out: the running nodes that finalized the file do not cover all of its segments.";
  override name = "StorageWaitTimeoutError";
  constructor({ file, timeout, details }: { file: string; timeout: number; details: string }) {
    super(`File ${file} was not finalized within ${timeout} ms.`, { code: StorageWaitTimeoutError.code, details });
  }
}

/** An in-process request went to a storage node that was stopped with `stopNode()`. */
export class StorageNodeStoppedError extends BaseError {
  static override readonly code = 7011;
  static override readonly description =
    "devnet.storage.request() was sent to a node stopped with stopNode(); over HTTP such a node drops the connection.";
  override name = "StorageNodeStoppedError";
  constructor({ index }: { index: number }) {
    super(`Storage node ${index} is stopped.`, {
      code: StorageNodeStoppedError.code,
      details: "Restart it with devnet.storage.startNode(index); it keeps its data.",
    });
  }
}

/** `devnet.storage.kv.waitForTransaction()` did not see the KV node replay the tx in time. */
export class KvWaitTimeoutError extends BaseError {
  static override readonly code = 7012;
  static override readonly description =
    "devnet.storage.kv.waitForTransaction() timed out: the KV node has not replayed the transaction (it is not on chain yet, its data is not on the storage nodes, or the KV node is stopped).";
  override name = "KvWaitTimeoutError";
  readonly txSeq: number;
  constructor({ txSeq, timeout, details }: { txSeq: number; timeout: number; details: string }) {
    super(`The KV node did not replay transaction ${txSeq} within ${timeout} ms.`, { code: KvWaitTimeoutError.code, details });
    this.txSeq = txSeq;
  }
}

/** An in-process request went to the KV node while it was stopped with `storage.kv.stop()`. */
export class KvNodeStoppedError extends BaseError {
  static override readonly code = 7013;
  static override readonly description =
    "devnet.storage.kv.request() was called while the KV node is stopped; over HTTP a stopped KV node drops the connection.";
  override name = "KvNodeStoppedError";
  constructor() {
    super("The KV node is stopped.", {
      code: KvNodeStoppedError.code,
      details: "Restart it with devnet.storage.kv.start(); it keeps its state and catches up with the chain.",
    });
  }
}

/** A `devnet.storage.kv` API was used on a devnet created without a KV node. */
export class KvNodeDisabledError extends BaseError {
  static override readonly code = 7014;
  static override readonly description =
    "A devnet.storage.kv method was called on a devnet created with createDevnet({ storage: { kv: false } }) or storage: false.";
  override name = "KvNodeDisabledError";
  constructor({ method }: { method: string }) {
    super(`The KV node is off; cannot call storage.kv.${method}().`, {
      code: KvNodeDisabledError.code,
      details: "Create the devnet with its storage layer and without `storage: { kv: false }` to get a KV node.",
    });
  }
}

/** A compute-layer API was used on a devnet created with `compute: false`. */
export class ComputeDisabledError extends BaseError {
  static override readonly code = 7015;
  static override readonly description =
    "A devnet.compute method was called on a devnet created with createDevnet({ compute: false }).";
  override name = "ComputeDisabledError";
  constructor({ method }: { method: string }) {
    super(`The compute layer is off; cannot call compute.${method}().`, {
      code: ComputeDisabledError.code,
      details: "Create the devnet without `compute: false` to get inference providers.",
    });
  }
}

/** A compute provider index that the devnet does not have. */
export class UnknownComputeProviderError extends BaseError {
  static override readonly code = 7016;
  static override readonly description = "A devnet.compute method was given a provider index outside 0 .. providers - 1.";
  override name = "UnknownComputeProviderError";
  readonly index: unknown;
  constructor({ index, providers }: { index: unknown; providers: number }) {
    super(`There is no compute provider ${String(index)}.`, {
      code: UnknownComputeProviderError.code,
      details: `The devnet has ${providers} compute provider${providers === 1 ? "" : "s"}, numbered from 0.`,
    });
    this.index = index;
  }
}

/** A compute provider could not register, update its service, or settle on chain. */
export class ComputeProviderTransactionError extends BaseError {
  static override readonly code = 7017;
  static override readonly description =
    "A compute provider's transaction (addOrUpdateService, the owner's TEE signer acknowledgement, settleFeesWithTEE) failed or reverted.";
  override name = "ComputeProviderTransactionError";
  readonly provider: number;
  constructor({ provider, action, cause }: { provider: number; action: string; cause: unknown }) {
    super(`Compute provider ${provider} could not ${action}.`, {
      code: ComputeProviderTransactionError.code,
      cause,
    });
    this.provider = provider;
  }
}

/** A `devnet.compute.fineTuning` API was used on a devnet without fine-tuning providers. */
export class FineTuningDisabledError extends BaseError {
  static override readonly code = 7018;
  static override readonly description =
    "A devnet.compute.fineTuning method was called on a devnet created without fine-tuning providers (compute.fineTuning is off by default).";
  override name = "FineTuningDisabledError";
  constructor({ method }: { method: string }) {
    super(`The devnet has no fine-tuning providers; cannot call compute.fineTuning.${method}().`, {
      code: FineTuningDisabledError.code,
      details: "Create the devnet with createDevnet({ compute: { fineTuning: true } }) (it needs the storage layer).",
    });
  }
}

/** A fine-tuning provider index that the devnet does not have. */
export class UnknownFineTuningProviderError extends BaseError {
  static override readonly code = 7019;
  static override readonly description = "A devnet.compute.fineTuning method was given a provider index outside 0 .. providers - 1.";
  override name = "UnknownFineTuningProviderError";
  readonly index: unknown;
  constructor({ index, providers }: { index: unknown; providers: number }) {
    super(`There is no fine-tuning provider ${String(index)}.`, {
      code: UnknownFineTuningProviderError.code,
      details: `The devnet has ${providers} fine-tuning provider${providers === 1 ? "" : "s"}, numbered from 0.`,
    });
    this.index = index;
  }
}

/** A fine-tuning task id that no provider of the devnet has. */
export class UnknownFineTuningTaskError extends BaseError {
  static override readonly code = 7020;
  static override readonly description = "A devnet.compute.fineTuning method was given a task id that no fine-tuning provider has (or had before a revert).";
  override name = "UnknownFineTuningTaskError";
  readonly taskId: string;
  constructor({ taskId }: { taskId: string }) {
    super(`No fine-tuning provider has task ${taskId}.`, { code: UnknownFineTuningTaskError.code });
    this.taskId = taskId;
  }
}

/** A fine-tuning provider could not register, deliver or settle on chain. */
export class FineTuningTransactionError extends BaseError {
  static override readonly code = 7021;
  static override readonly description =
    "A fine-tuning provider's transaction (addOrUpdateService, the owner's TEE signer acknowledgement, addDeliverable, settleFees) failed or would revert.";
  override name = "FineTuningTransactionError";
  readonly provider: number;
  constructor({ provider, action, cause }: { provider: number; action: string; cause: unknown }) {
    super(`Fine-tuning provider ${provider} could not ${action}.`, { code: FineTuningTransactionError.code, cause });
    this.provider = provider;
  }
}

/** `complete()` could not bring a task to the asked state. */
export class FineTuningTaskStateError extends BaseError {
  static override readonly code = 7022;
  static override readonly description =
    "devnet.compute.fineTuning.complete() could not bring the task to the asked progress: it failed, was cancelled, its provider is stopped, or (for Finished) it is not acknowledged and cannot be settled.";
  override name = "FineTuningTaskStateError";
  readonly taskId: string;
  readonly progress: string;
  constructor({ taskId, progress, until, reason }: { taskId: string; progress: string; until: string; reason: string }) {
    super(`Fine-tuning task ${taskId} cannot reach ${until}.`, { code: FineTuningTaskStateError.code, details: `It is ${progress}: ${reason}` });
    this.taskId = taskId;
    this.progress = progress;
  }
}

/** A `devnet.inft` API was used on a devnet without the INFT layer. */
export class InftDisabledError extends BaseError {
  static override readonly code = 7030;
  static override readonly description =
    "A devnet.inft method or property was used on a devnet created with createDevnet({ inft: false }) or storage: false.";
  override name = "InftDisabledError";
  constructor({ method }: { method: string }) {
    super(`The INFT layer is off; cannot use inft.${method}.`, {
      code: InftDisabledError.code,
      details: "Create the devnet with its storage layer and without `inft: false` to get the INFT contracts and the re-encryption oracle.",
    });
  }
}

/** Every error class of @0g/devnet, for the docs' Errors page. */
export const devnetErrors = describeErrors([
  DevnetOptionError,
  PortInUseError,
  UnknownSnapshotError,
  ChainStartError,
  SystemContractDeployError,
  DevnetStoppedError,
  DevnetNotServedError,
  StorageDisabledError,
  UnknownStorageNodeError,
  StorageWaitTimeoutError,
  StorageNodeStoppedError,
  KvWaitTimeoutError,
  KvNodeStoppedError,
  KvNodeDisabledError,
  ComputeDisabledError,
  UnknownComputeProviderError,
  ComputeProviderTransactionError,
  FineTuningDisabledError,
  UnknownFineTuningProviderError,
  UnknownFineTuningTaskError,
  FineTuningTransactionError,
  FineTuningTaskStateError,
  InftDisabledError,
]);
