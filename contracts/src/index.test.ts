import { getAbiItem, getAddress, isHex, toEventSelector, toFunctionSelector } from "viem";
import { describe, expect, it } from "vitest";
import * as contracts from "./index.js";

describe("@0g/contracts", () => {
  it("exports exactly this list", async () => {
    expect(Object.keys(await import("./index.js")).sort()).toMatchInlineSnapshot(`
      [
        "agentAccountAbi",
        "agentAccountBytecode",
        "agentAccountDeployedBytecode",
        "agentAccountRegistryAbi",
        "agentAccountRegistryBytecode",
        "agentAccountRegistryDeployedBytecode",
        "agentNftAbi",
        "agentNftBytecode",
        "agentNftDeployedBytecode",
        "fineTuningServingAbi",
        "fineTuningServingBytecode",
        "fineTuningServingDeployedBytecode",
        "flowAbi",
        "flowBytecode",
        "flowDeployedBytecode",
        "inferenceServingAbi",
        "inferenceServingBytecode",
        "inferenceServingDeployedBytecode",
        "ledgerManagerAbi",
        "ledgerManagerBytecode",
        "ledgerManagerDeployedBytecode",
        "marketAbi",
        "marketBytecode",
        "marketDeployedBytecode",
        "mineAbi",
        "mineBytecode",
        "mineDeployedBytecode",
        "multicall3Abi",
        "multicall3Address",
        "multicall3Bytecode",
        "multicall3DeployedBytecode",
        "rewardAbi",
        "rewardBytecode",
        "rewardDeployedBytecode",
        "verifierAbi",
        "verifierBytecode",
        "verifierDeployedBytecode",
        "wrappedOgAbi",
        "wrappedOgBytecode",
        "wrappedOgDeployedBytecode",
      ]
    `);
  });

  it("exports an ABI, creation bytecode and deployed bytecode for every contract", () => {
    const exports: Record<string, unknown> = contracts;
    const abiNames = Object.keys(exports).filter((name) => name.endsWith("Abi"));
    expect(abiNames.length).toBeGreaterThan(0);
    for (const abiName of abiNames) {
      const base = abiName.slice(0, -"Abi".length);
      const abi = exports[abiName];
      const bytecode = exports[`${base}Bytecode`];
      const deployedBytecode = exports[`${base}DeployedBytecode`];
      expect(Array.isArray(abi) && abi.length > 0, abiName).toBe(true);
      for (const [name, code] of [
        [`${base}Bytecode`, bytecode],
        [`${base}DeployedBytecode`, deployedBytecode],
      ] as const) {
        expect(isHex(code, { strict: true }) && code.length > 2 && code.length % 2 === 0, name).toBe(true);
      }
    }
  });

  it("has the canonical Multicall3 address, checksummed", () => {
    expect(contracts.multicall3Address).toBe(getAddress("0xca11bde05977b3631167028862be2a173976ca11"));
  });

  it("ships a Multicall3 that can be placed with setCode: no constructor, no immutables", () => {
    const items: readonly { type: string }[] = contracts.multicall3Abi;
    expect(items.some((item) => item.type === "constructor")).toBe(false);
    // Without immutables the runtime code is copied verbatim out of the creation code.
    expect(contracts.multicall3Bytecode.includes(contracts.multicall3DeployedBytecode.slice(2))).toBe(true);
  });

  it("ships the storage contracts with 0G's Flow and Market selectors", () => {
    const { flowAbi, marketAbi } = contracts;
    expect(toFunctionSelector(getAbiItem({ abi: flowAbi, name: "submit" }))).toBe("0xbc8c11f8");
    expect(toFunctionSelector(getAbiItem({ abi: flowAbi, name: "batchSubmit" }))).toBe("0x49aa3395");
    expect(toFunctionSelector(getAbiItem({ abi: flowAbi, name: "market" }))).toBe("0x80f55605");
    expect(toFunctionSelector(getAbiItem({ abi: marketAbi, name: "pricePerSector" }))).toBe("0x61ec5082");
    expect(toEventSelector(getAbiItem({ abi: flowAbi, name: "Submit" }))).toBe(
      "0x167ce04d2aa1981994d3a31695da0d785373335b1078cec239a1a3a2c7675555",
    );
  });

  it("ships the compute contracts with 0G's selectors and events, and no immutables", () => {
    const { fineTuningServingAbi, inferenceServingAbi, ledgerManagerAbi } = contracts;
    expect(toFunctionSelector(getAbiItem({ abi: ledgerManagerAbi, name: "transferFund" }))).toBe(
      toFunctionSelector("transferFund(address,string,uint256)"),
    );
    expect(toFunctionSelector(getAbiItem({ abi: ledgerManagerAbi, name: "getLedger" }))).toBe(
      toFunctionSelector("getLedger(address)"),
    );
    expect(toFunctionSelector(getAbiItem({ abi: inferenceServingAbi, name: "settleFeesWithTEE" }))).toBe(
      toFunctionSelector("settleFeesWithTEE((address,address,uint256,bytes32,uint256,bytes)[])"),
    );
    expect(toFunctionSelector(getAbiItem({ abi: fineTuningServingAbi, name: "settleFees" }))).toBe(
      toFunctionSelector("settleFees((string,bytes,bytes,uint256,bytes,uint256,address))"),
    );
    expect(toEventSelector(getAbiItem({ abi: inferenceServingAbi, name: "TEESettlementResult" }))).toBe(
      toEventSelector("TEESettlementResult(address indexed,uint8,uint256)"),
    );
    for (const [creation, runtime] of [
      [contracts.ledgerManagerBytecode, contracts.ledgerManagerDeployedBytecode],
      [contracts.inferenceServingBytecode, contracts.inferenceServingDeployedBytecode],
      [contracts.fineTuningServingBytecode, contracts.fineTuningServingDeployedBytecode],
    ] as const) {
      // Without immutables the runtime code is copied verbatim out of the creation code, so the devnet
      // may place it with setCode at the addresses 0G's SDK expects and call initialize.
      expect(creation.includes(runtime.slice(2))).toBe(true);
    }
  });

  it("ships the INFT contracts with 0G's ERC-7857 selectors and events; AgentNFT and Verifier without immutables", () => {
    const { agentAccountAbi, agentAccountRegistryAbi, agentNftAbi, verifierAbi } = contracts;
    const proofs = "((bytes32,bytes,bytes,bytes),(uint8,bytes32,bytes,bytes,bytes,bytes))[]";
    expect(toFunctionSelector(getAbiItem({ abi: agentNftAbi, name: "iTransferFrom" }))).toBe(
      toFunctionSelector(`iTransferFrom(address,address,uint256,${proofs})`),
    );
    expect(toFunctionSelector(getAbiItem({ abi: agentNftAbi, name: "iCloneFrom" }))).toBe(
      toFunctionSelector(`iCloneFrom(address,address,uint256,${proofs})`),
    );
    expect(toFunctionSelector(getAbiItem({ abi: agentNftAbi, name: "intelligentDatasOf" }))).toBe(
      toFunctionSelector("intelligentDatasOf(uint256)"),
    );
    expect(toFunctionSelector(getAbiItem({ abi: verifierAbi, name: "verifyTransferValidity" }))).toBe(
      toFunctionSelector(`verifyTransferValidity(${proofs})`),
    );
    expect(toEventSelector(getAbiItem({ abi: agentNftAbi, name: "PublishedSealedKey" }))).toBe(
      "0x77ac1306adadb66d303dd0baa0534083040b337a1212922215a3ccbaf6fec56c",
    );
    expect(toFunctionSelector(getAbiItem({ abi: agentAccountAbi, name: "execute" }))).toBe(
      toFunctionSelector("execute(address,uint256,bytes)"),
    );
    expect(toFunctionSelector(getAbiItem({ abi: agentAccountAbi, name: "isValidSignature" }))).toBe("0x1626ba7e");
    expect(getAbiItem({ abi: agentAccountRegistryAbi, name: "createAccount" })).toBeDefined();
    for (const [creation, runtime] of [
      [contracts.agentNftBytecode, contracts.agentNftDeployedBytecode],
      [contracts.verifierBytecode, contracts.verifierDeployedBytecode],
    ] as const) {
      expect(creation.includes(runtime.slice(2))).toBe(true);
    }
  });
});
