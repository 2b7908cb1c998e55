import { wrappedOgAbi } from "@0g/contracts";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import { parseEther } from "viem";
import { expect, it } from "vitest";
import { systemContractAddresses } from "./chain/system-contracts.js";
import { createDevnet } from "./create-devnet.js";

// Its own test file: Hardhat creates its own EDR context, and EDR wants one per process.
it("attaches to a Hardhat 3 network connection and deploys the system contracts into it", async () => {
  const hre = await createHardhatRuntimeEnvironment({});
  const connection = await hre.network.create();
  const devnet = await createDevnet({ provider: connection.provider, accounts: 3 });
  try {
    expect(devnet.chainId).toBe(31337);
    expect(devnet.contracts).toEqual(systemContractAddresses());
    const hash = await devnet.walletClient.writeContract({
      address: devnet.contracts.wrappedOG!,
      abi: wrappedOgAbi,
      functionName: "deposit",
      value: parseEther("1"),
    });
    expect((await devnet.publicClient.getTransactionReceipt({ hash })).status).toBe("success");
    // Hardhat's own view of its chain sees the contract and the deposit.
    const balance = await connection.provider.request({
      method: "eth_getBalance",
      params: [devnet.contracts.wrappedOG!, "latest"],
    });
    expect(BigInt(balance as string)).toBe(parseEther("1"));
    const id = await devnet.snapshot();
    await devnet.increaseTime(100);
    await devnet.revert(id);
  } finally {
    await devnet.stop();
    await connection.close();
  }
});
