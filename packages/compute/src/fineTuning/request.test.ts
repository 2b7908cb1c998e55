import { createRequire } from "node:module";
import { InvalidParameterError } from "@0g/core";
import type * as Ethers from "ethers";
import { hashMessage, keccak256, stringToBytes, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { tee, user, userKey } from "../test/keys.js";
import {
  fineTuningCancelHash,
  fineTuningDownloadHash,
  fineTuningTaskNonce,
  fineTuningTaskRequestHash,
  parseFineTuningTask,
  recoverFineTuningTaskRequest,
  signFineTuningTaskRequest,
} from "./request.js";
import type { FineTuningTaskJson } from "./types.js";

// 0G's SDK signs these with ethers (`signRequest`, `signTaskID`); the same key gives the same bytes.
const sdkRequire = createRequire(createRequire(import.meta.url).resolve("@0gfoundation/0g-compute-ts-sdk"));
const sdk = sdkRequire("./common/utils/encrypt.js") as {
  signRequest(signer: unknown, user: string, nonce: bigint, datasetRootHash: string): Promise<string>;
  signTaskID(signer: unknown, taskId: string): Promise<string>;
};
const { Wallet } = sdkRequire("ethers") as typeof Ethers;
const wallet = new Wallet(userKey);
const datasetHash = "0x5b3a6e1f0c2d4e8a9b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a";
const taskId = "0b7c1a2e-3f4d-4a5b-8c6d-7e8f9a0b1c2d";

describe("what the user signs", () => {
  it("a task request: EIP-191 of keccak256(abi.encodePacked(user, nonce, datasetHash)), as 0G's SDK signs it", async () => {
    const nonce = fineTuningTaskNonce(1_700_000_000_000);
    expect(nonce).toBe(17_000_000_000_000_000n + 40n);
    const signature = await signFineTuningTaskRequest({ account: user, nonce, datasetHash });
    expect(signature).toBe(await sdk.signRequest(wallet, user.address, nonce, datasetHash));
    // The provider recovers the address and the public key it seals the model key to.
    expect(await recoverFineTuningTaskRequest({ user: user.address, nonce, datasetHash, signature })).toEqual({ address: user.address, publicKey: user.publicKey });
    expect(await recoverFineTuningTaskRequest({ user: tee.address, nonce, datasetHash, signature })).toBeUndefined();
    expect(await recoverFineTuningTaskRequest({ user: user.address, nonce: nonce + 1n, datasetHash, signature })).toBeUndefined();
    expect(await recoverFineTuningTaskRequest({ user: user.address, nonce, datasetHash, signature: "0x1234" })).toBeUndefined();
    expect(() => fineTuningTaskRequestHash({ user: "0x12" as Hex, nonce, datasetHash })).toThrow(InvalidParameterError);
  });

  it("a cancellation: EIP-191 of keccak256 of the task id's 16 bytes", async () => {
    const signature = await user.signMessage({ message: { raw: fineTuningCancelHash(taskId) } });
    expect(signature).toBe(await sdk.signTaskID(wallet, taskId));
    expect(() => fineTuningCancelHash("not-a-uuid")).toThrow(InvalidParameterError);
  });

  it("a download from the provider's TEE: keccak256 of `<id without dashes><unix seconds>`", () => {
    expect(fineTuningDownloadHash(taskId, 1_700_000_000)).toBe(keccak256(stringToBytes("0b7c1a2e3f4d4a5b8c6d7e8f9a0b1c2d1700000000")));
    expect(hashMessage({ raw: fineTuningDownloadHash(taskId, 1) })).toMatch(/^0x[0-9a-f]{64}$/);
  });
});

describe("parseFineTuningTask", () => {
  const json: FineTuningTaskJson = {
    id: taskId,
    createdAt: "2025-01-02T03:04:05.678Z",
    updatedAt: "2025-01-02T03:05:00Z",
    userAddress: user.address.toLowerCase(),
    preTrainedModelHash: "0xcb42b5ca9e998c82dd239ef2d20d22a4ae16b3dc0ce0a855c93b52c7c2bab6dc",
    datasetHash,
    trainingParams: "{}",
    fee: "123000000000",
    nonce: "17000000000000000040",
    signature: "0x00",
    progress: "Delivered",
    deliverIndex: 0,
    deliverTime: 1_735_787_100,
    modelType: 1,
    wait: false,
  };

  it("checksums the user, reads fee and nonce as bigints and the times as dates", () => {
    expect(parseFineTuningTask(json)).toMatchObject({
      user: user.address,
      fee: 123_000_000_000n,
      nonce: 17_000_000_000_000_000_040n,
      progress: "Delivered",
      createdAt: new Date("2025-01-02T03:04:05.678Z"),
      deliverTime: new Date(1_735_787_100_000),
      modelType: "customized",
    });
    expect(parseFineTuningTask({ ...json, deliverTime: 0, modelType: 0 })).toMatchObject({ deliverTime: undefined, modelType: "predefined" });
  });

  it("refuses malformed answers", () => {
    expect(() => parseFineTuningTask({ ...json, fee: "1.5" })).toThrow(/task\.fee/);
    expect(() => parseFineTuningTask({ ...json, progress: "Done" as never })).toThrow(/task\.progress/);
    expect(() => parseFineTuningTask({ ...json, userAddress: "me" })).toThrow(/task\.userAddress/);
  });
});
