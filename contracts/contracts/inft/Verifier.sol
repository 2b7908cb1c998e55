// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {
    AccessProof,
    IERC7857DataVerifier,
    OracleType,
    OwnershipProof,
    TransferValidityProof,
    TransferValidityProofOutput
} from "./interfaces/IERC7857DataVerifier.sol";

/// @title The TEE proof verifier of the 0G agent NFTs (ERC-7857)
/// @notice 0G's agent-nft `Verifier` and `TEEVerifier` in one contract: it checks the receiver's access
///         proof and the TEE oracle's ownership proof of every `TransferValidityProof` and returns 0G's
///         `TransferValidityProofOutput`s. The messages are 0G's, byte for byte: each proof is an EIP-191
///         signature over the 66-character lowercase hex string (`0x` + 64 digits) of
///         - access proof: `keccak256(abi.encodePacked(dataHash, targetPubkey, nonce))`, by the receiver
///           or its delegated assistant (returned as `accessAssistant`; the token checks who it is);
///         - ownership proof: `keccak256(abi.encodePacked(dataHash, sealedKey, targetPubkey, nonce))`, by
///           `teeOracleAddress()`.
///         ZKP ownership proofs are not supported (0G's are a TODO too).
///
///         Nonces (this kit's rules; 0G's nonces are opaque bytes):
///         - the access proof's nonce is 32 bytes: its issue time `issuedAt` (8 bytes, big-endian unix
///           seconds) and a random 24-byte salt;
///         - the ownership proof's nonce starts with the access proof's nonce (anything may follow: the
///           AgentNFT puts its rotation commitment there). The oracle's proof is thereby bound to the one
///           receiver request it answers.
///         A proof is accepted only while `issuedAt <= block.timestamp + MAX_CLOCK_SKEW` and
///         `block.timestamp <= issuedAt + maxProofAge()`.
///
///         Single use: the access nonce is recorded under 0G's key `keccak256(abi.encode(nonce,
///         msg.sender))` (the caller is the token contract), and a recorded nonce is refused. That makes
///         both nonces single-use with one record: the ownership nonce can only ever be accepted together
///         with the access nonce it starts with. Once a proof can no longer be accepted (older than the
///         largest `maxProofAge` ever set), anyone may delete its record with `cleanExpiredProofs` (0G's
///         function) and get the storage refund; the expiry check keeps the proof from being replayed.
/// @dev Deployed plainly (or placed with `setCode`: no immutables) and set up once with `initialize`.
contract Verifier is IERC7857DataVerifier, IERC165 {
    /// @notice 0G's version string.
    string public constant VERSION = "1.0.0";
    /// @notice The length of an access proof's nonce: `issuedAt` (8 bytes) and a salt (24 bytes).
    uint256 public constant ACCESS_NONCE_LENGTH = 32;
    /// @notice How far in the future (chain time) a nonce's `issuedAt` may be.
    uint256 public constant MAX_CLOCK_SKEW = 15 minutes;
    /// @notice The largest `maxProofAge` the admin may set.
    uint256 public constant MAX_PROOF_AGE_LIMIT = 365 days;

    /// @dev One slot: what `verifyTransferValidity` reads.
    struct Config {
        address teeOracle;
        uint32 maxProofAge;
        /// @dev The largest maxProofAge ever set: records older than this may be deleted.
        uint32 maxProofAgeCeiling;
        bool paused;
    }

    Config private _config;
    address private _adminAddress;
    /// @dev Nonce key => the nonce's issuedAt (0: unused).
    mapping(bytes32 key => uint256) private _proofIssuedAt;

    /// @notice `initialize` ran (`version` is always 1).
    event Initialized(uint64 version);
    /// @notice The admin changed (0G's event).
    event AdminChanged(address indexed oldAdmin, address indexed newAdmin);
    /// @notice The TEE oracle's signing address changed (0G TEEVerifier's event).
    event OracleAddressUpdated(address indexed oldOracleAddress, address indexed newOracleAddress);
    /// @notice The proof lifetime changed.
    event MaxProofAgeUpdated(uint256 oldMaxProofAge, uint256 newMaxProofAge);
    /// @notice Verification was paused by `account`.
    event Paused(address account);
    /// @notice Verification was resumed by `account`.
    event Unpaused(address account);

    /// @notice `initialize` already ran.
    error AlreadyInitialized();
    /// @notice Only the admin may do this.
    error NotAdmin(address caller);
    /// @notice An address argument was zero.
    error ZeroAddress();
    /// @notice `maxProofAge` must be between 1 second and `MAX_PROOF_AGE_LIMIT`.
    error InvalidMaxProofAge(uint256 maxProofAge);
    /// @notice Verification is paused.
    error EnforcedPause();
    /// @notice Proof `index`: the access proof and the ownership proof are about different data.
    error ProofDataHashMismatch(uint256 index);
    /// @notice Proof `index`: the access proof's signature is malformed.
    error InvalidAccessProof(uint256 index);
    /// @notice Proof `index`: the ownership proof is not signed by the TEE oracle.
    error InvalidOwnershipProof(uint256 index);
    /// @notice Proof `index`: only TEE ownership proofs are supported.
    error UnsupportedOracleType(uint256 index);
    /// @notice Proof `index`: the access nonce is not 32 bytes with a non-zero `issuedAt`, or the ownership
    ///         nonce does not start with it.
    error InvalidNonce(uint256 index);
    /// @notice A nonce whose `issuedAt` is more than `MAX_CLOCK_SKEW` ahead of the chain.
    error ProofNotYetValid(uint256 issuedAt);
    /// @notice A nonce older than `maxProofAge()`.
    error ProofExpired(uint256 issuedAt);
    /// @notice This nonce was used before (by the same caller).
    error ProofAlreadyUsed(bytes32 key);

    modifier onlyAdmin() {
        if (msg.sender != _adminAddress) revert NotAdmin(msg.sender);
        _;
    }

    /// @notice Sets the admin and the TEE oracle's signing address; proofs live 7 days (0G's default).
    function initialize(address _admin, address _teeOracleAddress) external {
        if (_adminAddress != address(0)) revert AlreadyInitialized();
        if (_admin == address(0) || _teeOracleAddress == address(0)) revert ZeroAddress();
        _adminAddress = _admin;
        _config = Config({teeOracle: _teeOracleAddress, maxProofAge: 7 days, maxProofAgeCeiling: 7 days, paused: false});
        emit AdminChanged(address(0), _admin);
        emit OracleAddressUpdated(address(0), _teeOracleAddress);
        emit MaxProofAgeUpdated(0, 7 days);
        emit Initialized(1);
    }

    // ---------------------------------------------------------------------------------------------
    // Verification
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IERC7857DataVerifier
    function verifyTransferValidity(TransferValidityProof[] calldata proofs)
        external
        returns (TransferValidityProofOutput[] memory)
    {
        Config memory config = _config;
        if (config.paused) revert EnforcedPause();
        TransferValidityProofOutput[] memory outputs = new TransferValidityProofOutput[](proofs.length);
        for (uint256 i = 0; i < proofs.length; i++) {
            TransferValidityProofOutput memory output = outputs[i];
            _checkAccessProof(proofs[i].accessProof, i, config.maxProofAge, output);
            _checkOwnershipProof(proofs[i].ownershipProof, i, config, output);
        }
        return outputs;
    }

    /// @dev Checks the receiver's signature and the nonce; fills `dataHash`, `wantedKey`,
    ///      `accessAssistant` and `accessProofNonce` of `output`.
    function _checkAccessProof(
        AccessProof calldata access,
        uint256 index,
        uint256 maxAge,
        TransferValidityProofOutput memory output
    ) private {
        bytes32 dataHash = access.dataHash;
        bytes calldata wantedKey = access.targetPubkey;
        bytes calldata nonce = access.nonce;
        address assistant = _recover(keccak256(abi.encodePacked(dataHash, wantedKey, nonce)), access.proof);
        if (assistant == address(0)) revert InvalidAccessProof(index);
        _consume(nonce, index, maxAge);
        output.dataHash = dataHash;
        output.wantedKey = wantedKey;
        output.accessAssistant = assistant;
        output.accessProofNonce = nonce;
    }

    /// @dev Checks the oracle's signature, the data hash and that the nonce starts with the access nonce
    ///      (`output.accessProofNonce`, already consumed); fills `sealedKey`, `targetPubkey`
    ///      and `ownershipProofNonce` of `output` (whose `dataHash` is the access proof's).
    function _checkOwnershipProof(
        OwnershipProof calldata ownership,
        uint256 index,
        Config memory config,
        TransferValidityProofOutput memory output
    ) private {
        if (ownership.dataHash != output.dataHash) revert ProofDataHashMismatch(index);
        if (ownership.oracleType != OracleType.TEE) revert UnsupportedOracleType(index);
        bytes calldata sealedKey = ownership.sealedKey;
        bytes calldata targetPubkey = ownership.targetPubkey;
        bytes calldata nonce = ownership.nonce;
        address oracle =
            _recover(keccak256(abi.encodePacked(output.dataHash, sealedKey, targetPubkey, nonce)), ownership.proof);
        if (oracle != config.teeOracle || oracle == address(0)) revert InvalidOwnershipProof(index);
        bytes memory accessNonce = output.accessProofNonce;
        if (nonce.length < ACCESS_NONCE_LENGTH || bytes32(nonce[:32]) != bytes32(accessNonce)) revert InvalidNonce(index);
        output.sealedKey = sealedKey;
        output.targetPubkey = targetPubkey;
        output.ownershipProofNonce = nonce;
    }

    /// @notice TEEVerifier's check: whether `signature` over the digest `dataHash` is the TEE oracle's.
    function verifyTEESignature(bytes32 dataHash, bytes calldata signature) external view returns (bool) {
        (address signer, ECDSA.RecoverError recoverError,) = ECDSA.tryRecoverCalldata(dataHash, signature);
        return recoverError == ECDSA.RecoverError.NoError && signer == _config.teeOracle;
    }

    /// @notice Deletes the records of nonces that can no longer be accepted (anyone may call it; unknown
    ///         and still-valid keys are skipped).
    /// @param proofNonces nonce keys, `keccak256(abi.encode(nonce, caller))`
    function cleanExpiredProofs(bytes32[] calldata proofNonces) external {
        uint256 ceiling = _config.maxProofAgeCeiling;
        for (uint256 i = 0; i < proofNonces.length; i++) {
            uint256 issuedAt = _proofIssuedAt[proofNonces[i]];
            if (issuedAt != 0 && block.timestamp > issuedAt + ceiling) delete _proofIssuedAt[proofNonces[i]];
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @notice The key a nonce is recorded under when `caller` (the token contract) verifies it.
    function proofKey(bytes calldata nonce, address caller) external pure returns (bytes32) {
        return _nonceKey(nonce, caller);
    }

    /// @notice Whether the nonce recorded under `key` was used (and not cleaned since).
    function isProofUsed(bytes32 key) external view returns (bool) {
        return _proofIssuedAt[key] != 0;
    }

    /// @notice The `issuedAt` of the nonce recorded under `key` (0: none).
    function proofIssuedAt(bytes32 key) external view returns (uint256) {
        return _proofIssuedAt[key];
    }

    /// @notice The TEE oracle's signing address (0G TEEVerifier's getter).
    function teeOracleAddress() external view returns (address) {
        return _config.teeOracle;
    }

    /// @notice How long (seconds) a proof stays acceptable after its `issuedAt` (0G's getter).
    function maxProofAge() external view returns (uint256) {
        return _config.maxProofAge;
    }

    /// @notice The largest `maxProofAge` ever set: a record may be cleaned this long after its `issuedAt`.
    function maxProofAgeCeiling() external view returns (uint256) {
        return _config.maxProofAgeCeiling;
    }

    /// @notice Whether verification is paused.
    function paused() external view returns (bool) {
        return _config.paused;
    }

    /// @notice Whether verification is paused (0G TEEVerifier's getter).
    function isPaused() external view returns (bool) {
        return _config.paused;
    }

    /// @notice ERC-165: IERC165 and IERC7857DataVerifier.
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC165).interfaceId || interfaceId == type(IERC7857DataVerifier).interfaceId;
    }

    /// @notice The admin (0G's getter).
    function admin() external view returns (address) {
        return _adminAddress;
    }

    // ---------------------------------------------------------------------------------------------
    // Admin
    // ---------------------------------------------------------------------------------------------

    /// @notice Hands the admin role to `newAdmin` (0G's function).
    function setAdmin(address newAdmin) external onlyAdmin {
        if (newAdmin == address(0)) revert ZeroAddress();
        emit AdminChanged(_adminAddress, newAdmin);
        _adminAddress = newAdmin;
    }

    /// @notice Sets the TEE oracle's signing address (0G TEEVerifier's function).
    function updateOracleAddress(address newOracleAddress) external onlyAdmin {
        if (newOracleAddress == address(0)) revert ZeroAddress();
        emit OracleAddressUpdated(_config.teeOracle, newOracleAddress);
        _config.teeOracle = newOracleAddress;
    }

    /// @notice Sets how long proofs stay acceptable (0G's function; 1 second to `MAX_PROOF_AGE_LIMIT`).
    function updateMaxProofAge(uint256 _maxProofAge) external onlyAdmin {
        if (_maxProofAge == 0 || _maxProofAge > MAX_PROOF_AGE_LIMIT) revert InvalidMaxProofAge(_maxProofAge);
        Config memory config = _config;
        emit MaxProofAgeUpdated(config.maxProofAge, _maxProofAge);
        config.maxProofAge = uint32(_maxProofAge);
        if (_maxProofAge > config.maxProofAgeCeiling) config.maxProofAgeCeiling = uint32(_maxProofAge);
        _config = config;
    }

    /// @notice Stops all verification (so all transfers and clones) until `unpause`.
    function pause() external onlyAdmin {
        _config.paused = true;
        emit Paused(msg.sender);
    }

    /// @notice Resumes verification.
    function unpause() external onlyAdmin {
        _config.paused = false;
        emit Unpaused(msg.sender);
    }

    // ---------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------

    /// @dev Checks the access nonce's format and freshness and records it, or reverts.
    function _consume(bytes calldata nonce, uint256 index, uint256 maxAge) private {
        if (nonce.length != ACCESS_NONCE_LENGTH) revert InvalidNonce(index);
        uint256 issuedAt = uint64(bytes8(nonce[:8]));
        if (issuedAt == 0) revert InvalidNonce(index);
        if (issuedAt > block.timestamp + MAX_CLOCK_SKEW) revert ProofNotYetValid(issuedAt);
        if (block.timestamp > issuedAt + maxAge) revert ProofExpired(issuedAt);
        bytes32 key = _nonceKey(nonce, msg.sender);
        if (_proofIssuedAt[key] != 0) revert ProofAlreadyUsed(key);
        _proofIssuedAt[key] = issuedAt;
    }

    /// @dev 0G's nonce key, `keccak256(abi.encode(nonce, caller))`, without allocating memory.
    function _nonceKey(bytes calldata nonce, address account) private pure returns (bytes32 key) {
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, 0x40)
            mstore(add(p, 0x20), account)
            mstore(add(p, 0x40), nonce.length)
            let padded := and(add(nonce.length, 31), not(31))
            if padded { mstore(add(add(p, 0x40), padded), 0) } // zero the padding of the last word
            calldatacopy(add(p, 0x60), nonce.offset, nonce.length)
            key := keccak256(p, add(0x60, padded))
        }
    }

    /// @dev The signer of an EIP-191 `personal_sign` of the hex string of `inner` (zero if malformed).
    function _recover(bytes32 inner, bytes calldata signature) private pure returns (address signer) {
        (signer,,) = ECDSA.tryRecoverCalldata(ethSignedHexDigest(inner), signature);
    }
}

