import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { parseEther, parseSignature, zeroAddress } from "viem";

describe("WrappedOG (viem)", async () => {
  const { viem, networkHelpers } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [deployer, alice, bob] = await viem.getWalletClients();
  if (deployer === undefined || alice === undefined || bob === undefined) throw new Error("need 3 accounts");

  /** Deploys a fresh W0G and returns it bound to `alice` (and to `bob`, for the second party). */
  const deploy = async () => {
    const { contract, deploymentTransaction } = await viem.sendDeploymentTransaction("WrappedOG");
    const receipt = await publicClient.waitForTransactionReceipt({ hash: deploymentTransaction.hash });
    const asAlice = await viem.getContractAt("WrappedOG", contract.address, { client: { public: publicClient, wallet: alice } });
    const asBob = await viem.getContractAt("WrappedOG", contract.address, { client: { public: publicClient, wallet: bob } });
    return { w0g: asAlice, asBob, deploymentGas: receipt.gasUsed };
  };

  it("deploys as Wrapped 0G (W0G, 18 decimals) within its gas budget", async () => {
    const { w0g, deploymentGas } = await deploy();
    assert.equal(await w0g.read.name(), "Wrapped 0G");
    assert.equal(await w0g.read.symbol(), "W0G");
    assert.equal(await w0g.read.decimals(), 18);
    assert.equal(await w0g.read.totalSupply(), 0n);
    console.log(`      WrappedOG deployment gas: ${deploymentGas}`);
    assert.ok(deploymentGas < 1_100_000n, `deployment gas ${deploymentGas}`);
  });

  it("deposit() and plain transfers wrap native tokens", async () => {
    const { w0g } = await deploy();
    await viem.assertions.emitWithArgs(w0g.write.deposit({ value: parseEther("1.5") }), w0g, "Deposit", [
      alice.account.address,
      parseEther("1.5"),
    ]);
    await viem.assertions.emitWithArgs(
      alice.sendTransaction({ to: w0g.address, value: parseEther("0.5") }),
      w0g,
      "Transfer",
      [zeroAddress, alice.account.address, parseEther("0.5")],
    );
    assert.equal(await w0g.read.balanceOf([alice.account.address]), parseEther("2"));
    assert.equal(await w0g.read.totalSupply(), parseEther("2"));
    assert.equal(await publicClient.getBalance({ address: w0g.address }), parseEther("2"));
  });

  it("withdraw() unwraps to the sender and rejects more than the balance", async () => {
    const { w0g } = await deploy();
    await w0g.write.deposit({ value: parseEther("3") });

    // balancesHaveChanged subtracts the sender's gas fee itself.
    await viem.assertions.balancesHaveChanged(w0g.write.withdraw([parseEther("1")]), [
      { address: alice.account.address, amount: parseEther("1") },
      { address: w0g.address, amount: -parseEther("1") },
    ]);
    await viem.assertions.emitWithArgs(w0g.write.withdraw([parseEther("0.25")]), w0g, "Withdrawal", [
      alice.account.address,
      parseEther("0.25"),
    ]);
    assert.equal(await w0g.read.balanceOf([alice.account.address]), parseEther("1.75"));
    assert.equal(await w0g.read.totalSupply(), await publicClient.getBalance({ address: w0g.address }));

    await viem.assertions.revertWithCustomErrorWithArgs(
      w0g.write.withdraw([parseEther("2")]),
      w0g,
      "ERC20InsufficientBalance",
      [alice.account.address, parseEther("1.75"), parseEther("2")],
    );
  });

  it("permit() accepts an EIP-712 signature made with viem", async () => {
    const { w0g, asBob } = await deploy();
    await w0g.write.deposit({ value: parseEther("2") });

    // The domain the contract reports (ERC-5267) is the one viem signs over.
    const [, name, version, chainId, verifyingContract] = await w0g.read.eip712Domain();
    assert.deepEqual([name, version, chainId, verifyingContract], [
      "Wrapped 0G",
      "1",
      BigInt(await publicClient.getChainId()),
      w0g.address,
    ]);

    const value = parseEther("1.25");
    const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
    const nonce = await w0g.read.nonces([alice.account.address]);
    const signature = await alice.signTypedData({
      domain: { name, version, chainId, verifyingContract },
      types: {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      primaryType: "Permit",
      message: { owner: alice.account.address, spender: bob.account.address, value, nonce, deadline },
    });
    const { r, s, yParity } = parseSignature(signature);
    const v = 27 + yParity;

    // Bob submits Alice's signature and spends the allowance; Alice sends no transaction.
    await viem.assertions.emitWithArgs(
      asBob.write.permit([alice.account.address, bob.account.address, value, deadline, v, r, s]),
      w0g,
      "Approval",
      [alice.account.address, bob.account.address, value],
    );
    assert.equal(await w0g.read.allowance([alice.account.address, bob.account.address]), value);
    assert.equal(await w0g.read.nonces([alice.account.address]), nonce + 1n);
    await asBob.write.transferFrom([alice.account.address, bob.account.address, value]);
    assert.equal(await w0g.read.balanceOf([bob.account.address]), value);
    assert.equal(await w0g.read.balanceOf([alice.account.address]), parseEther("0.75"));

    // A replayed signature no longer matches the owner's nonce.
    await viem.assertions.revertWithCustomError(
      asBob.write.permit([alice.account.address, bob.account.address, value, deadline, v, r, s]),
      w0g,
      "ERC2612InvalidSigner",
    );

    // An expired one is refused.
    await networkHelpers.time.increaseTo(deadline + 1n);
    await viem.assertions.revertWithCustomErrorWithArgs(
      asBob.write.permit([alice.account.address, bob.account.address, value, deadline, v, r, s]),
      w0g,
      "ERC2612ExpiredSignature",
      [deadline],
    );
  });

  it("deposit + transfer stay within their gas budgets", async () => {
    const { w0g } = await deploy();
    const depositReceipt = await publicClient.waitForTransactionReceipt({
      hash: await w0g.write.deposit({ value: parseEther("1") }),
    });
    const transferReceipt = await publicClient.waitForTransactionReceipt({
      hash: await w0g.write.transfer([bob.account.address, parseEther("0.4")]),
    });
    assert.equal(depositReceipt.status, "success");
    assert.equal(transferReceipt.status, "success");
    assert.equal(await w0g.read.balanceOf([bob.account.address]), parseEther("0.4"));
    const total = depositReceipt.gasUsed + transferReceipt.gasUsed;
    console.log(
      `      WrappedOG gas: first deposit ${depositReceipt.gasUsed}, transfer to a new holder ` +
        `${transferReceipt.gasUsed}, total ${total}`,
    );
    assert.ok(depositReceipt.gasUsed < 75_000n, `deposit gas ${depositReceipt.gasUsed}`);
    assert.ok(transferReceipt.gasUsed < 60_000n, `transfer gas ${transferReceipt.gasUsed}`);
  });
});
