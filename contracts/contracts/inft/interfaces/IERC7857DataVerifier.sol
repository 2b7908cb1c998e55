// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Which kind of oracle vouches for a re-encryption: a TEE (signature checked on chain) or a
///         ZKP prover (not supported by this kit's `Verifier`).
enum OracleType {
    TEE,
    ZKP
}

/// @notice The receiver's side of a transfer: "I (or my delegated assistant) accept data `dataHash`
///         sealed to `targetPubkey`".
/// @dev Same fields and order as 0G's agent-nft `AccessProof`. `targetPubkey` empty means "the
///      receiver's own Ethereum public key". `proof` is an EIP-191 signature over the 66-character
///      hex string of `keccak256(abi.encodePacked(dataHash, targetPubkey, nonce))`.
struct AccessProof {
    bytes32 dataHash;
    bytes targetPubkey;
    bytes nonce;
    bytes proof;
}

/// @notice The oracle's side of a transfer: "the data `dataHash` was re-encrypted and its new key,
///         sealed to `targetPubkey`, is `sealedKey`".
/// @dev Same fields and order as 0G's agent-nft `OwnershipProof`. For `OracleType.TEE`, `proof` is an
///      EIP-191 signature by the oracle over the 66-character hex string of
///      `keccak256(abi.encodePacked(dataHash, sealedKey, targetPubkey, nonce))`.
struct OwnershipProof {
    OracleType oracleType;
    bytes32 dataHash;
    bytes sealedKey;
    bytes targetPubkey;
    bytes nonce;
    bytes proof;
}

/// @notice One access proof and one ownership proof, for one intelligent data entry of a token.
struct TransferValidityProof {
    AccessProof accessProof;
    OwnershipProof ownershipProof;
}

/// @notice What a verifier vouches for after checking one `TransferValidityProof`.
/// @param dataHash the (old) data hash both proofs are about
/// @param sealedKey the new data key sealed to `targetPubkey`
/// @param targetPubkey the key the oracle sealed to (from the ownership proof)
/// @param wantedKey the key the receiver asked for (from the access proof; empty: its Ethereum key)
/// @param accessAssistant the signer of the access proof (the receiver or its delegate)
/// @param accessProofNonce the access proof's nonce
/// @param ownershipProofNonce the ownership proof's nonce
struct TransferValidityProofOutput {
    bytes32 dataHash;
    bytes sealedKey;
    bytes targetPubkey;
    bytes wantedKey;
    address accessAssistant;
    bytes accessProofNonce;
    bytes ownershipProofNonce;
}

/// @title The proof verifier an ERC-7857 token delegates to (0G agent-nft's `IERC7857DataVerifier`)
interface IERC7857DataVerifier {
    /// @notice Checks every proof (signatures, freshness, single use) and returns what each proves:
    ///         the data is available to the receiver, it was owned by the sender, it decrypts under the
    ///         data key, and the new data key was delivered to the receiver.
    /// @dev Not a view: each nonce is consumed.
    function verifyTransferValidity(TransferValidityProof[] calldata proofs)
        external
        returns (TransferValidityProofOutput[] memory);
}