/// @notice `keccak256("\x19Ethereum Signed Message:\n66" ++ "0x" ++ lowercase hex of inner)`: what a wallet
///         signs for `personal_sign(toHex(inner))` (viem: `signMessage({ message: inner })` with the hex
///         string as text). 0G builds it with OpenZeppelin's `Strings.toHexString(uint256, 32)`.
function ethSignedHexDigest(bytes32 inner) pure returns (bytes32 digest) {
    bytes32 high = hexDigits(bytes16(inner));
    bytes32 low = hexDigits(bytes16(inner << 128));
    assembly ("memory-safe") {
        let p := mload(0x40)
        mstore(p, "\x19Ethereum Signed Message:\n660x") // 30 bytes
        mstore(add(p, 30), high)
        mstore(add(p, 62), low)
        digest := keccak256(p, 94)
    }
}

/// @notice The 32 lowercase hex digits of `value`, as ASCII, most significant first.
function hexDigits(bytes16 value) pure returns (bytes32) {
    // Spread the 32 nibbles to one per byte: each step moves the upper half of every lane up by half a
    // lane (128-bit lanes holding 64 bits, then 64/32, 32/16, 16/8 and 8/4).
    uint256 x = uint128(value);
    x = (x | (x << 64)) & 0x0000000000000000ffffffffffffffff0000000000000000ffffffffffffffff;
    x = (x | (x << 32)) & 0x00000000ffffffff00000000ffffffff00000000ffffffff00000000ffffffff;
    x = (x | (x << 16)) & 0x0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff;
    x = (x | (x << 8)) & 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff;
    x = (x | (x << 4)) & 0x0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f;
    // Digit d becomes '0' + d, plus 39 more ('a' - '0' - 10) where d >= 10, i.e. where d + 6 carries into bit 4.
    uint256 letters = ((x + 0x0606060606060606060606060606060606060606060606060606060606060606) >> 4)
        & 0x0101010101010101010101010101010101010101010101010101010101010101;
    return bytes32(x + 0x3030303030303030303030303030303030303030303030303030303030303030 + letters * 39);
}
