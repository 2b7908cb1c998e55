import { agentNftAbi, verifierAbi } from "@0g/contracts";
import { recoverOwnershipProofSigner, type OracleTransferResponse } from "@0g/inft";
import { BaseError, ContractFunctionRevertedError } from "viem";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDevnet, DevnetOptionError, type Devnet } from "../index.js";
import { inftHarness, proofsOf, type InftHarness, type InftUser } from "./test-helpers.js";

let devnet: Devnet;
let t: InftHarness;

beforeAll(async () => {
  devnet = await createDevnet({ compute: false });
  t = await inftHarness(devnet);
});
afterEach(() => devnet.inft.oracle.clearFaults());
afterAll(() => devnet?.stop());

/** The revert error name of sending `iTransferFrom` with these proofs (simulated, so nothing is mined). */
async function revertOf(from: InftUser, to: InftUser, tokenId: bigint, answer: OracleTransferResponse): Promise<string | undefined> {
  try {
    await t.publicClient.simulateContract({
      account: from.account,
      address: t.agentNft,
      // The Verifier's errors bubble up through the AgentNFT.
      abi: [...agentNftAbi, ...verifierAbi.filter((item) => item.type === "error")],
      functionName: "iTransferFrom",
      args: [from.address, to.address, tokenId, proofsOf(answer) as never],
    });
    return undefined;
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
    return reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : String(error);
  }
}

describe("oracle faults", () => {
  it("a stopped oracle drops connections until it is started again", async () => {
    const [owner, receiver] = [t.user(1), t.user(2)];
    const { tokenId } = await t.mint(owner);
    devnet.inft.oracle.stop();
    expect(devnet.inft.oracle.running).toBe(false);
    await expect(fetch(`${t.oracleUrl}/v1/info`)).rejects.toThrow();
    await expect(t.requestTransfer({ tokenId, from: owner, to: receiver })).rejects.toThrow();
    devnet.inft.oracle.start();
    const { status, body } = await t.requestTransfer({ tokenId, from: owner, to: receiver });
    expect(status).toBe(200);
    await t.write(owner, "iTransferFrom", [owner.address, receiver.address, tokenId, proofsOf(body as OracleTransferResponse)]);
  });

  it.each(["wrongKey", "garbage"] as const)("a lying oracle (%s): its proofs revert on chain with InvalidOwnershipProof and the token stays", async (lie) => {
    const [owner, receiver] = [t.user(1), t.user(2)];
    const { tokenId, root } = await t.mint(owner);
    devnet.inft.oracle.lie(lie);
    expect(devnet.inft.oracle.lying).toBe(lie);
    const { status, body } = await t.requestTransfer({ tokenId, from: owner, to: receiver });
    expect(status).toBe(200);
    const answer = body as OracleTransferResponse;
    expect(devnet.inft.oracle.requests.at(-1)).toMatchObject({ status: 200, lie });
    if (lie === "wrongKey") expect(await recoverOwnershipProofSigner(answer.proofs[0]!.ownershipProof)).not.toBe(devnet.inft.oracle.address);
    expect(await revertOf(owner, receiver, tokenId, answer)).toBe("InvalidOwnershipProof");
    await expect(t.write(owner, "iTransferFrom", [owner.address, receiver.address, tokenId, proofsOf(answer)])).rejects.toThrow();
    expect(await t.dataHashes(tokenId)).toEqual([root]);
    expect(await t.publicClient.readContract({ address: t.agentNft, abi: agentNftAbi, functionName: "ownerOf", args: [tokenId] })).toBe(owner.address);

    // Honest again: a new request (new access nonce) goes through.
    devnet.inft.oracle.lie(false);
    const honest = await t.requestTransfer({ tokenId, from: owner, to: receiver });
    expect(await revertOf(owner, receiver, tokenId, honest.body as OracleTransferResponse)).toBeUndefined();
    await t.write(owner, "iTransferFrom", [owner.address, receiver.address, tokenId, proofsOf(honest.body as OracleTransferResponse)]);
    expect(await t.publicClient.readContract({ address: t.agentNft, abi: agentNftAbi, functionName: "ownerOf", args: [tokenId] })).toBe(receiver.address);
  });

  it("clearFaults() restores a stopped, lying oracle; lie() checks its argument", () => {
    devnet.inft.oracle.stop();
    devnet.inft.oracle.lie();
    expect(devnet.inft.oracle.lying).toBe("wrongKey");
    devnet.inft.oracle.clearFaults();
    expect(devnet.inft.oracle.running).toBe(true);
    expect(devnet.inft.oracle.lying).toBeUndefined();
    expect(() => devnet.inft.oracle.lie("sometimes" as never)).toThrow(DevnetOptionError);
  });
});
