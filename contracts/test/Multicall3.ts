import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { artifacts, network } from "hardhat";
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  custom,
  multicall3Abi as viemMulticall3Abi,
  parseAbi,
  parseEther,
} from "viem";
import { hardhat } from "viem/chains";

/** The canonical Multicall3 address; `src/index.ts` exports it as `multicall3Address`. */
const MULTICALL3: Address = "0xcA11bde05977b3631167028862bE2a173976CA11";

/** The public interface of the canonical Multicall3, written out by hand from its documentation. */
const canonicalAbi = parseAbi([
  "struct Call { address target; bytes callData; }",
  "struct Call3 { address target; bool allowFailure; bytes callData; }",
  "struct Call3Value { address target; bool allowFailure; uint256 value; bytes callData; }",
  "struct Result { bool success; bytes returnData; }",
  "function aggregate(Call[] calls) payable returns (uint256 blockNumber, bytes[] returnData)",
  "function aggregate3(Call3[] calls) payable returns (Result[] returnData)",
  "function aggregate3Value(Call3Value[] calls) payable returns (Result[] returnData)",
  "function blockAndAggregate(Call[] calls) payable returns (uint256 blockNumber, bytes32 blockHash, Result[] returnData)",
  "function getBasefee() view returns (uint256 basefee)",
  "function getBlockHash(uint256 blockNumber) view returns (bytes32 blockHash)",
  "function getBlockNumber() view returns (uint256 blockNumber)",
  "function getChainId() view returns (uint256 chainid)",
  "function getCurrentBlockCoinbase() view returns (address coinbase)",
  "function getCurrentBlockDifficulty() view returns (uint256 difficulty)",
  "function getCurrentBlockGasLimit() view returns (uint256 gaslimit)",
  "function getCurrentBlockTimestamp() view returns (uint256 timestamp)",
  "function getEthBalance(address addr) view returns (uint256 balance)",
  "function getLastBlockHash() view returns (bytes32 blockHash)",
  "function tryAggregate(bool requireSuccess, Call[] calls) payable returns (Result[] returnData)",
  "function tryBlockAndAggregate(bool requireSuccess, Call[] calls) payable returns (uint256 blockNumber, bytes32 blockHash, Result[] returnData)",
]);

