import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { artifacts } from "hardhat";
import { toEventSelector, toFunctionSelector } from "viem";
import { abiLine } from "./computeReference.js";
import { ZG_INFT_ABI } from "./InftReference.js";

/**
 * What of 0G's ABIs ours leaves out, and why (the README lists the same):
 * - OpenZeppelin AccessControl (roles): one admin address instead, with 0G's `admin()` / `setAdmin`;
 * - `mintWithRole` (the AgentMarket's fee-free minting) and its minter-role management;
 * - OpenZeppelin-upgradeable internals (initializer errors, the reentrancy-guard error, constructor);
 * - `initialize`: ours also takes the agent account registry;
 * - the Verifier's pluggable attestation contracts: the TEE oracle address is in the Verifier itself
 *   (TEEVerifier's `teeOracleAddress` / `updateOracleAddress`), and ZKP proofs are unsupported as in 0G;
 * - ECDSA / Strings library errors: malformed signatures revert with the Verifier's own errors;
 * - `supportsInterface` is `pure` (same selector and answers).
 */
const OMITTED = {
  AgentNFT: [
    "constructor () nonpayable",
    "error AccessControlBadConfirmation()",
    "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
    "error ExpectedPause()",
    "error InvalidInitialization()",
    "error NotInitializing()",
    "error ReentrancyGuardReentrantCall()",
    "event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)",
    "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
    "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
    "function ADMIN_ROLE() -> (bytes32) view",
    "function DEFAULT_ADMIN_ROLE() -> (bytes32) view",
    "function MINTER_ROLE() -> (bytes32) view",
    "function OPERATOR_ROLE() -> (bytes32) view",
    "function getRoleAdmin(bytes32 role) -> (bytes32) view",
    "function grantMinterRole(address minter) -> () nonpayable",
    "function grantRole(bytes32 role, address account) -> () nonpayable",
    "function hasRole(bytes32 role, address account) -> (bool) view",
    "function initialize(string name_, string symbol_, string storageInfo_, address verifierAddr, address admin_) -> () nonpayable",
    "function mintWithRole((string dataDescription,bytes32 dataHash)[] iDatas, address to) -> (uint256 tokenId) nonpayable",
    "function mintWithRole((string dataDescription,bytes32 dataHash)[] iDatas, address to, address creator) -> (uint256 tokenId) nonpayable",
    "function mintWithRole(address to) -> (uint256 tokenId) nonpayable",
    "function mintWithRole(address to, string uri) -> (uint256 tokenId) nonpayable",
    "function mintWithRole(address to, string uri, address creator) -> (uint256 tokenId) nonpayable",
    "function renounceRole(bytes32 role, address callerConfirmation) -> () nonpayable",
    "function revokeMinterRole(address minter) -> () nonpayable",
    "function revokeRole(bytes32 role, address account) -> () nonpayable",
    "function supportsInterface(bytes4 interfaceId) -> (bool) view",
  ],
  Verifier: [
    "constructor () nonpayable",
    "error AccessControlBadConfirmation()",
    "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
    "error ECDSAInvalidSignature()",
    "error ECDSAInvalidSignatureLength(uint256 length)",
    "error ECDSAInvalidSignatureS(bytes32 s)",
    "error ExpectedPause()",
    "error InvalidInitialization()",
    "error NotInitializing()",
    "error ReentrancyGuardReentrantCall()",
    "error StringsInsufficientHexLength(uint256 value, uint256 length)",
    "event AttestationContractUpdated((uint8 oracleType,address contractAddress)[] attestationConfigs)",
    "event ContractPaused(address indexed admin)",
    "event ContractUnpaused(address indexed admin)",
    "event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)",
    "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
    "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
    "function ADMIN_ROLE() -> (bytes32) view",
    "function DEFAULT_ADMIN_ROLE() -> (bytes32) view",
    "function OPERATOR_ROLE() -> (bytes32) view",
    "function attestationContract(uint8 oracleType) -> (address) view",
    "function getRoleAdmin(bytes32 role) -> (bytes32) view",
    "function grantRole(bytes32 role, address account) -> () nonpayable",
    "function hasRole(bytes32 role, address account) -> (bool) view",
    "function initialize((uint8 oracleType,address contractAddress)[] _attestationConfigs, address _admin) -> () nonpayable",
    "function renounceRole(bytes32 role, address callerConfirmation) -> () nonpayable",
    "function revokeRole(bytes32 role, address account) -> () nonpayable",
    "function supportsInterface(bytes4 interfaceId) -> (bool) view",
    "function updateAttestationContract((uint8 oracleType,address contractAddress)[] _attestationConfigs) -> () nonpayable",
  ],
};

