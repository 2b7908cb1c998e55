import { agentNftAbi } from "@0g/contracts";
import { InvalidParameterError } from "@0g/core";
import { bytesToHex, isAddressEqual, parseEventLogs, zeroAddress, type Address, type Hex } from "viem";
import { signTypedData } from "viem/actions";
import { signAccessProofs, targetPubkeyOf } from "./accessProofs.js";
import { publicKeyAddress, toRawPublicKey } from "../crypto/ecies.js";
import { parseEnvelope } from "../crypto/envelope.js";
import {
  type AgentNftNotDeployedError,
  AccessProofRequiredError,
  InvalidAccessProofError,
  InvalidOracleProofError,
  NotTokenHolderError,
  ReceiverKeyMismatchError,
  type AgentDataUnavailableError,
  type DataHashMismatchError,
  type InftAccountRequiredError,
  type InftContractNotFoundError,
  type InftTransactionError,
  type InvalidOracleResponseError,
  type OracleRequestError,
  type OracleUnavailableError,
  type TokenNotFoundError,
} from "../errors.js";
import { accessNonceMaxClockSkew, parseAccessNonce, parseOwnershipNonce, type OracleTransferRequest, type OracleTransferResponse } from "../oracle/protocol.js";
import { oracleRequestDomain, oracleRequestTypes } from "../oracle/requests.js";
import { recoverAccessProofSigner, recoverOwnershipProofSigner, type AccessProof, type TransferValidityProof } from "../proof/proofs.js";
import { checkAddress, checkTokenId, requireAccount, type AccountParameter, type InftClient } from "./account.js";
import { chainIdOf, resolveAgentNft, resolveOracle, type InftContractsParameter } from "./contracts.js";
import { postTransfer, type OracleHttpParameters } from "./oracle.js";
import { accountOf, agentOperatorOf, chainTime, intelligentDatasOf, mayMove, ownerOf, readNft, trustedOracle } from "./read.js";
import { downloadEnvelope, type InftStorageParameter } from "./storage.js";
import { agentNftWithVerifierErrors, simulateAndSend, type InftWriteReturnType } from "./transaction.js";

/** Something that signs EIP-191 messages as the receiver (or its delegate): a viem local account. */
export type ReceiverSigner = { address: Address; signMessage(args: { message: string }): Promise<Hex> };

/** The parameters of `transferAgent` and `cloneAgent`. */
export type MoveAgentParameters = InftContractsParameter &
  AccountParameter &
  InftStorageParameter &
  OracleHttpParameters & {
    tokenId: bigint;
    /** The receiver. */
    to: Address;
    /** The receiver's access proofs, one per data entry (`createAccessProof` by the receiver or its delegate). */
    accessProofs?: readonly AccessProof[] | undefined;
    /**
     * The receiver's (or its delegate's) account, to sign the access proofs here instead (when
     * the receiver's key is at hand: tests, scripts, one app serving both sides).
     */
    receiver?: ReceiverSigner | undefined;
    /**
     * The receiver's public key. With `receiver`, the access proofs name it (the data is sealed
     * to it: e.g. a key from `getEncryptionKey`). With `accessProofs` signed by a delegate that name
     * no key, it tells the oracle the receiver's own key (it must be the key of `to`).
     */
    receiverPublicKey?: Hex | undefined;
    /** The holder, if you want it checked (the transfer is refused if someone else holds the token). */
    from?: Address | undefined;
    /** When the oracle stops accepting the request, Unix seconds. @default chain time + 10 minutes */
    deadline?: bigint | undefined;
    /**
     * Download the re-encrypted envelopes before sending and check that each is sealed to the
     * receiver with the proof's sealed key and to the oracle (so the receiver can open it, and
     * transfer it again). @default true
     */
    verifyEnvelopes?: boolean | undefined;
  };

/** What a transfer or clone throws. */
export type MoveAgentErrorType =
  | InftAccountRequiredError
  | InftContractNotFoundError
  | AgentNftNotDeployedError
  | InvalidParameterError
  | TokenNotFoundError
  | NotTokenHolderError
  | AccessProofRequiredError
  | InvalidAccessProofError
  | ReceiverKeyMismatchError
  | OracleUnavailableError
  | OracleRequestError
  | InvalidOracleResponseError
  | InvalidOracleProofError
  | AgentDataUnavailableError
  | DataHashMismatchError
  | InftTransactionError;

