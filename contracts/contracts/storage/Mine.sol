// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IFlow, MineContext} from "./IFlow.sol";
import {IReward} from "./IReward.sol";
import {BYTES_PER_SECTOR, EMPTY_HASH, hashPair, treeHeight} from "./FlowSpec.sol";
import {MinerStake} from "./MinerStake.sol";

/// An answer to the PoRA challenge of the current epoch. See `Mine` for how to build one.
struct PoraAnswer {
    /// The current context digest, `flow.getContext().digest`.
    bytes32 contextDigest;
    /// Any value the miner chooses.
    bytes32 nonce;
    /// The miner id from `requestMinerId`.
    bytes32 minerId;
    /// `uint256(keccak256(abi.encode(contextDigest, minerId, nonce))) % context.flowLength`.
    uint256 recallPosition;
    /// The 256-byte sector at `recallPosition`; it must not be all zeros.
    bytes sectorData;
    /// The sibling hashes from `keccak256(sectorData)` up to `context.flowRoot`, bottom-up.
    bytes32[] merkleProof;
}

/// @title 0G storage Mine: proof of random access (PoRA) over the flow
/// @notice Miners prove, once per epoch each, that they hold the flow data at a position they cannot
///         choose, and are paid from the Reward pool. A simpler challenge than 0G's `PoraMine` (no
///         sealing, scratchpad, recall ranges or shards), but it can only be answered with the data.
///
///         **Registering.** `requestMinerId(beneficiary, seed)` with at least `minimumStake` attached
///         returns (and emits in `NewMinerId`) `minerId = keccak256(abi.encodePacked(blockhash(
///         block.number - 1), msg.sender, seed))`. Rewards go to `beneficiary`; `exitMiner` returns the
///         stake and ends the miner id.
///
///         **Answering, off chain,** in an epoch whose context has a digest:
///         1. `ctx = flow.getContext()` (or `eth_call` `flow.makeContextWithResult()`, which also
///            rolls the context over if an epoch boundary passed). Skip if `ctx.digest == keccak256("")`.
///         2. Pick a `nonce` (any bytes32) and compute `recallPosition = uint256(keccak256(abi.encode(
///            ctx.digest, minerId, nonce))) % ctx.flowLength`.
///         3. Read the 256-byte sector `s` at flow position `recallPosition` (sector `p` is byte
///            `(p - startPos) * 256` of the file whose `Submit` has `startPos <= p < startPos + length`,
///            zero-padded; alignment gaps are zeros). Sector 0 and all-zero sectors cannot be used:
///            try another nonce.
///         4. `output = keccak256(abi.encodePacked(ctx.digest, nonce, minerId, s))` (352 bytes). If
///            `uint256(output) > poraTarget()`, try another nonce.
///         5. The proof: the flow tree at `ctx.flowLength` is the complete binary tree of height
///            `k = ceil(log2(ctx.flowLength))` (`k = 0` for length 1) over `2^k` leaves. Leaf 0 is
///            `bytes32(0)`; a submission node of height `h` at position `q` is the root of leaves
///            `q .. q + 2^h - 1` (for honest data, the leaves are `keccak256(sector)` and inner nodes
///            `keccak256(abi.encode(left, right))`, as in the file's own merkle tree); every other
///            subtree of height `h` is `zeroHash(h)`, the root of `2^h` zero sectors. `merkleProof[i]`
///            (`i = 0 .. k-1`) is the sibling at level `i` of the path from leaf `recallPosition`:
///            the root of the level-`i` subtree with index `(recallPosition >> i) ^ 1`. The contract
///            folds `node = keccak256(sectorData)`, then for each `i`: if bit `i` of `recallPosition`
///            is 0, `node = keccak256(abi.encode(node, merkleProof[i]))`, else
///            `node = keccak256(abi.encode(merkleProof[i], node))`, and requires `node == ctx.flowRoot`.
///         6. Send `submit(PoraAnswer(ctx.digest, nonce, minerId, recallPosition, s, merkleProof))`.
///
///         **Checked:** the miner is registered, not exited and staked; the answer's digest is the
///         current context's (answers for an earlier epoch are stale); the miner has no reward in this
///         epoch yet; the epoch has fewer than `2 * targetSubmissions` answers; recall position, sector,
///         proof and output as above. The reward is half of the pool's released, undistributed funds.
///
///         **Difficulty.** On the first answer of a new epoch, `poraTarget` moves a quarter of the way to
///         `poraTarget * targetSubmissions / answers` of the last epoch that had answers (limited to
///         half / double), then doubles for every epoch in between without answers.
contract Mine is MinerStake, Ownable {
    /// @notice The Flow whose contexts are mined.
    IFlow public immutable flow;
    /// @notice The pool rewards are paid from.
    IReward public immutable reward;

    /// @notice The target moves `1 / DIFFICULTY_ADJUST_RATIO` of the way to the expected target per epoch.
    uint256 public constant DIFFICULTY_ADJUST_RATIO = 4;

    struct Miner {
        address owner;
        uint64 lastRewardedEpoch;
        bool active;
        address beneficiary;
    }

    mapping(bytes32 minerId => Miner) private _miners;

    /// @notice The number of answers per epoch the difficulty aims at (at most twice as many are paid).
    uint256 public targetSubmissions;
    /// @notice An answer is accepted if `uint256(output) <= poraTarget`.
    uint256 public poraTarget;
    /// @notice The epoch of the last accepted answer.
    uint256 public lastMinedEpoch;
    /// @notice The number of answers accepted in `lastMinedEpoch`.
    uint256 public currentSubmissions;

    /// @notice A miner id was registered (0G's event).
    event NewMinerId(bytes32 indexed minerId, address indexed beneficiary);
    /// @notice The beneficiary of `minerId` changed from `from` to `to` (0G's event).
    event UpdateMinerId(bytes32 indexed minerId, address indexed from, address indexed to);
    /// @notice A miner id was ended and its stake returned.
    event MinerExited(bytes32 indexed minerId);
    /// @notice An answer was accepted: the `epochIndex`-th of `epoch` (0G's event).
    event NewSubmission(uint256 indexed epoch, bytes32 indexed minerId, uint256 epochIndex, uint256 recallPosition);
    /// @notice `poraTarget` changed at the start of `epoch` (or by the owner).
    event PoraTargetUpdated(uint256 indexed epoch, uint256 previousTarget, uint256 newTarget);
    /// @notice The owner changed `targetSubmissions`.
    event TargetSubmissionsUpdated(uint256 previousTarget, uint256 newTarget);

    error InvalidParameters();
    error InvalidBeneficiary();
    error MinerIdTaken(bytes32 minerId);
    error UnknownMiner(bytes32 minerId);
    error NotMinerOwner(bytes32 minerId, address caller);
    error NotStaked(bytes32 minerId);
    /// @notice The current context has no digest (no epoch began yet, or its block hash is unknown).
    error NoMiningContext();
    /// @notice The answer is not for the current context.
    error StaleContext(bytes32 current, bytes32 given);
    error AlreadyRewarded(bytes32 minerId, uint256 epoch);
    error EpochFull(uint256 epoch);
    error InvalidSectorLength(uint256 length);
    error WrongRecallPosition(uint256 expected, uint256 given);
    /// @notice An all-zero sector proves nothing.
    error EmptySector();
    error InvalidProofLength(uint256 expected, uint256 given);
    error InvalidProof();
    error AboveTarget(bytes32 output, uint256 target);

    /// @param owner_ May change `targetSubmissions` and `poraTarget`.
    /// @param flow_ The Flow.
    /// @param reward_ The Reward pool.
    /// @param targetSubmissions_ Answers per epoch the difficulty aims at (0G mainnet: 100), >= 1.
    /// @param minimumStake_ The deposit a miner id needs, in wei.
    /// @param initialDifficulty `poraTarget = type(uint256).max / initialDifficulty`; 1 accepts any answer.
    constructor(
        address owner_,
        address flow_,
        address reward_,
        uint256 targetSubmissions_,
        uint256 minimumStake_,
        uint256 initialDifficulty
    ) Ownable(owner_) MinerStake(minimumStake_) {
        if (targetSubmissions_ == 0 || initialDifficulty == 0) revert InvalidParameters();
        flow = IFlow(flow_);
        reward = IReward(reward_);
        targetSubmissions = targetSubmissions_;
        poraTarget = type(uint256).max / initialDifficulty;
    }

    /*=== miners ===*/

    /// @notice Registers a miner id, paying at least `minimumStake` as its stake.
    /// @return minerId `keccak256(abi.encodePacked(blockhash(block.number - 1), msg.sender, seed))`.
    function requestMinerId(address beneficiary, uint64 seed) external payable returns (bytes32 minerId) {
        if (beneficiary == address(0)) revert InvalidBeneficiary();
        minerId = keccak256(abi.encodePacked(blockhash(block.number - 1), msg.sender, seed));
        if (_miners[minerId].owner != address(0)) revert MinerIdTaken(minerId);
        _miners[minerId] = Miner({owner: msg.sender, lastRewardedEpoch: 0, active: true, beneficiary: beneficiary});
        _depositStake(minerId, msg.sender, msg.value);
        emit NewMinerId(minerId, beneficiary);
    }

    /// @notice Sends future rewards of `minerId` to `beneficiary` (miner owner only).
    function setBeneficiary(bytes32 minerId, address beneficiary) external {
        Miner storage miner = _ownedMiner(minerId);
        if (beneficiary == address(0)) revert InvalidBeneficiary();
        emit UpdateMinerId(minerId, miner.beneficiary, beneficiary);
        miner.beneficiary = beneficiary;
    }

    /// @notice Ends `minerId` and returns its stake to the owner (miner owner only).
    function exitMiner(bytes32 minerId) external {
        Miner storage miner = _ownedMiner(minerId);
        miner.active = false;
        emit MinerExited(minerId);
        _withdrawStake(minerId, payable(msg.sender));
    }

    function _ownedMiner(bytes32 minerId) private view returns (Miner storage miner) {
        miner = _miners[minerId];
        if (miner.owner == address(0) || !miner.active) revert UnknownMiner(minerId);
        if (miner.owner != msg.sender) revert NotMinerOwner(minerId, msg.sender);
    }

    /// @notice The registration of `minerId` (all zero if unknown).
    function miners(bytes32 minerId)
        external
        view
        returns (address owner, address beneficiary, uint256 lastRewardedEpoch, bool active, uint256 stake)
    {
        Miner storage miner = _miners[minerId];
        return (miner.owner, miner.beneficiary, miner.lastRewardedEpoch, miner.active, stakeOf[minerId]);
    }

    /// @notice Where the rewards of `minerId` go (0G's getter; zero if unknown).
    function beneficiaries(bytes32 minerId) external view returns (address) {
        return _miners[minerId].beneficiary;
    }

    /*=== PoRA ===*/

    /// @notice Submits a PoRA answer for the current epoch and pays the reward to the beneficiary.
    /// @return amount The reward paid.
    function submit(PoraAnswer calldata answer) external returns (uint256 amount) {
        bytes32 minerId = answer.minerId;
        Miner storage miner = _miners[minerId];
        address owner = miner.owner;
        if (owner == address(0) || !miner.active) revert UnknownMiner(minerId);
        if (!_hasStake(minerId, owner)) revert NotStaked(minerId);

        MineContext memory ctx = flow.makeContextWithResult();
        if (ctx.digest == EMPTY_HASH) revert NoMiningContext();
        if (answer.contextDigest != ctx.digest) revert StaleContext(ctx.digest, answer.contextDigest);
        if (miner.lastRewardedEpoch == ctx.epoch) revert AlreadyRewarded(minerId, ctx.epoch);
        _startEpoch(ctx.epoch);
        uint256 index = currentSubmissions;
        if (index >= 2 * targetSubmissions) revert EpochFull(ctx.epoch);

        bytes calldata sector = answer.sectorData;
        if (sector.length != BYTES_PER_SECTOR) revert InvalidSectorLength(sector.length);
        uint256 position = recallPosition(ctx.digest, minerId, answer.nonce, ctx.flowLength);
        if (answer.recallPosition != position) revert WrongRecallPosition(position, answer.recallPosition);
        if (_isZero(sector)) revert EmptySector();
        _verifyProof(keccak256(sector), position, answer.merkleProof, ctx.flowRoot, treeHeight(ctx.flowLength));
        bytes32 output = poraOutput(ctx.digest, answer.nonce, minerId, sector);
        if (uint256(output) > poraTarget) revert AboveTarget(output, poraTarget);

        miner.lastRewardedEpoch = uint64(ctx.epoch);
        currentSubmissions = index + 1;
        emit NewSubmission(ctx.epoch, minerId, index, position);
        amount = reward.claimMineReward(payable(miner.beneficiary), minerId);
    }

    /// @notice The recall position of `nonce` for `minerId` in the context `contextDigest` of a flow
    ///         of `flowLength` sectors.
    function recallPosition(bytes32 contextDigest, bytes32 minerId, bytes32 nonce, uint256 flowLength)
        public
        pure
        returns (uint256)
    {
        return uint256(keccak256(abi.encode(contextDigest, minerId, nonce))) % flowLength;
    }

    /// @notice The PoRA output: `keccak256(abi.encodePacked(contextDigest, nonce, minerId, sector))`.
    function poraOutput(bytes32 contextDigest, bytes32 nonce, bytes32 minerId, bytes calldata sector)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encodePacked(contextDigest, nonce, minerId, sector));
    }

    function _isZero(bytes calldata sector) private pure returns (bool zero) {
        assembly ("memory-safe") {
            let acc := 0
            for { let i := 0 } lt(i, BYTES_PER_SECTOR) { i := add(i, 0x20) } {
                acc := or(acc, calldataload(add(sector.offset, i)))
            }
            zero := iszero(acc)
        }
    }

    function _verifyProof(bytes32 leaf, uint256 position, bytes32[] calldata proof, bytes32 root, uint256 height)
        private
        pure
    {
        if (proof.length != height) revert InvalidProofLength(height, proof.length);
        bytes32 node = leaf;
        for (uint256 i; i < height; ++i) {
            node = (position >> i) & 1 == 0 ? hashPair(node, proof[i]) : hashPair(proof[i], node);
        }
        if (node != root) revert InvalidProof();
    }

    /*=== difficulty ===*/

    /// @dev On the first answer of epoch `e`: adjusts the target for the epochs since the last answer.
    function _startEpoch(uint256 e) private {
        uint256 last = lastMinedEpoch;
        if (e == last) return;
        if (last != 0) {
            uint256 previous = poraTarget;
            uint256 target = _adjustedTarget(previous, targetSubmissions, currentSubmissions);
            uint256 skipped = e - last - 1;
            if (skipped != 0) {
                target = (skipped >= 256 || target > type(uint256).max >> skipped)
                    ? type(uint256).max
                    : target << skipped;
            }
            poraTarget = target;
            emit PoraTargetUpdated(e, previous, target);
        }
        lastMinedEpoch = e;
        currentSubmissions = 0;
    }

    /// @dev A quarter of the way from `target` to `target * wanted / got`, within [target / 2, 2 * target].
    function _adjustedTarget(uint256 target, uint256 wanted, uint256 got) private pure returns (uint256) {
        uint256 max = type(uint256).max;
        uint256 expected;
        if (got == 0 || (wanted > got && target > Math.mulDiv(max, got, wanted))) {
            expected = max;
        } else {
            expected = Math.mulDiv(target, wanted, got);
        }
        uint256 adjusted =
            target - target / DIFFICULTY_ADJUST_RATIO + expected / DIFFICULTY_ADJUST_RATIO;
        uint256 low = target / 2;
        uint256 high = target > max / 2 ? max : target * 2;
        if (adjusted < low) return low;
        if (adjusted > high) return high;
        return adjusted;
    }

    /*=== owner ===*/

    /// @notice Sets the answers per epoch the difficulty aims at (owner only).
    function setTargetSubmissions(uint256 targetSubmissions_) external onlyOwner {
        if (targetSubmissions_ == 0) revert InvalidParameters();
        emit TargetSubmissionsUpdated(targetSubmissions, targetSubmissions_);
        targetSubmissions = targetSubmissions_;
    }

    /// @notice Sets the PoRA target directly (owner only), e.g. to reset the difficulty of a devnet.
    function setPoraTarget(uint256 poraTarget_) external onlyOwner {
        emit PoraTargetUpdated(lastMinedEpoch, poraTarget, poraTarget_);
        poraTarget = poraTarget_;
    }
}
