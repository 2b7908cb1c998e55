// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// One node of a submission: the merkle root of a complete subtree of `2^height` sectors (256-byte
/// chunks) of the file, in file order.
struct SubmissionNode {
    bytes32 root;
    uint256 height;
}

/// A file as the Flow sees it: its `length` in bytes, free-form `tags` (e.g. the KV stream domain
/// and stream ids) and its nodes, heights strictly decreasing.
struct SubmissionData {
    uint256 length;
    bytes tags;
    SubmissionNode[] nodes;
}

/// A submission: the data plus the account it is submitted for (`Submit`'s indexed `sender`).
struct Submission {
    SubmissionData data;
    address submitter;
}

/// The mining context of an epoch: a snapshot of the flow taken when the epoch began.
struct MineContext {
    uint256 epoch;
    uint256 mineStart;
    bytes32 flowRoot;
    uint256 flowLength;
    bytes32 blockDigest;
    bytes32 digest;
}

/// The flow positions `[start, end)` appended during the epoch that ended with a context.
struct EpochRange {
    uint128 start;
    uint128 end;
}

struct EpochRangeWithContextDigest {
    uint128 start;
    uint128 end;
    bytes32 digest;
}

/// @title The 0G storage Flow interface
/// @notice The functions, events and selectors of 0G's `IFlow` (0g-storage-contracts), as the
///         storage SDKs, storage nodes and miners call them.
interface IFlow {
    /// @notice A file was appended to the flow. `sender` is `submission.submitter` (not
    ///         necessarily `msg.sender`), `identity` the submission digest, `startPos` the flow sector
    ///         index of its first node and `length` its sector count (sum of `2^height`).
    event Submit(
        address indexed sender,
        bytes32 indexed identity,
        uint256 submissionIndex,
        uint256 startPos,
        uint256 length,
        SubmissionData submission
    );

    /// @notice A new mining epoch began; `context` is its context digest.
    event NewEpoch(
        address indexed sender,
        uint256 indexed index,
        bytes32 startMerkleRoot,
        uint256 submissionIndex,
        uint256 flowLength,
        bytes32 context
    );

    function submit(Submission calldata submission)
        external
        payable
        returns (uint256 index, bytes32 digest, uint256 startIndex, uint256 length);

    function batchSubmit(Submission[] calldata submissions)
        external
        payable
        returns (
            uint256[] memory indexes,
            bytes32[] memory digests,
            uint256[] memory startIndexes,
            uint256[] memory lengths
        );

    function blocksPerEpoch() external view returns (uint256);

    function epoch() external view returns (uint256);

    function epochStartPosition() external view returns (uint256);

    function firstBlock() external view returns (uint256);

    function getContext() external view returns (MineContext memory);

    function getEpochRange(bytes32 digest) external view returns (EpochRange memory);

    function getFlowRootByTxSeq(uint256 txSeq) external view returns (bytes32);

    function makeContext() external;

    function makeContextFixedTimes(uint256 cnt) external;

    function makeContextWithResult() external returns (MineContext memory);

    function market() external view returns (address payable);

    function numSubmissions() external view returns (uint256);

    function queryContextAtPosition(uint128 targetPosition)
        external
        returns (EpochRangeWithContextDigest memory range);

    function rootHistory() external view returns (address);

    function submissionIndex() external view returns (uint256);

    function tree() external view returns (uint256 currentLength, uint256 unstagedHeight);
}
