// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721Metadata} from "@openzeppelin/contracts/interfaces/IERC721Metadata.sol";

/// @notice One piece of an agent's intelligence: a public description and the hash that identifies
///         its encrypted payload (kept off chain, e.g. on 0G Storage).
struct IntelligentData {
    string dataDescription;
    bytes32 dataHash;
}

/// @title ERC-7857 metadata (0G agent-nft's `IERC7857Metadata`)
interface IERC7857Metadata is IERC721Metadata {
    /// @notice The current intelligent data of `tokenId` (reverts for a token that does not exist).
    function intelligentDatasOf(uint256 tokenId) external view returns (IntelligentData[] memory);
}
