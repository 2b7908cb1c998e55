// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IReward} from "./IReward.sol";

/// @title 0G storage Reward pool: storage fees released linearly over the storage lifetime
/// @notice Every fee (and every other deposit: `fillReward`, plain transfers) is released linearly
///         over `lifetimeSeconds` from the moment it is paid, the role of 0G's `ChunkLinearReward`
///         (which releases per 8 GiB pricing chunk instead). PoRA rewards are paid from the released,
///         not yet distributed part: each accepted answer gets half of it, as in 0G's `claimReward`.
///
///         Deposits are grouped in time buckets of `bucketSeconds = max(1, lifetimeSeconds / 32)`, so a
///         deposit costs one storage write and a claim touches at most ~33 buckets. Within a bucket the
///         release is exact until its first deposit has been released completely; from then on the
///         bucket finishes at the same rate and is fully released at its amount-weighted mean deposit
///         time plus `lifetimeSeconds` (so at most `bucketSeconds` early for any single deposit).
contract Reward is IReward {
    /// @notice Deposits are released over this many seconds.
    uint256 public immutable lifetimeSeconds;
    /// @notice Width of the time buckets deposits are grouped in.
    uint256 public immutable bucketSeconds;
    /// @notice The Mine, the only caller of `claimMineReward`.
    address public immutable mine;

    /// @notice The number of time buckets per lifetime.
    uint256 public constant BUCKETS_PER_LIFETIME = 32;

    /// @notice A PoRA reward of `amount` was paid for `minerId` to `beneficiary`.
    event RewardPaid(bytes32 indexed minerId, address indexed beneficiary, uint256 amount);

    /// @notice `claimMineReward` was called by someone other than the Mine.
    error NotMine(address caller);
    /// @notice Paying the beneficiary failed.
    error RewardTransferFailed(address beneficiary, uint256 amount);
    /// @notice A constructor argument is out of range.
    error InvalidParameters();
    /// @notice More than 2^96 wei deposited in one bucket.
    error DepositTooLarge();

    // A bucket is packed as index (32 bits) | amount (96 bits) << 32 | weighted offset (128 bits) << 128,
    // where weighted offset = sum(deposit * (depositTime - bucketStart)).
    uint256 private constant MASK_32 = (1 << 32) - 1;
    uint256 private constant MASK_96 = (1 << 96) - 1;

    /// @dev The bucket deposits currently go to.
    uint256 private _open;
    /// @dev Closed buckets not fully released yet, oldest first: `_queue[head .. tail)`.
    mapping(uint256 => uint256) private _queue;
    uint128 private _head;
    uint128 private _tail;
    /// @dev Sum of the amounts of the closed buckets in the queue.
    uint256 private _activeAmount;
    /// @dev Sum of `deposit * depositTime` over the closed buckets in the queue.
    uint256 private _activeWeighted;
    /// @dev Sum of the amounts of the fully released buckets.
    uint256 private _completed;

    /// @notice Total paid out as rewards.
    uint256 public totalDistributed;

    /// @param mine_ The Mine contract.
    /// @param lifetimeSeconds_ The storage lifetime: each fee is released over this many seconds.
    constructor(address mine_, uint256 lifetimeSeconds_) {
        if (lifetimeSeconds_ == 0 || lifetimeSeconds_ > uint256(BUCKETS_PER_LIFETIME) << 32) {
            revert InvalidParameters();
        }
        mine = mine_;
        lifetimeSeconds = lifetimeSeconds_;
        uint256 bucket = lifetimeSeconds_ / BUCKETS_PER_LIFETIME;
        bucketSeconds = bucket == 0 ? 1 : bucket;
    }

    /// @inheritdoc IReward
    function fillReward() external payable {
        _fill(msg.value);
    }

    /// @notice Plain transfers are deposits too (donations to the pool).
    receive() external payable {
        _fill(msg.value);
    }

    /// @inheritdoc IReward
    function claimMineReward(address payable beneficiary, bytes32 minerId) external returns (uint256 amount) {
        if (msg.sender != mine) revert NotMine(msg.sender);
        _processCompleted(block.timestamp);
        amount = (_released(block.timestamp) - totalDistributed) / 2;
        if (amount != 0) {
            totalDistributed += amount;
            (bool ok,) = beneficiary.call{value: amount}("");
            if (!ok) revert RewardTransferFailed(beneficiary, amount);
        }
        emit RewardPaid(minerId, beneficiary, amount);
    }

    /*=== views ===*/

    /// @notice Everything deposited so far.
    function totalFilled() public view returns (uint256) {
        return _completed + _activeAmount + ((_open >> 32) & MASK_96);
    }

    /// @notice Everything released so far (distributed or not).
    function releasedReward() public view returns (uint256) {
        return _released(block.timestamp);
    }

    /// @notice Released and not yet distributed: the next accepted PoRA answer gets half of it.
    function claimableReward() external view returns (uint256) {
        return _released(block.timestamp) - totalDistributed;
    }

    /*=== internals ===*/

    function _fill(uint256 amount) private {
        if (amount == 0) return;
        uint256 width = bucketSeconds;
        uint256 index = block.timestamp / width;
        uint256 open = _open;
        uint256 openAmount = (open >> 32) & MASK_96;
        uint256 weighted = open >> 128;
        if (openAmount != 0 && (open & MASK_32) != index) {
            _close(open);
            openAmount = 0;
            weighted = 0;
        }
        openAmount += amount;
        if (openAmount > MASK_96) revert DepositTooLarge();
        weighted += amount * (block.timestamp - index * width);
        _open = index | (openAmount << 32) | (weighted << 128);
    }

    /// @dev Moves the open bucket to the queue and retires the buckets that are fully released.
    function _close(uint256 bucket) private {
        (uint256 start, uint256 amount, uint256 weighted) = _unpack(bucket);
        uint128 tail = _tail;
        _queue[tail] = bucket;
        _tail = tail + 1;
        _activeAmount += amount;
        _activeWeighted += amount * start + weighted;
        _processCompleted(block.timestamp);
    }

    function _unpack(uint256 bucket) private view returns (uint256 start, uint256 amount, uint256 weighted) {
        start = (bucket & MASK_32) * bucketSeconds;
        amount = (bucket >> 32) & MASK_96;
        weighted = bucket >> 128;
    }

    /// @dev Whether a bucket is fully released at `time`: amount * (time - start - lifetime) >= weighted.
    function _isComplete(uint256 start, uint256 amount, uint256 weighted, uint256 time)
        private
        view
        returns (bool)
    {
        uint256 end = start + lifetimeSeconds;
        return time >= end && amount * (time - end) >= weighted;
    }

    function _processCompleted(uint256 time) private {
        uint128 head = _head;
        uint128 tail = _tail;
        if (head == tail) return;
        uint256 completed;
        uint256 weightedDone;
        while (head < tail) {
            (uint256 start, uint256 amount, uint256 weighted) = _unpack(_queue[head]);
            if (!_isComplete(start, amount, weighted, time)) break;
            completed += amount;
            weightedDone += amount * start + weighted;
            delete _queue[head];
            ++head;
        }
        if (completed != 0) {
            _head = head;
            _completed += completed;
            _activeAmount -= completed;
            _activeWeighted -= weightedDone;
        }
    }

    /// @dev Released by `time` (>= every deposit time).
    function _released(uint256 time) private view returns (uint256 released) {
        uint256 lifetime = lifetimeSeconds;
        uint256 done = _completed;
        uint256 activeAmount = _activeAmount;
        uint256 activeWeighted = _activeWeighted;
        for (uint128 i = _head; i < _tail; ++i) {
            (uint256 start, uint256 amount, uint256 weighted) = _unpack(_queue[i]);
            if (!_isComplete(start, amount, weighted, time)) break;
            done += amount;
            activeAmount -= amount;
            activeWeighted -= amount * start + weighted;
        }
        released = done + (activeAmount * time - activeWeighted) / lifetime;
        (uint256 openStart, uint256 openAmount, uint256 openWeighted) = _unpack(_open);
        if (openAmount != 0) {
            uint256 openReleased = (openAmount * (time - openStart) - openWeighted) / lifetime;
            released += openReleased < openAmount ? openReleased : openAmount;
        }
    }
}
