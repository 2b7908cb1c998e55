import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, type Hex, getAddress, hashMessage, parseEther, parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type TransferValidityProof, dataHashOf, deployInft, keyOf, transferProof } from "./InftDeployment.js";

/**
 * The INFT flow end to end with viem, as an SDK and an oracle would drive it: proofs signed with
 * `signMessage` (EIP-191 over the 66-character hex string), mint with an agent key, the agent account
 * used by that key, a transfer that rotates the key, a clone, and the events an SDK reads.
 */
describe("INFT with viem: mint, agent account, iTransferFrom, iCloneFrom", async () => {
  const { viem, networkHelpers } = await network.create();
  const publicClient = await viem.getPublicClient();
  const oracle = privateKeyToAccount(keyOf("oracle"));
  const addresses = await deployInft(viem, oracle.address);
  const nft = await viem.getContractAt("AgentNFT", addresses.nft);
  const registry = await viem.getContractAt("AgentAccountRegistry", addresses.registry);

  const actor = async (label: string) => {
    const account = privateKeyToAccount(keyOf(label));
    await networkHelpers.impersonateAccount(account.address);
    await networkHelpers.setBalance(account.address, parseEther("100"));
    return { account, wallet: await viem.getWalletClient(account.address) };
  };
  const alice = await actor("alice");
  const bob = await actor("bob");
  const firstKey = await actor("agent key 1");
  const secondKey = await actor("agent key 2");
  const cloneKey = await actor("agent key 3");

  const mined = async (hash: Promise<Hex>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    assert.equal(receipt.status, "success");
    return receipt;
  };
  const proofsFor = async (tokenId: bigint, receiver: typeof bob, newOperator: Address, tag: string) => {
    const datas = await nft.read.intelligentDatasOf([tokenId]);
    const issuedAt = (await publicClient.getBlock()).timestamp;
    const proofs: TransferValidityProof[] = [];
    for (const [i, data] of datas.entries()) {
      proofs.push(
        await transferProof({
          receiver: receiver.account,
          oracle,
          dataHash: data.dataHash,
          newDataHash: dataHashOf(`${tag} ${i}`),
          newOperator,
          issuedAt,
          salt: `${tag} ${i}`,
        }),
      );
    }
    return proofs;
  };
  const agentAccount = async (tokenId: bigint) => viem.getContractAt("AgentAccount", await nft.read.accountOf([tokenId]));

  const datas = [
    { dataDescription: "model: qwen-2.5-7b", dataHash: dataHashOf("model") },
    { dataDescription: "memory: 0g-kv stream 0x01", dataHash: dataHashOf("memory") },
  ];

  it("mints with the agent key as operator and deploys the agent account at its registry address", async () => {
    const receipt = await mined(
      alice.wallet.writeContract({
        address: nft.address,
        abi: nft.abi,
        functionName: "mint",
        args: [datas, alice.account.address, firstKey.account.address],
      }),
    );
    const [transfer] = parseEventLogs({ abi: nft.abi, logs: receipt.logs, eventName: "Transfer" });
    assert.equal(transfer?.args.tokenId, 0n);
    const [operatorEvent] = parseEventLogs({ abi: nft.abi, logs: receipt.logs, eventName: "AgentOperatorUpdated" });
    assert.equal(operatorEvent?.args.operator, firstKey.account.address);
    const [created] = parseEventLogs({ abi: registry.abi, logs: receipt.logs, eventName: "AccountCreated" });
    const account = await agentAccount(0n);
    assert.equal(created?.args.account, account.address);
    assert.equal(await registry.read.account([0n]), account.address);
    assert.deepEqual(await account.read.token(), [BigInt(await publicClient.getChainId()), getAddress(nft.address), 0n]);
    assert.deepEqual(await nft.read.intelligentDatasOf([0n]), datas);
    assert.equal(await nft.read.creatorOf([0n]), alice.account.address);
  });

  it("lets the agent key spend the account's earnings and sign for it (EIP-1271)", async () => {
    const account = await agentAccount(0n);
    await mined(alice.wallet.sendTransaction({ to: account.address, value: parseEther("3") }));
    const before = await publicClient.getBalance({ address: bob.account.address });
    await mined(
      firstKey.wallet.writeContract({
        address: account.address,
        abi: account.abi,
        functionName: "execute",
        args: [bob.account.address, parseEther("1"), "0x"],
      }),
    );
    assert.equal(await publicClient.getBalance({ address: bob.account.address }), before + parseEther("1"));

    const message = "agent 0 accepts order 42";
    const signature = await firstKey.account.signMessage({ message });
    assert.equal(await account.read.isValidSignature([hashMessage(message), signature]), "0x1626ba7e");
  });

  it("iTransferFrom with viem-signed proofs: moves the token, publishes the sealed keys, rotates the key", async () => {
    const proofs = await proofsFor(0n, bob, secondKey.account.address, "transfer 1");
    const receipt = await mined(
      alice.wallet.writeContract({
        address: nft.address,
        abi: nft.abi,
        functionName: "iTransferFrom",
        args: [alice.account.address, bob.account.address, 0n, proofs],
      }),
    );
    const [published] = parseEventLogs({ abi: nft.abi, logs: receipt.logs, eventName: "PublishedSealedKey" });
    assert.equal(published?.topics[0], "0x77ac1306adadb66d303dd0baa0534083040b337a1212922215a3ccbaf6fec56c");
    assert.equal(published?.args._to, bob.account.address);
    assert.equal(published?.args._tokenId, 0n);
    assert.deepEqual(published?.args._sealedKeys, proofs.map((p) => p.ownershipProof.sealedKey));
    const [updated] = parseEventLogs({ abi: nft.abi, logs: receipt.logs, eventName: "Updated" });
    assert.deepEqual(
      updated?.args._newDatas.map((d) => d.dataHash),
      [dataHashOf("transfer 1 0"), dataHashOf("transfer 1 1")],
    );
    assert.equal(await nft.read.ownerOf([0n]), bob.account.address);
    assert.equal(await nft.read.agentOperatorOf([0n]), secondKey.account.address);

    // The old key, and the old holder, can no longer move the agent's funds; the new ones can.
    const account = await agentAccount(0n);
    for (const old of [firstKey, alice]) {
      await assert.rejects(
        account.simulate.execute([old.account.address, 1n, "0x"], { account: old.account.address }),
        /NotAgentController/,
      );
    }
    await mined(
      secondKey.wallet.writeContract({
        address: account.address,
        abi: account.abi,
        functionName: "execute",
        args: [bob.account.address, parseEther("1"), "0x"],
      }),
    );
    const message = "agent 0 accepts order 43";
    assert.equal(
      await account.read.isValidSignature([hashMessage(message), await firstKey.account.signMessage({ message })]),
      "0xffffffff",
    );
  });

  it("refuses a replay of the same proofs and a plain ERC-721 transfer", async () => {
    const proofs = await proofsFor(0n, alice, firstKey.account.address, "transfer 2");
    await mined(
      bob.wallet.writeContract({
        address: nft.address,
        abi: nft.abi,
        functionName: "iTransferFrom",
        args: [bob.account.address, alice.account.address, 0n, proofs],
      }),
    );
    await assert.rejects(
      nft.simulate.iTransferFrom([alice.account.address, bob.account.address, 0n, proofs], { account: alice.account.address }),
      /ProofAlreadyUsed/,
    );
    await assert.rejects(
      nft.simulate.transferFrom([alice.account.address, bob.account.address, 0n], { account: alice.account.address }),
      /PlainTransferOfIntelligentData/,
    );
  });

  it("iCloneFrom: a new token with its own account and a fresh key, the source unchanged", async () => {
    const proofs = await proofsFor(0n, bob, cloneKey.account.address, "clone");
    const receipt = await mined(
      alice.wallet.writeContract({
        address: nft.address,
        abi: nft.abi,
        functionName: "iCloneFrom",
        args: [alice.account.address, bob.account.address, 0n, proofs],
      }),
    );
    const [cloned] = parseEventLogs({ abi: nft.abi, logs: receipt.logs, eventName: "Cloned" });
    assert.deepEqual(cloned?.args, { _tokenId: 0n, _newTokenId: 1n, _from: alice.account.address, _to: bob.account.address });
    assert.equal(await nft.read.ownerOf([1n]), bob.account.address);
    assert.equal(await nft.read.agentOperatorOf([1n]), cloneKey.account.address);
    assert.equal(await nft.read.agentOperatorOf([0n]), firstKey.account.address);
    const cloneAccount = await agentAccount(1n);
    assert.notEqual(cloneAccount.address, (await agentAccount(0n)).address);
    assert.deepEqual(await cloneAccount.read.owner(), bob.account.address);
    assert.deepEqual(
      (await nft.read.intelligentDatasOf([1n])).map((d) => d.dataDescription),
      datas.map((d) => d.dataDescription),
    );
  });
});
