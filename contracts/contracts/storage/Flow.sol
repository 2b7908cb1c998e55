// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {
    EpochRange,
    EpochRangeWithContextDigest,
    IFlow,
    MineContext,
    Submission,
    SubmissionData,
    SubmissionNode
} from "./IFlow.sol";
import {IMarket} from "./IMarket.sol";
import {IReward} from "./IReward.sol";
import {
    BYTES_PER_SECTOR,
    EMPTY_HASH,
    MAX_FLOW_LENGTH,
    MAX_NODE_HEIGHT,
    MAX_NODE_SPAN,
    SECTORS_PER_SEGMENT,
    ZERO_HASHES,
    hashPair,
    log2,
    trailingZeros,
    treeHeight
} from "./FlowSpec.sol";

/// @title 0G storage Flow: the append-only log of files that storage nodes store and miners prove
/// @notice Wire-compatible with 0G's `FixedPriceFlow`: the same `submit` / `batchSubmit` selectors
///         (`0xbc8c11f8` / `0x49aa3395`), structs, return values, `Submit` and `NewEpoch` events, validity
///         rules, fee rule (`NotEnoughFee`), flow tree and getters, so 0G's SDKs and nodes work against it.
///
///         **The flow tree.** The flow is a sequence of 256-byte sectors. Sector 0 is reserved (its leaf
///         is `bytes32(0)`), so the flow starts at length 1. Each submission node of height `h` is placed
///         at the next position aligned to `2^h`; a submission whose first node does not start on a
///         1024-sector segment boundary and would cross one is first moved to the next segment start.
///         Skipped positions are empty sectors. The tree is the complete binary tree of height
///         `k = ceil(log2(length))` over `2^k` sector leaves: a node's root stands for its subtree,
///         empty subtrees of height `h` hash to `zeroHash(h)` (`zeroHash(0) = keccak256(256 zero bytes)`),
///         and inner nodes are `keccak256(abi.encode(left, right))`. `root()` is its root;
///         `getFlowRootByTxSeq(i)` the root right after submission `i`.
///
///         **Gas.** Only the frontier of the tree is stored: for each set bit `i` of the length, the root
///         of the complete left subtree at level `i`, and a bitmask marks frontier entries that are
///         known empty subtrees (from alignment and segment padding), which are never written. One
///         packed slot holds length, that mask, the submission count and the epoch. Fees go to the
///         reward pool in one transfer per transaction.
///
///         **Epochs.** Epoch `e >= 1` starts at block `firstBlock + e * blocksPerEpoch`. The first
///         `submit`, `makeContext` or `Mine` answer in a later block takes the epoch's mining context, a
///         snapshot of the flow: `digest = keccak256(abi.encode(blockhash(mineStart), flowRoot,
///         flowLength))` (EIP-2935 history for block hashes 257-8191 blocks old). Unlike 0G, epochs in
///         which nothing happened are skipped in one step, so one `NewEpoch` is emitted for the epoch
///         reached, never one per elapsed epoch.
contract Flow is IFlow {
    /// @notice The submission is not one 0G's `SubmissionLibrary.valid` accepts: the submitter is the
    ///         zero address, there are no nodes, the heights are not strictly decreasing, the first is 64
    ///         or more or 4 or more above the last, or `length` does not fit the nodes tightly.
    error InvalidSubmission();

    /// @notice `paid` (what is left of `msg.value`) is less than `price * amount`, where `amount` is
    ///         the submission's sector count. 0G's `FixedPriceFlow` error.
    error NotEnoughFee(uint256 price, uint256 amount, uint256 paid);

    /// @notice Submissions and contexts are accepted from block `firstBlock` on.
    error NotLaunched(uint256 firstBlock);

    /// @notice The flow would grow beyond `2^64` sectors.
    error FlowTooLong(uint256 length);

    /// @notice No completed epoch range contains `position` (0G: "Can not find proper context").
    error NoContextAtPosition(uint256 position);

    /// @notice A constructor argument is out of range.
    error InvalidParameters();

    /// @dev Blocks whose hash EIP-2935's history contract serves.
    uint256 private constant BLOCKHASH_HISTORY = 8191;
    address private constant HISTORY_STORAGE_ADDRESS = 0x0000F90827F1C53a10cb7A02335B175320002935;

    /// @dev `_state` layout, low bits first: length (72), zero mask (72), submission count (56), epoch (56).
    uint256 private constant MASK_72 = (1 << 72) - 1;
    uint256 private constant MASK_56 = (1 << 56) - 1;

    address payable private immutable _market;
    address private immutable _reward;
    uint256 private immutable _blocksPerEpoch;
    uint256 private immutable _firstBlock;

    /// @dev Packed: flow length, zero mask, submission count, epoch. See the layout constants.
    uint256 private _state;
    /// @dev `_branch[i]` is the root of the complete left subtree at level `i` of the frontier, when
    ///      bit `i` of the length is set and bit `i` of the zero mask is not.
    bytes32[65] private _branch;
    mapping(uint256 txSeq => bytes32 root) private _rootByTxSeq;

    // The current mining context.
    bytes32 private _contextDigest;
    bytes32 private _contextRoot;
    bytes32 private _contextBlockDigest;
    /// @dev Packed: mineStart (64) | flowLength (72) << 64 | epochStartPosition (72) << 136.
    uint256 private _contextInfo;

    mapping(bytes32 digest => uint256 range) private _epochRanges; // start | end << 128
    bytes32[] private _rangeDigests; // every context with a digest, in order

    /// @dev The frontier of the tree while a transaction works on it.
    struct Tree {
        uint256 length;
        uint256 zeroMask;
        uint256 dirty; // levels whose value is in `vals`, to be written back
        uint256 submissionIndex;
        uint256 epoch;
        bytes zeros; // ZERO_HASHES
        bytes32[65] vals;
    }

    /// @param market_ The Market, whose `pricePerSector()` prices submissions.
    /// @param reward_ The Reward pool, which receives every fee (`fillReward`).
    /// @param blocksPerEpoch_ Blocks per mining epoch (0G mainnet: 3750), at least 1.
    /// @param firstBlock_ The first block that accepts submissions and the start of epoch 0; 0 means
    ///        the deployment block.
    constructor(address payable market_, address reward_, uint256 blocksPerEpoch_, uint256 firstBlock_) {
        if (firstBlock_ == 0) firstBlock_ = block.number;
        if (blocksPerEpoch_ == 0 || blocksPerEpoch_ > type(uint64).max || firstBlock_ > type(uint64).max) {
            revert InvalidParameters();
        }
        _market = market_;
        _reward = reward_;
        _blocksPerEpoch = blocksPerEpoch_;
        _firstBlock = firstBlock_;
        _state = 1; // length 1: sector 0 is reserved and its leaf (`_branch[0]`) is bytes32(0)
        _contextDigest = EMPTY_HASH;
        _contextBlockDigest = EMPTY_HASH;
        _contextInfo = firstBlock_ | (1 << 64);
    }

    /*=== submissions ===*/

    /// @notice Appends one file to the flow, paying `sum(2^height) * pricePerSector` (any excess goes
    ///         to the reward pool too).
    /// @return index The submission index (`txSeq`).
    /// @return digest `keccak256` of the node roots, concatenated.
    /// @return startIndex The flow position of the first node.
    /// @return length The sector count `sum(2^height)`.
    function submit(Submission calldata submission)
        external
        payable
        returns (uint256 index, bytes32 digest, uint256 startIndex, uint256 length)
    {
        if (block.number < _firstBlock) revert NotLaunched(_firstBlock);
        Tree memory t = _load();
        _makeContext(t);
        uint256 price = IMarket(_market).pricePerSector();
        (index, digest, startIndex, length) = _submit(t, submission, price, msg.value);
        _store(t);
        _payReward();
    }

    /// @notice Appends several files in order; `msg.value` pays for all of them.
    function batchSubmit(Submission[] calldata submissions)
        external
        payable
        returns (
            uint256[] memory indexes,
            bytes32[] memory digests,
            uint256[] memory startIndexes,
            uint256[] memory lengths
        )
    {
        uint256 n = submissions.length;
        indexes = new uint256[](n);
        digests = new bytes32[](n);
        startIndexes = new uint256[](n);
        lengths = new uint256[](n);
        if (n != 0) {
            if (block.number < _firstBlock) revert NotLaunched(_firstBlock);
            Tree memory t = _load();
            _makeContext(t);
            uint256 price = IMarket(_market).pricePerSector();
            uint256 paid = msg.value;
            for (uint256 i; i < n; ++i) {
                (indexes[i], digests[i], startIndexes[i], lengths[i]) = _submit(t, submissions[i], price, paid);
                unchecked {
                    paid -= lengths[i] * price; // _submit checked it
                }
            }
            _store(t);
        } else if (block.number < _firstBlock) {
            revert NotLaunched(_firstBlock);
        }
        _payReward();
    }

    function _submit(Tree memory t, Submission calldata submission, uint256 price, uint256 paid)
        private
        returns (uint256 index, bytes32 digest, uint256 startIndex, uint256 size)
    {
        SubmissionNode[] calldata nodes = submission.data.nodes;
        size = _validate(submission, nodes);
        unchecked {
            // size < 2^66, so only an absurd price overflows; then the fee is unpayable anyway.
            uint256 fee = size * price;
            if ((price != 0 && fee / price != size) || fee > paid) revert NotEnoughFee(price, size, paid);
        }
        startIndex = _append(t, nodes, size);
        digest = _digest(nodes);
        index = t.submissionIndex;
        unchecked {
            t.submissionIndex = index + 1;
        }
        _rootByTxSeq[index] = _root(t);
        _emitSubmit(submission, digest, index, startIndex, size);
    }

    /// @dev Places the nodes: aligned to the first (largest) node, moved to the next segment start if
    ///      the file would straddle a segment boundary without starting on one. Returns the start.
    function _append(Tree memory t, SubmissionNode[] calldata nodes, uint256 size)
        private
        view
        returns (uint256 startIndex)
    {
        uint256 h0 = nodes[0].height;
        uint256 position;
        unchecked {
            position = (((t.length - 1) >> h0) + 1) << h0;
            uint256 offset = position % SECTORS_PER_SEGMENT;
            if (offset != 0 && position / SECTORS_PER_SEGMENT != (position + size - 1) / SECTORS_PER_SEGMENT) {
                position += SECTORS_PER_SEGMENT - offset;
            }
            if (position + size > MAX_FLOW_LENGTH) revert FlowTooLong(position + size);
        }
        startIndex = position;
        uint256 n = nodes.length;
        for (uint256 i; i < n; ++i) {
            uint256 h = nodes[i].height;
            _insert(t, position, nodes[i].root, h);
            unchecked {
                position += 1 << h;
            }
        }
    }

    /// @dev `emit Submit(submission.submitter, digest, index, startIndex, size, submission.data)`,
    ///      encoded straight from calldata.
    function _emitSubmit(
        Submission calldata submission,
        bytes32 digest,
        uint256 index,
        uint256 startIndex,
        uint256 size
    ) private {
        bytes32 topic = Submit.selector;
        address submitter = submission.submitter;
        SubmissionData calldata data = submission.data;
        uint256 byteLength = data.length;
        bytes calldata tags = data.tags;
        SubmissionNode[] calldata nodes = data.nodes;
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, index)
            mstore(add(p, 0x20), startIndex)
            mstore(add(p, 0x40), size)
            mstore(add(p, 0x60), 0x80)
            // SubmissionData: length, offset of tags, offset of nodes, tags, nodes.
            let q := add(p, 0x80)
            let tagsLength := tags.length
            let padded := and(add(tagsLength, 31), not(31))
            mstore(q, byteLength)
            mstore(add(q, 0x20), 0x60)
            mstore(add(q, 0x40), add(0x80, padded))
            mstore(add(q, add(0x60, padded)), 0) // zero the padding of the last tags word
            mstore(add(q, 0x60), tagsLength)
            calldatacopy(add(q, 0x80), tags.offset, tagsLength)
            let r := add(q, add(0x80, padded))
            let n := nodes.length
            mstore(r, n)
            calldatacopy(add(r, 0x20), nodes.offset, shl(6, n))
            log3(p, sub(add(r, add(0x20, shl(6, n))), p), topic, submitter, digest)
        }
    }

    /// @dev 0G's `SubmissionLibrary.valid`; returns the sector count `sum(2^height)`.
    function _validate(Submission calldata submission, SubmissionNode[] calldata nodes)
        private
        pure
        returns (uint256 capacity)
    {
        uint256 n = nodes.length;
        if (submission.submitter == address(0) || n == 0) revert InvalidSubmission();
        uint256 h0 = nodes[0].height;
        if (h0 >= MAX_NODE_HEIGHT) revert InvalidSubmission();
        uint256 previous = h0;
        capacity = 1 << h0;
        for (uint256 i = 1; i < n; ++i) {
            uint256 h = nodes[i].height;
            if (h >= previous) revert InvalidSubmission();
            previous = h;
            capacity += 1 << h;
        }
        unchecked {
            if (h0 - previous >= MAX_NODE_SPAN) revert InvalidSubmission();
            uint256 lastCapacity;
            if (capacity < (1 << MAX_NODE_SPAN)) {
                lastCapacity = capacity - 1;
            } else if (n == 1) {
                lastCapacity = capacity - (capacity >> MAX_NODE_SPAN);
            } else {
                lastCapacity = capacity - (1 << (h0 - MAX_NODE_SPAN + 1));
            }
            uint256 length = submission.data.length;
            if (length > capacity * BYTES_PER_SECTOR || length <= lastCapacity * BYTES_PER_SECTOR) {
                revert InvalidSubmission();
            }
        }
    }

    /// @dev `keccak256(abi.encodePacked(roots))`.
    function _digest(SubmissionNode[] calldata nodes) private pure returns (bytes32 digest) {
        assembly ("memory-safe") {
            let n := nodes.length
            let p := mload(0x40)
            for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                mstore(add(p, shl(5, i)), calldataload(add(nodes.offset, shl(6, i))))
            }
            digest := keccak256(p, shl(5, n))
        }
    }

    function _payReward() private {
        if (msg.value != 0) IReward(_reward).fillReward{value: msg.value}();
    }

    /*=== the flow tree ===*/

    function _load() private view returns (Tree memory t) {
        uint256 s = _state;
        t.length = s & MASK_72;
        t.zeroMask = (s >> 72) & MASK_72;
        t.submissionIndex = (s >> 144) & MASK_56;
        t.epoch = s >> 200;
        t.zeros = ZERO_HASHES;
    }

    function _store(Tree memory t) private {
        uint256 length = t.length;
        uint256 zeroMask = t.zeroMask & length;
        uint256 writes = t.dirty & length & ~zeroMask;
        while (writes != 0) {
            uint256 i = trailingZeros(writes);
            _branch[i] = t.vals[i];
            writes &= writes - 1;
        }
        _state = length | (zeroMask << 72) | (t.submissionIndex << 144) | (t.epoch << 200);
    }

    function _zero(Tree memory t, uint256 level) private pure returns (bytes32 value) {
        bytes memory zeros = t.zeros;
        assembly ("memory-safe") {
            value := mload(add(add(zeros, 0x20), shl(5, level)))
        }
    }

    /// @dev The frontier value at `level` (bit `level` of the length must be set).
    function _value(Tree memory t, uint256 level) private view returns (bytes32) {
        if ((t.zeroMask >> level) & 1 != 0) return _zero(t, level);
        if ((t.dirty >> level) & 1 != 0) return t.vals[level];
        return _branch[level];
    }

    function _setValue(Tree memory t, uint256 level, bytes32 value) private pure {
        t.vals[level] = value;
        t.dirty |= 1 << level;
        t.zeroMask &= ~(1 << level);
    }

    /// @dev The root of the level-`top` subtree that contains position `length`, with every position
    ///      from `length` on empty. Needs `length < 2^top` within that subtree, i.e. `top` above
    ///      the lowest set bit of `length` for a non-empty result.
    function _partial(Tree memory t, uint256 length, uint256 top) private view returns (bytes32 node) {
        uint256 low = trailingZeros(length);
        if (low >= top) return _zero(t, top);
        node = hashPair(_value(t, low), _zero(t, low));
        for (uint256 i = low + 1; i < top; ++i) {
            node = (length >> i) & 1 != 0 ? hashPair(_value(t, i), node) : hashPair(node, _zero(t, i));
        }
    }

    /// @dev Inserts a node of height `h` at `start` (aligned to `2^h`, at or after the length); the
    ///      positions in between stay empty.
    function _insert(Tree memory t, uint256 start, bytes32 nodeRoot, uint256 h) private view {
        uint256 length = t.length;
        if (start != length) {
            // Walk the frontier from `length` to `start` over empty sectors. Above the highest bit in
            // which they differ nothing changes; at that bit `start` gets the partial subtree that
            // holds `length`; below it, every left subtree of `start` is empty.
            uint256 top = log2(length ^ start);
            if (trailingZeros(length) >= top) {
                t.zeroMask |= 1 << top;
            } else {
                _setValue(t, top, _partial(t, length, top));
            }
            t.zeroMask |= start & ((1 << top) - 1);
            length = start;
        }
        bytes32 node = nodeRoot;
        uint256 level = h;
        while ((length >> level) & 1 != 0) {
            node = hashPair(_value(t, level), node);
            unchecked {
                ++level;
            }
        }
        _setValue(t, level, node);
        unchecked {
            t.length = length + (1 << h);
        }
    }

    /// @dev The root of the tree of height `treeHeight(length)`.
    function _root(Tree memory t) private view returns (bytes32) {
        uint256 length = t.length;
        uint256 k = log2(length);
        if (length == 1 << k) return _value(t, k);
        return _partial(t, length, k + 1);
    }

    /*=== epochs ===*/

    /// @dev Makes the context of the latest epoch that began before this block, if it is not made yet.
    function _makeContext(Tree memory t) private returns (bool) {
        // Epoch e begins at block firstBlock + e * blocksPerEpoch; its context is made in a later block.
        if (block.number <= _firstBlock + (t.epoch + 1) * _blocksPerEpoch) return false;
        uint256 newEpoch = (block.number - 1 - _firstBlock) / _blocksPerEpoch;
        uint256 mineStart = _firstBlock + newEpoch * _blocksPerEpoch;
        bytes32 flowRoot = _root(t);
        uint256 length = t.length;
        (bytes32 blockDigest, bytes32 digest, uint256 epochStart) = _contextDigests(mineStart, flowRoot, length);
        _contextDigest = digest;
        _contextRoot = flowRoot;
        _contextBlockDigest = blockDigest;
        _contextInfo = mineStart | (length << 64) | (epochStart << 136);
        // The epoch is persisted with the rest of the state by the caller.
        t.epoch = newEpoch;
        emit NewEpoch(msg.sender, newEpoch, flowRoot, t.submissionIndex, length, digest);
        return true;
    }

    /// @dev The block and context digests of a new context, recording its epoch range if it has one.
    function _contextDigests(uint256 mineStart, bytes32 flowRoot, uint256 length)
        private
        returns (bytes32 blockDigest, bytes32 digest, uint256 epochStart)
    {
        epochStart = _contextInfo >> 136;
        if (block.number - mineStart > BLOCKHASH_HISTORY) return (EMPTY_HASH, EMPTY_HASH, epochStart);
        blockDigest = _blockHash(mineStart);
        digest = keccak256(abi.encode(blockDigest, flowRoot, length));
        _epochRanges[digest] = epochStart | (length << 128);
        _rangeDigests.push(digest);
        epochStart = length;
    }

    /// @dev `blockhash`, with EIP-2935's history contract for blocks 257 to 8191 blocks old.
    function _blockHash(uint256 blockNumber) private view returns (bytes32 hash) {
        uint256 distance = block.number - blockNumber;
        if (distance <= 256) return blockhash(blockNumber);
        assembly ("memory-safe") {
            mstore(0x00, blockNumber)
            let ok := staticcall(gas(), HISTORY_STORAGE_ADDRESS, 0x00, 0x20, 0x00, 0x20)
            if and(ok, eq(returndatasize(), 0x20)) { hash := mload(0x00) }
        }
    }

    /// @notice Makes the current epoch's mining context if an epoch boundary passed since the last one.
    function makeContext() public {
        if (block.number < _firstBlock) revert NotLaunched(_firstBlock);
        Tree memory t = _load();
        if (_makeContext(t)) _storeEpoch(t.epoch);
    }

    /// @notice Same as `makeContext()`: elapsed epochs are always skipped in one step here.
    function makeContextFixedTimes(uint256) external {
        makeContext();
    }

    /// @notice `makeContext()`, then `getContext()`.
    function makeContextWithResult() external returns (MineContext memory) {
        makeContext();
        return getContext();
    }

    function _storeEpoch(uint256 newEpoch) private {
        _state = (_state & ((1 << 200) - 1)) | (newEpoch << 200);
    }

    /// @notice The epoch range containing flow position `targetPosition`, after making the context.
    function queryContextAtPosition(uint128 targetPosition)
        external
        returns (EpochRangeWithContextDigest memory range)
    {
        makeContext();
        uint256 lo;
        uint256 hi = _rangeDigests.length;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            bytes32 digest = _rangeDigests[mid];
            uint256 packed = _epochRanges[digest];
            uint256 start = uint128(packed);
            uint256 end = packed >> 128;
            if (targetPosition >= end) {
                lo = mid + 1;
            } else if (targetPosition >= start) {
                return EpochRangeWithContextDigest(uint128(start), uint128(end), digest);
            } else {
                hi = mid;
            }
        }
        revert NoContextAtPosition(targetPosition);
    }

    /*=== views ===*/

    /// @notice The Market that prices submissions.
    function market() external view returns (address payable) {
        return _market;
    }

    /// @notice The Reward pool that receives the fees.
    function reward() external view returns (address) {
        return _reward;
    }

    function blocksPerEpoch() external view returns (uint256) {
        return _blocksPerEpoch;
    }

    function firstBlock() external view returns (uint256) {
        return _firstBlock;
    }

    /// @notice The current epoch (the epoch of the last context made; 0 before the first).
    function epoch() external view returns (uint256) {
        return _state >> 200;
    }

    /// @notice The flow length when the last context with a digest was made: where the open epoch
    ///         range starts.
    function epochStartPosition() external view returns (uint256) {
        return _contextInfo >> 136;
    }

    /// @notice The current mining context. Before the first epoch: epoch 0, `mineStart = firstBlock`,
    ///         the root of the empty flow, length 1 and `EMPTY_HASH` (`keccak256("")`) digests.
    function getContext() public view returns (MineContext memory) {
        uint256 info = _contextInfo;
        return MineContext({
            epoch: _state >> 200,
            mineStart: uint64(info),
            flowRoot: _contextRoot,
            flowLength: (info >> 64) & MASK_72,
            blockDigest: _contextBlockDigest,
            digest: _contextDigest
        });
    }

    /// @notice The flow positions `[start, end)` of the epoch that ended with context `digest` (zeros
    ///         for an unknown digest).
    function getEpochRange(bytes32 digest) external view returns (EpochRange memory) {
        uint256 packed = _epochRanges[digest];
        return EpochRange(uint128(packed), uint128(packed >> 128));
    }

    /// @notice The `index`-th epoch range with a context digest, oldest first.
    function getEpochRangeHistory(uint256 index) external view returns (EpochRangeWithContextDigest memory) {
        bytes32 digest = _rangeDigests[index];
        uint256 packed = _epochRanges[digest];
        return EpochRangeWithContextDigest(uint128(packed), uint128(packed >> 128), digest);
    }

    /// @notice The flow root right after submission `txSeq` (zero for a submission not made yet).
    function getFlowRootByTxSeq(uint256 txSeq) external view returns (bytes32) {
        return _rootByTxSeq[txSeq];
    }

    /// @notice The number of submissions so far (the next `txSeq`).
    function numSubmissions() external view returns (uint256) {
        return (_state >> 144) & MASK_56;
    }

    /// @notice Same as `numSubmissions()`.
    function submissionIndex() external view returns (uint256) {
        return (_state >> 144) & MASK_56;
    }

    /// @notice The flow length in sectors and, as in 0G, the number of tree levels
    ///         (`treeHeight(currentLength) + 1`).
    function tree() external view returns (uint256 currentLength, uint256 unstagedHeight) {
        currentLength = _state & MASK_72;
        unstagedHeight = treeHeight(currentLength) + 1;
    }

    /// @notice The current flow root.
    function root() public view returns (bytes32) {
        return _root(_load());
    }

    /// @notice Same as `root()` (0G's name).
    function computeFlowRoot() external view returns (bytes32) {
        return root();
    }

    /// @notice 0G's separate root-history contract; there is none here (the zero address). The
    ///         current context is `getContext()`, past ones are `getEpochRangeHistory(i)`, and the root
    ///         after every submission is `getFlowRootByTxSeq(txSeq)`.
    function rootHistory() external pure returns (address) {
        return address(0);
    }
}
