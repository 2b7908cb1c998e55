import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { checkPrivateKey } from "../client/keys.js";

/**
 * The agent itself as a viem account, from its agent key (`loadAgent`'s `agentKey`): the operator of
 * its agent account. Use it as the `account` of `agentAccountExecute` to act through the account
 * (it pays the gas: fund its address), or to sign: its signatures (`signMessage`,
 * `signTypedData`) are valid for the agent account under EIP-1271, so contracts and
 * `verifyMessage({ address: agentAccount, ... })` accept them, until a transfer rotates the key.
 *
 * @example
 * import { agentOperatorAccount, loadAgent } from "@0g/inft";
 * const { agentKey, account } = await loadAgent(walletClient, { tokenId, encryptionKey });
 * const agent = agentOperatorAccount(agentKey!);
 * const signature = await agent.signMessage({ message: "I am agent #0" });
 * await publicClient.verifyMessage({ address: account, message: "I am agent #0", signature }); // true
 */
export function agentOperatorAccount(agentKey: `0x${string}`): PrivateKeyAccount {
  return privateKeyToAccount(checkPrivateKey("agentKey", agentKey));
}
