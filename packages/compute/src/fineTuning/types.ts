import type { Address, Hex } from "viem";

/**
 * The progress of a fine-tuning task, in the order 0G's broker moves it (`ProgressState`):
 * set-up (dataset download, token count, fee and balance checks), training, delivery (encrypt,
 * upload, `addDeliverable`), the user's acknowledgement, settlement. `Failed` ends a task early
 * (a set-up error, or a cancellation).
 */
export const fineTuningProgressStates = [
  "Init",
  "SettingUp",
  "SetUp",
  "Training",
  "Trained",
  "Delivering",
  "Delivered",
  "UserAcknowledged",
  "Finished",
  "Failed",
] as const;

export type FineTuningProgress = (typeof fineTuningProgressStates)[number];

/** A task as 0G's fine-tuning broker answers it (`schema.Task`, JSON). */
export type FineTuningTaskJson = {
  id: string;
  /** RFC 3339. */
  createdAt: string;
  updatedAt: string;
  userAddress: string;
  preTrainedModelHash: string;
  /** The dataset's root hash on 0G Storage. */
  datasetHash: string;
  /** The training configuration, a JSON text (e.g. `{"num_train_epochs": 1, ...}`). */
  trainingParams: string;
  /** Decimal neuron; `"0"` until the provider has counted the dataset's tokens. */
  fee: string;
  nonce: string;
  signature: string;
  progress: FineTuningProgress;
  deliverIndex: number;
  /** Unix seconds of the delivery, 0 before. */
  deliverTime: number;
  /** 0: a predefined model, 1: one of the provider's customized models. */
  modelType: number;
  wait: boolean;
};

/** The body of `POST /v1/user/{address}/task`, as 0G's SDK sends it. */
export type FineTuningTaskRequest = {
  userAddress: string;
  datasetHash: string;
  trainingParams: string;
  preTrainedModelHash: string;
  /** `"0"`: the provider computes the fee from the token count. */
  fee: string;
  nonce: string;
  /** EIP-191 signature of keccak256(abi.encodePacked(userAddress, nonce, datasetHash)). */
  signature: string;
  /** Queue behind other users' tasks instead of being refused. */
  wait: boolean;
};

/** A task, parsed. */
export type FineTuningTask = {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  user: Address;
  preTrainedModelHash: Hex;
  datasetHash: Hex;
  trainingParams: string;
  /** In neuron; 0 until the provider has counted the dataset's tokens. */
  fee: bigint;
  nonce: bigint;
  signature: Hex;
  progress: FineTuningProgress;
  /** When the provider delivered the model (`addDeliverable`), if it has. */
  deliverTime: Date | undefined;
  modelType: "predefined" | "customized";
  wait: boolean;
};

/** A model a fine-tuning provider trains, as `GET /v1/model` answers it (0G's `CustomizedModel`). */
export type FineTuningModel = {
  name: string;
  /** The pre-trained model's root hash: what a task names as `preTrainedModelHash`. */
  hash: Hex;
  image: string;
  /** `"text"` or `"image"`. */
  dataType: string;
  trainingScript: string;
  description: string;
  tokenizer: string;
};
