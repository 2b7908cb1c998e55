// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC7857} from "./IERC7857.sol";
import {TransferValidityProof} from "./IERC7857DataVerifier.sol";

/// @title ERC-7857 clones (0G agent-nft's `IERC7857Cloneable`)
interface IERC7857Cloneable is IERC7857 {
    /// @notice `_from` cloned `_tokenId` into `_newTokenId`, held by `_to`.
    event Cloned(uint256 indexed _tokenId, uint256 indexed _newTokenId, address _from, address _to);

    /// @notice Mints a new token for `_to` with a copy of `_tokenId`'s data re-encrypted for `_to`;
    ///         `_tokenId` itself is unchanged.
    function iCloneFrom(address _from, address _to, uint256 _tokenId, TransferValidityProof[] calldata _proofs)
        external
        returns (uint256 _newTokenId);
}
