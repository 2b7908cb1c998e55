import { expect, it } from "vitest";
import { devnetErrors } from "./errors.js";

it("exports exactly its public API", async () => {
  expect(Object.keys(await import("./index.js")).sort()).toMatchInlineSnapshot(`
    [
      "ChainStartError",
      "ComputeDisabledError",
      "ComputeProviderTransactionError",
      "DevnetNotServedError",
      "DevnetOptionError",
      "DevnetStoppedError",
      "FineTuningDisabledError",
      "FineTuningTaskStateError",
      "FineTuningTransactionError",
      "InftDisabledError",
      "KvNodeDisabledError",
      "KvNodeStoppedError",
      "KvWaitTimeoutError",
      "PortInUseError",
      "ProviderRpcError",
      "StorageDisabledError",
      "StorageNodeStoppedError",
      "StorageWaitTimeoutError",
      "SystemContractDeployError",
      "UnknownComputeProviderError",
      "UnknownFineTuningProviderError",
      "UnknownFineTuningTaskError",
      "UnknownSnapshotError",
      "UnknownStorageNodeError",
      "computeContractAddresses",
      "create2DeployerAddress",
      "createDevnet",
      "defaultMnemonic",
      "devnetErrors",
      "mineDeployerAddress",
      "systemContractAddresses",
      "systemDeployerAddress",
    ]
  `);
});

it("has unique error codes inside the devnet range", () => {
  const codes = devnetErrors.map((e) => e.code);
  expect(new Set(codes).size).toBe(codes.length);
  for (const code of codes) expect(code >= 7000 && code <= 7999).toBe(true);
  for (const e of devnetErrors) expect(e.description.length).toBeGreaterThan(20);
});