/** What a transfer or clone returns. */
export type MoveAgentReturnType = InftWriteReturnType & {
  /** The token the receiver got (a clone's new id). */
  tokenId: bigint;
  from: Address;
  to: Address;
  /** The token's data hashes now: the re-encrypted envelopes' storage roots. */
  dataHashes: Hex[];
  /** The new agent operator: the rotated agent key's address. */
  operator: Address;
  /** The new data keys sealed to the receiver (published in `PublishedSealedKey`). */
  sealedKeys: Hex[];
  /** The agent account of `tokenId`. */
  account: Address;
  /** The proofs sent. */
  proofs: TransferValidityProof[];
};

/**
 * A transfer (`clone` false) or clone: every check first, then the oracle, then the checks of its
 * answer, then a simulation, then the transaction. Anything that fails before the transaction
 * leaves the token and its data as they were.
 */
export async function moveAgent(client: InftClient, parameters: MoveAgentParameters, clone: boolean): Promise<MoveAgentReturnType> {
  const action = clone ? "cloneAgent" : "transferAgent";
  const account = requireAccount(client, parameters.account, action);
  const tokenId = checkTokenId(parameters.tokenId);
  const to = checkAddress("to", parameters.to);
  if (isAddressEqual(to, zeroAddress)) throw new InvalidParameterError({ name: "to", value: to, expected: "a non-zero address" });
  const agentNft = await resolveAgentNft(client, parameters.agentNft);
  const url = await resolveOracle(client, parameters.oracle);

  const [holder, datas, operator, trusted, chainId, now, delegate] = await Promise.all([
    ownerOf(client, agentNft, tokenId),
    intelligentDatasOf(client, agentNft, tokenId),
    agentOperatorOf(client, agentNft, tokenId),
    trustedOracle(client, agentNft),
    chainIdOf(client),
    chainTime(client),
    readNft(client, agentNft, "getDelegateAccess", [to]) as Promise<Address>,
  ]);
  const from = holder;
  if (parameters.from !== undefined && !isAddressEqual(checkAddress("from", parameters.from), holder))
    throw new NotTokenHolderError({ tokenId, account: parameters.from, holder, action });
  if (!(await mayMove(client, agentNft, holder, account.address, tokenId))) throw new NotTokenHolderError({ tokenId, account: account.address, holder, action });
  const dataHashes = datas.map((d) => d.dataHash);
  const assistants = isAddressEqual(delegate, zeroAddress) ? [to] : [to, delegate];

  // The receiver's access proofs: given, or signed here by the receiver.
  let accessProofs: AccessProof[];
  let receiverPublicKey = parameters.receiverPublicKey;
  if (parameters.accessProofs !== undefined) {
    accessProofs = parameters.accessProofs.map((p) => ({ ...p }));
  } else if (parameters.receiver !== undefined) {
    const receiver = parameters.receiver;
    if (!assistants.some((a) => isAddressEqual(a, receiver.address)))
      throw new InvalidAccessProofError({ reason: `The receiver account ${receiver.address} is neither ${to} nor its delegate${assistants[1] ? ` ${assistants[1]}` : " (it has none)"}.` });
    const targetPubkey = targetPubkeyOf({ publicKey: receiverPublicKey });
    accessProofs = await signAccessProofs(receiver, { dataHashes, targetPubkey, issuedAt: now });
    receiverPublicKey = undefined; // named in the proofs
  } else {
    throw new AccessProofRequiredError({ to });
  }
  await checkAccessProofs(accessProofs, { dataHashes, assistants, to, now, receiverPublicKey });

  // The holder's request, signed, to the oracle.
  const deadline = parameters.deadline ?? now + 600n;
  const signature = await signTypedData(client, {
    account,
    domain: oracleRequestDomain({ chainId, agentNft }),
    types: oracleRequestTypes,
    primaryType: "TransferRequest",
    message: { tokenId, from, to, clone, dataHashes, deadline },
  });
  const request: OracleTransferRequest = {
    agentNft,
    tokenId: tokenId.toString(),
    from,
    to,
    clone,
    dataHashes,
    deadline: deadline.toString(),
    signature,
    accessProofs,
    ...(receiverPublicKey === undefined ? {} : { receiverPublicKey }),
  };
  const answer = await postTransfer(url, request, parameters);

  // The oracle's answer must prove exactly what was asked.
  await checkOracleAnswer(answer, { accessProofs, dataHashes, trusted, currentOperator: operator, to });
  if (parameters.verifyEnvelopes !== false) await checkNewEnvelopes(client, answer, { trusted, storage: parameters.storage });

  const proofs = answer.proofs.map(({ accessProof, ownershipProof }) => ({ accessProof, ownershipProof }));
  const sent = await simulateAndSend(client, {
    account,
    address: agentNft,
    abi: agentNftWithVerifierErrors,
    functionName: clone ? "iCloneFrom" : "iTransferFrom",
    args: [from, to, tokenId, proofs],
  });
  let received = tokenId;
  if (clone) {
    const [cloned] = parseEventLogs({ abi: agentNftAbi, eventName: "Cloned", logs: sent.receipt.logs }).filter((log) => isAddressEqual(log.address, agentNft));
    received = cloned!.args._newTokenId;
  }
  return {
    transactionHash: sent.transactionHash,
    blockNumber: sent.blockNumber,
    tokenId: received,
    from,
    to,
    dataHashes: answer.newDataHashes,
    operator: answer.operator,
    sealedKeys: answer.sealedKeys,
    account: await accountOf(client, agentNft, received),
    proofs,
  };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** What the oracle and the token would refuse about the access proofs, found before asking. */
async function checkAccessProofs(
  proofs: readonly AccessProof[],
  { dataHashes, assistants, to, now, receiverPublicKey }: { dataHashes: readonly Hex[]; assistants: readonly Address[]; to: Address; now: bigint; receiverPublicKey: Hex | undefined },
): Promise<void> {
  if (proofs.length !== dataHashes.length)
    throw new InvalidAccessProofError({ reason: `The token has ${dataHashes.length} data entries; got ${proofs.length} access proofs (one per entry, in order).` });
  if (receiverPublicKey !== undefined) {
    let keyAddress: Address;
    try {
      keyAddress = publicKeyAddress(receiverPublicKey);
    } catch {
      throw new InvalidParameterError({ name: "receiverPublicKey", value: `${receiverPublicKey.slice(0, 10)}…`, expected: "a secp256k1 public key (33, 64 or 65 bytes)" });
    }
    if (!isAddressEqual(keyAddress, to)) throw new ReceiverKeyMismatchError({ to, keyAddress });
  }
  const nonces = new Set<string>();
  for (const [index, proof] of proofs.entries()) {
    const fail = (reason: string): never => {
      throw new InvalidAccessProofError({ index, reason });
    };
    if (!same(proof.dataHash, dataHashes[index]!))
      fail(`It is for data hash ${proof.dataHash}, but the token's entry ${index} is ${dataHashes[index]} (the token changed since it was signed: sign again).`);
    const parsed = parseAccessNonce(proof.nonce) ?? fail("Its nonce is not 32 bytes (issuedAt u64 | 24-byte salt).");
    if (nonces.has(proof.nonce.toLowerCase())) fail("It repeats another proof's nonce.");
    nonces.add(proof.nonce.toLowerCase());
    const { issuedAt } = parsed;
    if (issuedAt === 0n || issuedAt > now + accessNonceMaxClockSkew) fail(`Its nonce's issuedAt ${issuedAt} is not valid at chain time ${now}.`);
    let signer: Address;
    try {
      signer = await recoverAccessProofSigner(proof);
    } catch {
      return fail("Its signature cannot be recovered.");
    }
    if (!assistants.some((a) => isAddressEqual(a, signer)))
      fail(`It is signed by ${signer}, neither the receiver ${to} nor its delegate${assistants[1] ? ` ${assistants[1]}` : " (it has none)"}.`);
    if (proof.targetPubkey !== "0x") {
      try {
        toRawPublicKey(proof.targetPubkey);
      } catch {
        fail("Its targetPubkey is not a secp256k1 public key.");
      }
    } else if (!isAddressEqual(signer, to) && receiverPublicKey === undefined) {
      fail(`It was signed by the receiver's delegate ${signer} and names no key: pass the receiver's public key as receiverPublicKey, or let the delegate name it (createAccessProof({ publicKey })).`);
    }
  }
}

/** The oracle's proofs must be the Verifier's oracle's, answer the access proofs sent, and commit what it returned. */
async function checkOracleAnswer(
  answer: OracleTransferResponse,
  {
    accessProofs,
    dataHashes,
    trusted,
    currentOperator,
    to,
  }: { accessProofs: readonly AccessProof[]; dataHashes: readonly Hex[]; trusted: Address; currentOperator: Address; to: Address },
): Promise<void> {
  const n = dataHashes.length;
  if (answer.proofs.length !== n || answer.newDataHashes.length !== n || answer.sealedKeys.length !== n)
    throw new InvalidOracleProofError({
      reason: `Expected ${n} proofs, data hashes and sealed keys; got ${answer.proofs.length}, ${answer.newDataHashes.length} and ${answer.sealedKeys.length}.`,
    });
  if (isAddressEqual(answer.operator, zeroAddress)) throw new InvalidOracleProofError({ reason: "It names no new agent operator." });
  if (isAddressEqual(answer.operator, currentOperator)) throw new InvalidOracleProofError({ reason: `It keeps the agent operator ${currentOperator}: the agent key was not rotated.` });
  for (const [index, { accessProof, ownershipProof }] of answer.proofs.entries()) {
    const fail = (reason: string): never => {
      throw new InvalidOracleProofError({ index, reason });
    };
    const sent = accessProofs[index]!;
    if (!same(accessProof.dataHash, sent.dataHash) || !same(accessProof.nonce, sent.nonce) || !same(accessProof.targetPubkey, sent.targetPubkey) || !same(accessProof.proof, sent.proof))
      fail("Its access proof is not the one sent.");
    if (ownershipProof.oracleType !== 0) fail("It is not a TEE proof.");
    if (!same(ownershipProof.dataHash, dataHashes[index]!)) fail(`It is about data hash ${ownershipProof.dataHash}, not ${dataHashes[index]}.`);
    let signer: Address | undefined;
    try {
      signer = await recoverOwnershipProofSigner(ownershipProof);
    } catch {
      signer = undefined;
    }
    if (signer === undefined || !isAddressEqual(signer, trusted))
      fail(`It is signed by ${signer ?? "nobody (the signature does not recover)"}, not by the oracle the Verifier trusts, ${trusted}.`);
    const commitment = parseOwnershipNonce(ownershipProof.nonce);
    if (!commitment) return fail("Its nonce does not carry the rotation commitment (accessNonce | newDataHash | newOperator).");
    if (!same(commitment.accessNonce, sent.nonce)) fail("Its nonce does not start with the access proof's nonce.");
    if (!same(commitment.newDataHash, answer.newDataHashes[index]!)) fail(`It commits data hash ${commitment.newDataHash}, but the oracle returned ${answer.newDataHashes[index]}.`);
    if (!same(commitment.newOperator, answer.operator)) fail(`It commits operator ${commitment.newOperator}, but the oracle returned ${answer.operator}.`);
    if (!same(ownershipProof.sealedKey, answer.sealedKeys[index]!)) fail("Its sealed key is not the one the oracle returned.");
    if (sent.targetPubkey !== "0x") {
      if (!same(ownershipProof.targetPubkey, sent.targetPubkey)) fail("It is sealed to another key than the access proof names.");
    } else {
      let keyAddress: Address | undefined;
      try {
        keyAddress = ownershipProof.targetPubkey.length === 2 + 128 ? publicKeyAddress(ownershipProof.targetPubkey) : undefined;
      } catch {
        keyAddress = undefined;
      }
      if (keyAddress === undefined || !isAddressEqual(keyAddress, to)) fail(`It is sealed to a key of ${keyAddress ?? "no address"}, not to the receiver ${to}'s own key.`);
    }
  }
}

/** Each new envelope is on 0G Storage, sealed to the receiver with the proof's sealed key, and to the oracle. */
async function checkNewEnvelopes(client: InftClient, answer: OracleTransferResponse, { trusted, storage }: { trusted: Address; storage: InftStorageParameter["storage"] }): Promise<void> {
  for (const [index, newDataHash] of answer.newDataHashes.entries()) {
    let recipients: readonly { address: Address; sealedKey: Uint8Array }[];
    try {
      recipients = parseEnvelope(await downloadEnvelope(client, newDataHash, storage)).recipients;
    } catch (cause) {
      throw new InvalidOracleProofError({ index, reason: `The re-encrypted data ${newDataHash} is not a readable envelope on 0G Storage.`, cause });
    }
    const receiver = publicKeyAddress(answer.proofs[index]!.ownershipProof.targetPubkey);
    const sealedKey = answer.sealedKeys[index]!;
    if (!recipients.some((r) => isAddressEqual(r.address, receiver) && same(bytesToHex(r.sealedKey), sealedKey)))
      throw new InvalidOracleProofError({ index, reason: `The new data ${newDataHash} does not hold the proof's sealed key for ${receiver}.` });
    if (!recipients.some((r) => isAddressEqual(r.address, trusted)))
      throw new InvalidOracleProofError({ index, reason: `The new data ${newDataHash} is not sealed to the oracle ${trusted}: it could never be transferred again.` });
  }
}
