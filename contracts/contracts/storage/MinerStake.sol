// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Miner stake: the stake a PoRA miner must hold to be rewarded
/// @notice For now each miner id holds its own native-token deposit, paid with `requestMinerId` and
///         returned by `exitMiner`. This is the seam for the service-stake integration: a replacement
///         keeps these three hooks (`_depositStake`, `_hasStake`, `_withdrawStake`) and checks the
///         owner's service stake instead, without touching the Mine's PoRA logic.
abstract contract MinerStake {
    /// @notice The deposit `requestMinerId` requires, in wei.
    uint256 public immutable minimumStake;

    /// @notice The deposit held for `minerId`.
    mapping(bytes32 minerId => uint256 amount) public stakeOf;

    /// @notice `amount` was deposited for `minerId`.
    event StakeDeposited(bytes32 indexed minerId, uint256 amount);
    /// @notice The deposit of `minerId` was returned to `to`.
    event StakeWithdrawn(bytes32 indexed minerId, address indexed to, uint256 amount);

    /// @notice The deposit is below `minimumStake`.
    error InsufficientStake(uint256 required, uint256 paid);
    /// @notice Returning the deposit failed.
    error StakeTransferFailed(address to, uint256 amount);

    constructor(uint256 minimumStake_) {
        minimumStake = minimumStake_;
    }

    /// @dev Takes `amount` (already received) as the stake of a new miner id owned by `owner`.
    function _depositStake(bytes32 minerId, address owner, uint256 amount) internal virtual {
        owner;
        if (amount < minimumStake) revert InsufficientStake(minimumStake, amount);
        stakeOf[minerId] = amount;
        emit StakeDeposited(minerId, amount);
    }

    /// @dev Whether `minerId` (owned by `owner`) is staked enough to be rewarded.
    function _hasStake(bytes32 minerId, address owner) internal view virtual returns (bool) {
        owner;
        return stakeOf[minerId] >= minimumStake;
    }

    /// @dev Returns the stake of `minerId` to `to`.
    function _withdrawStake(bytes32 minerId, address payable to) internal virtual {
        uint256 amount = stakeOf[minerId];
        delete stakeOf[minerId];
        emit StakeWithdrawn(minerId, to, amount);
        if (amount != 0) {
            (bool ok,) = to.call{value: amount}("");
            if (!ok) revert StakeTransferFailed(to, amount);
        }
    }
}
