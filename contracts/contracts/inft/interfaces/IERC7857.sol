// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721} from "@openzeppelin/contracts/interfaces/IERC721.sol";
import {IERC7857DataVerifier, TransferValidityProof} from "./IERC7857DataVerifier.sol";
import {IERC7857Metadata, IntelligentData} from "./IERC7857Metadata.sol";

/// @title ERC-7857: NFTs whose private metadata moves with them (0G agent-nft's `IERC7857`)
/// @dev Function signatures, events and errors are 0G's (after its "Better 7857" change), so
///      selectors, topics and error selectors match.
interface IERC7857 is IERC721, IERC7857Metadata {
    error ERC7857InvalidAssistant(address);
    error ERC7857EmptyProof();
    error ERC7857ProofCountMismatch();
    error ERC7857DataHashMismatch();
    error ERC7857AccessAssistantMismatch();
    error ERC7857WantedReceiverMismatch();
    error ERC7857TargetPubkeyMismatch();

    /// @notice The intelligent data of `_tokenId` changed from `_oldDatas` to `_newDatas`.
    event Updated(uint256 indexed _tokenId, IntelligentData[] _oldDatas, IntelligentData[] _newDatas);

    /// @notice The data keys of `_tokenId`, sealed to `_to`'s key, one per intelligent data entry.
    event PublishedSealedKey(address indexed _to, uint256 indexed _tokenId, bytes[] _sealedKeys);

    /// @notice `_user` lets `_assistant` sign access proofs for it (zero: nobody).
    event DelegateAccess(address indexed _user, address indexed _assistant);

    /// @notice The verifier that checks transfer and clone proofs.
    function verifier() external view returns (IERC7857DataVerifier);

    /// @notice Moves `_tokenId` from `_from` to `_to` with its data re-encrypted for `_to`: one proof per
    ///         intelligent data entry, in order.
    function iTransferFrom(address _from, address _to, uint256 _tokenId, TransferValidityProof[] calldata _proofs)
        external;

    /// @notice Lets `_assistant` sign access proofs for the sender (zero revokes).
    function delegateAccess(address _assistant) external;

    /// @notice The assistant `_user` delegated access proofs to (zero: none).
    function getDelegateAccess(address _user) external view returns (address);
}
