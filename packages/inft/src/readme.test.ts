// The README's examples, run as written (keep them in sync) against a devnet.
import { createWalletClient, http, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, expect, it } from "vitest";
import { agentOperatorAccount, getEncryptionKey, inftActions, NotARecipientError } from "./index.js";
import { startDevnet, type TestDevnet } from "./test/devnet.js";

let t: TestDevnet;
beforeAll(async () => {
  t = await startDevnet({ accounts: 3 });
});
afterAll(() => t?.devnet.stop());

it("README: quick start", async () => {
  const aliceKey = t.devnet.accounts[0]!.privateKey as Hex;
  const bobKey = t.devnet.accounts[1]!.privateKey as Hex;
  const zgDevnet = t.devnet.chain; // the README's zgDevnet, at this devnet's port

  const alice = createWalletClient({ account: privateKeyToAccount(aliceKey), chain: zgDevnet, transport: http(t.rpcUrl) })
    .extend(inftActions({ encryptionKey: aliceKey }));
  const { tokenId, account } = await alice.mintAgent({
    data: { name: "Ada", model: "qwen-2.5-7b", prompt: "You are Ada, a helpful agent." },
  });
  const { data, agentKey } = await alice.loadAgent({ tokenId });
  expect(data).toEqual({ name: "Ada", model: "qwen-2.5-7b", prompt: "You are Ada, a helpful agent." });
  expect(agentKey).toMatch(/^0x[0-9a-f]{64}$/);

  const bob = createWalletClient({ account: privateKeyToAccount(bobKey), chain: zgDevnet, transport: http(t.rpcUrl) })
    .extend(inftActions({ encryptionKey: bobKey }));
  const accessProofs = await bob.createAccessProof({ tokenId });

  await alice.transferAgent({ tokenId, to: bob.account.address, accessProofs });
  const agent = await bob.loadAgent({ tokenId });
  expect(agent.data).toEqual(data);
  expect(agent.agentKey).not.toBe(agentKey);
  expect(await alice.loadAgent({ tokenId }).catch((e) => e.name)).toBe("NotARecipientError");
  await expect(alice.loadAgent({ tokenId })).rejects.toBeInstanceOf(NotARecipientError);

  const ada = agentOperatorAccount(agent.agentKey!);
  await t.devnet.setBalance(ada.address, 10n ** 18n); // the README says: fund it for gas
  await bob.agentAccountExecute({ tokenId, to: bob.account.address, value: 0n, account: ada });
  expect(agent.account).toBe(account);
});

it("README: a wallet-derived encryption key", async () => {
  const [alice, bob] = [t.user(0), t.user(2)];
  const wallet = createWalletClient({ account: bob.account, chain: t.devnet.chain, transport: http(t.rpcUrl) });
  const encryptionKey = await getEncryptionKey(wallet);
  const { agentNft } = t;
  const oracle = t.devnet.inft.oracle.url;
  const inft = wallet.extend(inftActions({ encryptionKey, agentNft, oracle }));

  const { tokenId } = await alice.client.mintAgent({ data: { name: "Ada" } });
  const accessProofs = await inft.createAccessProof({ tokenId });
  await alice.client.transferAgent({ tokenId, to: bob.address, accessProofs });
  expect(await inft.loadAgent({ tokenId })).toMatchObject({ data: { name: "Ada" }, via: "key" });
});