/** An ABI item without Solidity's `internalType`s, for comparing ABIs from different sources. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "internalType")
      .map(([key, inner]) => [key, normalize(inner)]),
  );
}

describe("Multicall3 at the canonical address (viem)", async () => {
  const { viem, provider } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [deployer, alice, bob] = await viem.getWalletClients();
  if (deployer === undefined || alice === undefined || bob === undefined) throw new Error("need 3 accounts");

  // What the devnet does: put the runtime bytecode at the canonical address, no deployment.
  const artifact = await artifacts.readArtifact("Multicall3");
  await provider.request({ method: "hardhat_setCode", params: [MULTICALL3, artifact.deployedBytecode] });
  const multicall = await viem.getContractAt("Multicall3", MULTICALL3);

  const w0g = await viem.deployContract("WrappedOG");
  await w0g.write.deposit({ value: parseEther("2") });

  it("is placeable with setCode: no constructor, no immutables, no linking", async () => {
    const items: readonly { type: string }[] = artifact.abi;
    assert.equal(items.some((item) => item.type === "constructor"), false);
    assert.deepEqual(artifact.immutableReferences, {});
    assert.deepEqual(artifact.deployedLinkReferences, {});
    assert.equal(await publicClient.getCode({ address: MULTICALL3 }), artifact.deployedBytecode);
  });

  it("has exactly the canonical Multicall3 functions, and viem's Multicall3 ABI", () => {
    const ours = artifact.abi.filter((item) => item.type === "function");
    assert.deepEqual(ours.map((item) => item.name).sort(), canonicalAbi.map((item) => item.name).sort());
    for (const expected of canonicalAbi) {
      const actual = ours.find((item) => item.name === expected.name);
      assert.deepEqual(normalize(actual), normalize(expected), expected.name);
    }
    // viem declares aggregate3 `view` so that it can be eth_call'ed: compare all but mutability.
    for (const { stateMutability: _, ...expected } of viemMulticall3Abi) {
      const actual = ours.find((item) => item.name === expected.name);
      assert.ok(actual !== undefined, expected.name);
      const { stateMutability: __, ...actualWithoutMutability } = actual;
      assert.deepEqual(normalize(actualWithoutMutability), normalize(expected), expected.name);
    }
  });

  it("serves publicClient.multicall with allowFailure", async () => {
    const results = await publicClient.multicall({
      multicallAddress: MULTICALL3,
      allowFailure: true,
      contracts: [
        { address: w0g.address, abi: w0g.abi, functionName: "symbol" },
        { address: w0g.address, abi: w0g.abi, functionName: "balanceOf", args: [deployer.account.address] },
        // No allowance: fails inside the batch without failing the batch.
        {
          address: w0g.address,
          abi: w0g.abi,
          functionName: "transferFrom",
          args: [alice.account.address, bob.account.address, 1n],
        },
        { address: MULTICALL3, abi: multicall.abi, functionName: "getChainId" },
        { address: MULTICALL3, abi: multicall.abi, functionName: "getEthBalance", args: [w0g.address] },
      ],
    });

    assert.deepEqual(results[0], { status: "success", result: "W0G" });
    assert.deepEqual(results[1], { status: "success", result: parseEther("2") });
    assert.equal(results[2].status, "failure");
    const reverted =
      results[2].error instanceof BaseError
        ? results[2].error.walk((error) => error instanceof ContractFunctionRevertedError)
        : null;
    assert.ok(reverted instanceof ContractFunctionRevertedError, String(results[2].error));
    assert.equal(reverted.data?.errorName, "ERC20InsufficientAllowance");
    assert.deepEqual(reverted.data?.args, [MULTICALL3, 0n, 1n]); // msg.sender of the inner call is Multicall3
    assert.deepEqual(results[3], { status: "success", result: BigInt(await publicClient.getChainId()) });
    assert.deepEqual(results[4], { status: "success", result: parseEther("2") });
  });

  it("makes viem's multicall throw when a call fails and allowFailure is false", async () => {
    await assert.rejects(
      publicClient.multicall({
        multicallAddress: MULTICALL3,
        allowFailure: false,
        contracts: [
          { address: w0g.address, abi: w0g.abi, functionName: "totalSupply" },
          { address: w0g.address, abi: w0g.abi, functionName: "withdraw", args: [1n] },
        ],
      }),
      (error: unknown) => error instanceof BaseError,
    );
    await viem.assertions.revertWith(
      multicall.write.aggregate3([[{ target: w0g.address, allowFailure: false, callData: "0x12345678" }]]),
      "Multicall3: call failed",
    );
  });

  it("is found through the chain definition, and batches concurrent reads into one eth_call", async () => {
    let ethCalls = 0;
    const client = createPublicClient({
      chain: { ...hardhat, contracts: { multicall3: { address: MULTICALL3 } } },
      batch: { multicall: true },
      transport: custom({
        request: async ({ method, params }) => {
          if (method === "eth_call") ethCalls++;
          return provider.request({ method, params });
        },
      }),
    });
    const [name, supply, balance] = await Promise.all([
      client.readContract({ address: w0g.address, abi: w0g.abi, functionName: "name" }),
      client.readContract({ address: w0g.address, abi: w0g.abi, functionName: "totalSupply" }),
      client.readContract({
        address: w0g.address,
        abi: w0g.abi,
        functionName: "balanceOf",
        args: [deployer.account.address],
      }),
    ]);
    assert.deepEqual([name, supply, balance], ["Wrapped 0G", parseEther("2"), parseEther("2")]);
    assert.equal(ethCalls, 1);
  });

  it("aggregate3Value forwards each value and requires msg.value to match their sum", async () => {
    const calls = [
      { target: alice.account.address, allowFailure: false, value: parseEther("0.3"), callData: "0x" as const },
      { target: bob.account.address, allowFailure: false, value: parseEther("0.7"), callData: "0x" as const },
    ];
    await viem.assertions.balancesHaveChanged(multicall.write.aggregate3Value([calls], { value: parseEther("1") }), [
      { address: alice.account.address, amount: parseEther("0.3") },
      { address: bob.account.address, amount: parseEther("0.7") },
      { address: MULTICALL3, amount: 0n },
    ]);
    await viem.assertions.revertWith(
      multicall.write.aggregate3Value([calls], { value: parseEther("1.1") }),
      "Multicall3: value mismatch",
    );
  });

  it("reports the block it runs in", async () => {
    await viem.getTestClient().then((testClient) => testClient.mine({ blocks: 3 }));
    const latest = await publicClient.getBlock();
    const [blockNumber, , timestamp, lastHash, parentHash] = await publicClient.multicall({
      multicallAddress: MULTICALL3,
      allowFailure: false,
      blockNumber: latest.number,
      contracts: [
        { address: MULTICALL3, abi: multicall.abi, functionName: "getBlockNumber" },
        { address: MULTICALL3, abi: multicall.abi, functionName: "getCurrentBlockGasLimit" },
        { address: MULTICALL3, abi: multicall.abi, functionName: "getCurrentBlockTimestamp" },
        { address: MULTICALL3, abi: multicall.abi, functionName: "getLastBlockHash" },
        { address: MULTICALL3, abi: multicall.abi, functionName: "getBlockHash", args: [latest.number - 1n] },
      ],
    });
    assert.equal(blockNumber, latest.number);
    assert.equal(timestamp, latest.timestamp);
    assert.equal(lastHash, latest.parentHash);
    assert.equal(parentHash, latest.parentHash);
  });
});