/** What ours adds: the agent accounts and operators, custom errors, freshness and pruning views. */
const ADDITIONS = {
  AgentNFT: [
    "error AlreadyInitialized()",
    "error EmptyIntelligentData()",
    "error EmptyUsers()",
    "error InsufficientMintFee(uint256 paid, uint256 fee)",
    "error InvalidAccountRegistry(address registry)",
    "error InvalidRotationCommitment(uint256 index)",
    "error NotAdmin(address caller)",
    "error OperatorMismatch(uint256 index)",
    "error OperatorNotRotated(address operator)",
    "error PlainTransferOfIntelligentData(uint256 tokenId)",
    "error RefundFailed()",
    "error TooManyIntelligentData()",
    "error WithdrawFailed()",
    "error ZeroAddress()",
    "event AgentOperatorUpdated(uint256 indexed tokenId, address indexed operator)",
    "function accountOf(uint256 tokenId) -> (address) view",
    "function accountRegistry() -> (address) view",
    "function agentControllersOf(uint256 tokenId) -> (address holder, address operator) view",
    "function agentOperatorOf(uint256 tokenId) -> (address) view",
    "function initialize(string name_, string symbol_, string storageInfo_, address verifierAddr, address admin_, address accountRegistry_) -> () nonpayable",
    "function mint((string dataDescription,bytes32 dataHash)[] iDatas, address to, address operator) -> (uint256 tokenId) payable",
    "function setAgentOperator(uint256 tokenId, address operator) -> () nonpayable",
    "function supportsInterface(bytes4 interfaceId) -> (bool) pure",
  ],
  Verifier: [
    "error AlreadyInitialized()",
    "error InvalidAccessProof(uint256 index)",
    "error InvalidMaxProofAge(uint256 maxProofAge)",
    "error InvalidNonce(uint256 index)",
    "error InvalidOwnershipProof(uint256 index)",
    "error NotAdmin(address caller)",
    "error ProofAlreadyUsed(bytes32 key)",
    "error ProofDataHashMismatch(uint256 index)",
    "error ProofExpired(uint256 issuedAt)",
    "error ProofNotYetValid(uint256 issuedAt)",
    "error UnsupportedOracleType(uint256 index)",
    "error ZeroAddress()",
    "event MaxProofAgeUpdated(uint256 oldMaxProofAge, uint256 newMaxProofAge)",
    "function ACCESS_NONCE_LENGTH() -> (uint256) view",
    "function MAX_CLOCK_SKEW() -> (uint256) view",
    "function MAX_PROOF_AGE_LIMIT() -> (uint256) view",
    "function isProofUsed(bytes32 key) -> (bool) view",
    "function maxProofAgeCeiling() -> (uint256) view",
    "function proofIssuedAt(bytes32 key) -> (uint256) view",
    "function proofKey(bytes nonce, address caller) -> (bytes32) pure",
    "function supportsInterface(bytes4 interfaceId) -> (bool) pure",
  ],
};

describe("INFT ABIs against 0G's agent-nft (functions, events, errors, names, struct fields)", async () => {
  const theirs = {
    AgentNFT: new Set<string>(ZG_INFT_ABI.AgentNFT),
    // Our Verifier is 0G's Verifier and TEEVerifier in one contract.
    Verifier: new Set<string>([...ZG_INFT_ABI.Verifier, ...ZG_INFT_ABI.TEEVerifier]),
  };
  for (const name of ["AgentNFT", "Verifier"] as const) {
    it(`${name} has every item of 0G's ABI but the documented omissions, unchanged, and only the documented additions`, async () => {
      const { abi } = await artifacts.readArtifact(name);
      const ours = new Set(abi.map(abiLine));
      const missing = [...theirs[name]].filter((line) => !ours.has(line));
      const extra = [...ours].filter((line) => !theirs[name].has(line));
      assert.deepEqual(missing.sort(), [...OMITTED[name]].sort(), `missing from ours:\n${missing.join("\n")}`);
      assert.deepEqual(extra.sort(), [...ADDITIONS[name]].sort(), `additions:\n${extra.join("\n")}`);
    });
  }

  it("keeps 0G's selectors and topics for the ERC-7857 calls and events", async () => {
    const { abi } = await artifacts.readArtifact("AgentNFT");
    const selectors = new Set(abi.filter((item) => item.type === "function").map((item) => toFunctionSelector(item)));
    const proof = "((bytes32,bytes,bytes,bytes),(uint8,bytes32,bytes,bytes,bytes,bytes))[]";
    for (const signature of [
      `iTransferFrom(address,address,uint256,${proof})`,
      `iCloneFrom(address,address,uint256,${proof})`,
      "intelligentDatasOf(uint256)",
      "mint((string,bytes32)[],address)",
      "update(uint256,(string,bytes32)[])",
      "authorizeUsage(uint256,address)",
      "batchAuthorizeUsage(uint256,address[])",
      "revokeAuthorization(uint256,address)",
      "authorizedUsersOf(uint256)",
      "delegateAccess(address)",
      "getDelegateAccess(address)",
      "storageInfo()",
      "creatorOf(uint256)",
      "verifier()",
    ]) {
      assert.ok(selectors.has(toFunctionSelector(signature)), signature);
    }
    const topics = new Set(abi.filter((item) => item.type === "event").map((item) => toEventSelector(item)));
    // reference/0g-protocol.md §4: PublishedSealedKey's topic0 is 0x77ac1306…c56c.
    assert.equal(
      toEventSelector("PublishedSealedKey(address,uint256,bytes[])"),
      "0x77ac1306adadb66d303dd0baa0534083040b337a1212922215a3ccbaf6fec56c",
    );
    for (const signature of [
      "PublishedSealedKey(address,uint256,bytes[])",
      "Updated(uint256,(string,bytes32)[],(string,bytes32)[])",
      "Cloned(uint256,uint256,address,address)",
      "Authorization(address,address,uint256)",
      "AuthorizationRevoked(address,address,uint256)",
      "DelegateAccess(address,address)",
    ]) {
      assert.ok(topics.has(toEventSelector(signature)), signature);
    }
    const verifier = await artifacts.readArtifact("Verifier");
    assert.ok(
      verifier.abi.some(
        (item) => item.type === "function" && toFunctionSelector(item) === toFunctionSelector(`verifyTransferValidity(${proof})`),
      ),
    );
  });
});
