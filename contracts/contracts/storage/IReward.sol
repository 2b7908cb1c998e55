// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title The storage reward pool, as the Flow and the Mine use it
interface IReward {
    /// @notice Adds `msg.value` to the pool; it is released linearly over the storage lifetime.
    function fillReward() external payable;

    /// @notice Pays a PoRA reward for `minerId` to `beneficiary` out of the released part of the pool
    ///         and returns the amount. Only the Mine may call it.
    function claimMineReward(address payable beneficiary, bytes32 minerId) external returns (uint256 amount);
}
