import type { Hex } from "viem";
import { signMessage } from "viem/actions";
import { requireAccount, type AccountParameter, type InftClient } from "../client/account.js";
import { deriveEncryptionKey, encryptionKeyMessage } from "../crypto/deriveKey.js";
import { type InftAccountRequiredError, NonDeterministicSignatureError } from "../errors.js";

export type GetEncryptionKeyParameters = AccountParameter;

/** The derived secp256k1 private key (32 bytes, 0x-hex): pass it as `encryptionKey`. */
export type GetEncryptionKeyReturnType = Hex;

export type GetEncryptionKeyErrorType = InftAccountRequiredError | NonDeterministicSignatureError;

/**
 * Derives an INFT encryption key from the wallet's signature of {@link encryptionKeyMessage}, for
 * wallets that cannot reveal their own key (browser extensions, hardware wallets). The wallet
 * signs twice (two prompts in a browser wallet); the signatures must be equal, or the wallet is not
 * deterministic and {@link NonDeterministicSignatureError} is thrown (a key that changes would lock
 * you out of your agents). The same wallet derives the same key on every device, so keep the key
 * in memory and derive it again when needed; anyone who gets the signature can open your agents.
 *
 * Use the key as `encryptionKey` for every action (mint seals to it, load opens with it) and name
 * its public key when receiving agents (`createAccessProof({ encryptionKey })`).
 *
 * @example
 * import { getEncryptionKey, inftActions } from "@0g/inft";
 * const encryptionKey = await getEncryptionKey(walletClient); // the wallet asks twice
 * const inft = walletClient.extend(inftActions({ encryptionKey }));
 */
export async function getEncryptionKey(client: InftClient, parameters: GetEncryptionKeyParameters = {}): Promise<GetEncryptionKeyReturnType> {
  const account = requireAccount(client, parameters.account, "getEncryptionKey");
  const first = await signMessage(client, { account, message: encryptionKeyMessage });
  const second = await signMessage(client, { account, message: encryptionKeyMessage });
  if (first.toLowerCase() !== second.toLowerCase()) throw new NonDeterministicSignatureError({ address: account.address });
  return deriveEncryptionKey(first);
}
