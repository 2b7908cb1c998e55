// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC7857} from "./IERC7857.sol";

/// @title ERC-7857 usage authorizations (0G agent-nft's `IERC7857Authorize`)
interface IERC7857Authorize is IERC7857 {
    error ERC7857InvalidAuthorizedUser(address);
    error ERC7857TooManyAuthorizedUsers();
    error ERC7857AlreadyAuthorized();
    error ERC7857NotAuthorized();

    /// @notice `_from` (the holder) authorized `_to` to use `_tokenId`.
    event Authorization(address indexed _from, address indexed _to, uint256 indexed _tokenId);

    /// @notice `_from` (the holder) revoked `_to`'s authorization to use `_tokenId`.
    event AuthorizationRevoked(address indexed _from, address indexed _to, uint256 indexed _tokenId);

    /// @notice Authorizes `_user` to use `_tokenId` (holder only; at most 100 users).
    function authorizeUsage(uint256 _tokenId, address _user) external;

    /// @notice Revokes `_user`'s authorization for `_tokenId` (holder only).
    function revokeAuthorization(uint256 _tokenId, address _user) external;

    /// @notice The users currently authorized to use `_tokenId`.
    function authorizedUsersOf(uint256 _tokenId) external view returns (address[] memory);
}
