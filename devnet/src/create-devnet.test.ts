import { multicall3Abi, wrappedOgAbi } from "@0g/contracts";
import { isBaseError } from "@0g/core";
import { encodeFunctionData, parseEther, type Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { edrBackend, toRequestFn } from "./chain/backend.js";
import { createEdrChain } from "./chain/edr.js";
import { systemContractAddresses } from "./chain/system-contracts.js";
import { createDevnet, type Devnet } from "./create-devnet.js";
import type { Eip1193RequestProvider } from "./options.js";
import { DevnetOptionError, DevnetStoppedError, UnknownSnapshotError } from "./errors.js";

const anvilAccount0: Address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const anvilAccount1: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const dead: Address = "0x000000000000000000000000000000000000dEaD";

describe("createDevnet (defaults)", () => {
  let devnet: Devnet;
  beforeAll(async () => {
    devnet = await createDevnet();
  });
  afterAll(() => devnet.stop());

  it("derives anvil's accounts from the default mnemonic and funds them", async () => {
    expect(devnet.accounts).toHaveLength(10);
    expect(devnet.accounts[0]?.address).toBe(anvilAccount0);
    expect(devnet.accounts[0]?.privateKey).toBe("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    expect(devnet.accounts[1]?.address).toBe(anvilAccount1);
    expect(await devnet.publicClient.getBalance({ address: anvilAccount1 })).toBe(parseEther("10000"));
    // Account #0 starts where 0G's compute deploy script leaves it (nonce 13), so its contract
    // creations never land on the compute contracts at its nonce-2/6/12 addresses; the others start at 0.
    expect(await devnet.publicClient.getTransactionCount({ address: anvilAccount0 })).toBe(13);
    expect(await devnet.publicClient.getTransactionCount({ address: anvilAccount1 })).toBe(0);
  });

  it("runs chain 31337 on cancun with the viem chain bound", async () => {
    expect(devnet.chainId).toBe(31337);
    expect(devnet.chain.id).toBe(31337);
    expect(devnet.hardfork).toBe("cancun");
    expect(await devnet.publicClient.getChainId()).toBe(31337);
  });

  it("deploys the system contracts at fixed addresses", async () => {
    const { wrappedOG, multicall3 } = devnet.contracts;
    expect(multicall3).toBe("0xcA11bde05977b3631167028862bE2a173976CA11");
    expect(await devnet.publicClient.readContract({ address: wrappedOG!, abi: wrappedOgAbi, functionName: "symbol" })).toBe("W0G");
    const [chainId, balance] = await devnet.publicClient.multicall({
      allowFailure: false,
      contracts: [
        { address: multicall3!, abi: multicall3Abi, functionName: "getChainId" },
        { address: multicall3!, abi: multicall3Abi, functionName: "getEthBalance", args: [anvilAccount1] },
      ],
    });
    expect(chainId).toBe(31337n);
    expect(balance).toBe(parseEther("10000"));
  });

  it("sends transactions as the first account and wraps 0G", async () => {
    const hash = await devnet.walletClient.writeContract({
      address: devnet.contracts.wrappedOG!,
      abi: wrappedOgAbi,
      functionName: "deposit",
      value: parseEther("2"),
    });
    expect((await devnet.publicClient.getTransactionReceipt({ hash })).status).toBe("success");
    expect(
      await devnet.publicClient.readContract({ address: devnet.contracts.wrappedOG!, abi: wrappedOgAbi, functionName: "balanceOf", args: [anvilAccount0] }),
    ).toBe(parseEther("2"));
  });

  it("reverts to a snapshot any number of times and invalidates later snapshots", async () => {
    const before = await devnet.publicClient.getBalance({ address: dead });
    const id = await devnet.snapshot();
    for (let round = 0; round < 3; round++) {
      await devnet.walletClient.sendTransaction({ to: dead, value: 1000n });
      const later = await devnet.snapshot();
      expect(await devnet.publicClient.getBalance({ address: dead })).toBe(before + 1000n);
      await devnet.revert(id);
      expect(await devnet.publicClient.getBalance({ address: dead })).toBe(before);
      await expect(devnet.revert(later)).rejects.toBeInstanceOf(UnknownSnapshotError);
    }
    await expect(devnet.revert("0xdead")).rejects.toSatisfy((e) => isBaseError(e, UnknownSnapshotError.code));
  });

  it("moves time and mines blocks", async () => {
    const start = await devnet.publicClient.getBlock();
    await devnet.increaseTime(3600);
    const afterTime = await devnet.publicClient.getBlock();
    expect(afterTime.number).toBe(start.number + 1n);
    expect(afterTime.timestamp - start.timestamp).toBeGreaterThanOrEqual(3600n);
    await devnet.mine(10, { interval: 12 });
    const afterMine = await devnet.publicClient.getBlock();
    expect(afterMine.number).toBe(afterTime.number + 10n);
    // hardhat_mine: the first block at the next timestamp, then `interval` seconds apart
    expect(afterMine.timestamp - afterTime.timestamp).toBeGreaterThanOrEqual(1n + 9n * 12n);
    await devnet.setNextBlockTimestamp(Number(afterMine.timestamp) + 1000);
    await devnet.mine();
    expect((await devnet.publicClient.getBlock()).timestamp).toBe(afterMine.timestamp + 1000n);
  });

  it("impersonates any address and sets balances", async () => {
    const whale: Address = "0x1111111111111111111111111111111111111111";
    await devnet.setBalance(whale, parseEther("5"));
    expect(await devnet.publicClient.getBalance({ address: whale })).toBe(parseEther("5"));
    await devnet.impersonate(whale);
    const hash = await devnet.walletClient.sendTransaction({ account: whale, to: dead, value: parseEther("1") });
    expect((await devnet.publicClient.getTransactionReceipt({ hash })).from).toBe(whale.toLowerCase());
    await devnet.stopImpersonating(whale);
    await expect(devnet.walletClient.sendTransaction({ account: whale, to: dead, value: 1n })).rejects.toThrow();
  });

  it("switches between manual, interval and automatic mining", async () => {
    await devnet.setMining({ mode: "manual" });
    const hash = await devnet.walletClient.sendTransaction({ to: dead, value: 1n });
    expect(await devnet.publicClient.getTransactionReceipt({ hash }).catch(() => null)).toBeNull();
    await devnet.mine();
    expect((await devnet.publicClient.getTransactionReceipt({ hash })).status).toBe("success");

    await devnet.setMining({ mode: "interval", interval: 50 });
    const startBlock = await devnet.publicClient.getBlockNumber();
    await new Promise((r) => setTimeout(r, 400));
    expect(await devnet.publicClient.getBlockNumber()).toBeGreaterThan(startBlock + 2n);

    await devnet.setMining({ mode: "auto" });
    const automined = await devnet.walletClient.sendTransaction({ to: dead, value: 1n });
    expect((await devnet.publicClient.getTransactionReceipt({ hash: automined })).status).toBe("success");
    await expect(devnet.setMining({ mode: "interval", interval: -1 })).rejects.toBeInstanceOf(DevnetOptionError);
  });
});

describe("createDevnet (options)", () => {
  it("takes a chain id, mnemonic, account count, balance and mining mode", async () => {
    const devnet = await createDevnet({
      chainId: 4242,
      mnemonic: "legal winner thank year wave sausage worth useful legal winner thank yellow",
      accounts: 3,
      balance: 7n,
      mining: { mode: "manual" },
    });
    try {
      expect(await devnet.publicClient.getChainId()).toBe(4242);
      expect(devnet.accounts).toHaveLength(3);
      expect(devnet.accounts[0]?.address).not.toBe(anvilAccount0);
      expect(await devnet.publicClient.getBalance({ address: devnet.accounts[2]!.address })).toBe(7n);
      // the system contracts are there even though the chain mines manually
      expect(await devnet.publicClient.getCode({ address: devnet.contracts.wrappedOG! })).toMatch(/^0x[0-9a-f]{100,}/);
      const block = await devnet.publicClient.getBlockNumber();
      await devnet.testClient.setBalance({ address: dead, value: 1n });
      expect(await devnet.publicClient.getBlockNumber()).toBe(block);
    } finally {
      await devnet.stop();
    }
  });

  it("gives every system contract the same address whatever the mnemonic and chain id", async () => {
    const a = await createDevnet({ chainId: 1001 });
    const b = await createDevnet({ chainId: 1002, mnemonic: "legal winner thank year wave sausage worth useful legal winner thank yellow" });
    try {
      expect(a.contracts).toEqual(b.contracts);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it("rejects bad options with typed errors", async () => {
    await expect(createDevnet({ mnemonic: "not a mnemonic" })).rejects.toBeInstanceOf(DevnetOptionError);
    await expect(createDevnet({ chainId: 0 })).rejects.toBeInstanceOf(DevnetOptionError);
    await expect(createDevnet({ accounts: 0 })).rejects.toBeInstanceOf(DevnetOptionError);
    await expect(createDevnet({ hardfork: "atlantis" })).rejects.toBeInstanceOf(DevnetOptionError);
    await expect(createDevnet({ mining: { mode: "interval", interval: 0 } })).rejects.toBeInstanceOf(DevnetOptionError);
  });

  it("refuses to be used after stop()", async () => {
    const devnet = await createDevnet({ accounts: 1 });
    await devnet.stop();
    await devnet.stop(); // idempotent
    await expect(devnet.snapshot()).rejects.toBeInstanceOf(DevnetStoppedError);
    await expect(devnet.publicClient.getBlockNumber()).rejects.toThrow(/stopped/);
  });
});

describe("createDevnet({ provider })", () => {
  it("attaches to an existing EIP-1193 chain and deploys the system contracts into it", async () => {
    // A bare chain with no system contracts and no funded accounts, as a Hardhat connection would be.
    const bare = await createEdrChain({
      chainId: 777,
      hardfork: "cancun",
      blockGasLimit: 30_000_000n,
      initialBaseFeePerGas: 1_000_000_000n,
      genesisTimestamp: 1_700_000_000,
      accounts: [],
      autoMine: false,
      interval: undefined,
    });
    const provider = { request: toRequestFn(edrBackend(bare.handle, 777)) } as Eip1193RequestProvider;
    const attached = await createDevnet({ provider, accounts: 2, balance: parseEther("3") });
    try {
      expect(attached.chainId).toBe(777);
      expect(attached.hardfork).toBeUndefined();
      expect(attached.contracts).toEqual(systemContractAddresses());
      expect(await attached.publicClient.getCode({ address: attached.contracts.wrappedOG! })).toMatch(/^0x[0-9a-f]{100,}/);
      expect(await attached.publicClient.getBalance({ address: attached.accounts[1]!.address })).toBe(parseEther("3"));
      // The bare chain mines manually; the devnet mined its deployment itself and left the mode alone.
      const block = await attached.publicClient.getBlockNumber();
      await attached.testClient.setBalance({ address: dead, value: 1n });
      expect(await attached.publicClient.getBlockNumber()).toBe(block);
      // Deploying again into a chain that has the contracts is a no-op.
      const again = await createDevnet({ provider, accounts: 1 });
      expect(again.contracts).toEqual(attached.contracts);
      expect(await attached.publicClient.getBlockNumber()).toBe(block);
    } finally {
      await attached.stop();
    }
  });
});

describe("reverts", () => {
  it("answers a reverting eth_call with an error that viem decodes", async () => {
    const devnet = await createDevnet({ accounts: 2, storage: false });
    try {
      // withdraw more W0G than held: OpenZeppelin's ERC20InsufficientBalance custom error
      const error = await devnet.publicClient
        .simulateContract({ account: devnet.accounts[1]!.address, address: devnet.contracts.wrappedOG!, abi: wrappedOgAbi, functionName: "withdraw", args: [1n] })
        .catch((e: unknown) => e);
      expect((error as { name?: string }).name).toBe("ContractFunctionExecutionError");
      expect(String((error as Error).message)).toContain("ERC20InsufficientBalance");
      // geth's shape: code 3, "execution reverted", the revert data (ERC20InsufficientBalance's selector)
      const raw = await devnet
        .request({ method: "eth_call", params: [{ from: devnet.accounts[1]!.address, to: devnet.contracts.wrappedOG!, data: "0x2e1a7d4d0000000000000000000000000000000000000000000000000000000000000001" }, "latest"] })
        .catch((e: unknown) => e);
      expect(raw).toMatchObject({ code: 3, message: "execution reverted", data: expect.stringMatching(/^0xe450d38c/) });
      // a reason string is appended to the message, as geth does
      await devnet.setBalance(devnet.accounts[1]!.address, 0n);
      const served = await devnet.serve({ port: 0 });
      const reply = await fetch(served.endpoints.rpc, {
        method: "POST",
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "eth_call",
          params: [
            {
              to: devnet.contracts.multicall3!,
              // aggregate() of a call that reverts: Multicall3 reverts with Error("Multicall3: call failed")
              data: encodeFunctionData({
                abi: multicall3Abi,
                functionName: "aggregate",
                args: [[{ target: devnet.contracts.wrappedOG!, callData: encodeFunctionData({ abi: wrappedOgAbi, functionName: "withdraw", args: [1n] }) }]],
              }),
            },
            "latest",
          ],
        }),
      }).then((r) => r.json());
      expect(reply.error).toMatchObject({ code: 3, message: "execution reverted: Multicall3: call failed" });
    } finally {
      await devnet.stop();
    }
  });
});
