// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Flow} from "./Flow.sol";
import {IFlow, MineContext, EpochRange, EpochRangeWithContextDigest, Submission, SubmissionNode} from "./IFlow.sol";
import {EMPTY_HASH, ZERO_HASHES, treeHeight, zeroHash} from "./FlowSpec.sol";
import {FakeHistory, FeeSink, FlowTreeReference, StorageTestBase} from "./StorageTestBase.t.sol";

contract FlowTest is StorageTestBase {
    uint256 internal constant BPE = 100;

    FlowTreeReference internal ref;

    function setUp() public {
        vm.roll(1000);
        _deploy(PRICE, BPE, 0, 10, 1);
        ref = new FlowTreeReference();
    }

    /// Submits nodes of `heights` to the Flow and the reference; checks start and root.
    function _both(uint256[] memory heights, uint256 salt) internal returns (uint256 start) {
        bytes32[] memory roots = _roots(heights.length, salt);
        (,, start,) = _submit(_submission(heights, roots));
        assertEq(start, ref.place(heights, roots), "start");
        assertEq(flow.root(), ref.root(), "root");
        (uint256 length, uint256 levels) = flow.tree();
        assertEq(length, ref.length(), "length");
        assertEq(levels, ref.height() + 1, "levels");
    }

    /*=== constants and initial state ===*/

    function test_ZeroHashes() public view {
        assertEq(zeroHash(0), keccak256(new bytes(256)));
        assertEq(zeroHash(0), 0xd397b3b043d87fcd6fad1291ff0bfd16401c274896d8c63a923727f077b8e0b5);
        for (uint256 h = 1; h <= 64; ++h) assertEq(zeroHash(h), keccak256(abi.encode(zeroHash(h - 1), zeroHash(h - 1))));
        assertEq(ZERO_HASHES.length, 65 * 32);
        assertEq(EMPTY_HASH, keccak256(""));
    }

    function test_InitialState() public view {
        assertEq(flow.root(), bytes32(0)); // just the reserved sector
        assertEq(flow.computeFlowRoot(), bytes32(0));
        (uint256 length, uint256 levels) = flow.tree();
        assertEq(length, 1);
        assertEq(levels, 1);
        assertEq(flow.numSubmissions(), 0);
        assertEq(flow.submissionIndex(), 0);
        assertEq(flow.epoch(), 0);
        assertEq(flow.firstBlock(), 1000);
        assertEq(flow.blocksPerEpoch(), BPE);
        assertEq(flow.market(), address(market));
        assertEq(flow.reward(), address(reward));
        assertEq(flow.rootHistory(), address(0));
        MineContext memory ctx = flow.getContext();
        assertEq(ctx.epoch, 0);
        assertEq(ctx.mineStart, 1000);
        assertEq(ctx.flowRoot, bytes32(0));
        assertEq(ctx.flowLength, 1);
        assertEq(ctx.blockDigest, EMPTY_HASH);
        assertEq(ctx.digest, EMPTY_HASH);
    }

    function test_TreeHeight() public pure {
        assertEq(treeHeight(1), 0);
        assertEq(treeHeight(2), 1);
        assertEq(treeHeight(3), 2);
        assertEq(treeHeight(4), 2);
        assertEq(treeHeight(5), 3);
        assertEq(treeHeight(1 << 64), 64);
    }

    function test_RevertWhen_InvalidConstructorArguments() public {
        vm.expectRevert(Flow.InvalidParameters.selector);
        new Flow(payable(address(market)), address(reward), 0, 0);
        vm.expectRevert(Flow.InvalidParameters.selector);
        new Flow(payable(address(market)), address(reward), uint256(type(uint64).max) + 1, 0);
    }

    /*=== validity rules (each mutation of a valid submission alone makes it invalid) ===*/

    function _expectInvalid(Submission memory s) internal {
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        vm.expectRevert(Flow.InvalidSubmission.selector);
        flow.submit{value: 1 ether}(s);
    }

    function test_Valid_Baseline() public {
        _submit(_submission(_two(5, 3), _roots(2, 1)));
        assertEq(flow.numSubmissions(), 1);
    }

    function test_RevertWhen_SubmitterIsZero() public {
        Submission memory s = _submission(_two(5, 3), _roots(2, 1));
        s.submitter = address(0);
        _expectInvalid(s);
    }

    function test_RevertWhen_NoNodes() public {
        Submission memory s = _submission(_one(0), _roots(1, 1));
        s.data.nodes = new SubmissionNode[](0);
        s.data.length = 1;
        _expectInvalid(s);
    }

    function test_RevertWhen_HeightsNotStrictlyDecreasing() public {
        _expectInvalid(_submission(_two(3, 3), _roots(2, 1)));
        _expectInvalid(_submission(_two(2, 3), _roots(2, 1)));
        Submission memory s = _submission(_two(5, 3), _roots(2, 1));
        s.data.nodes = new SubmissionNode[](3);
        s.data.nodes[0] = SubmissionNode(bytes32(uint256(1)), 5);
        s.data.nodes[1] = SubmissionNode(bytes32(uint256(2)), 3);
        s.data.nodes[2] = SubmissionNode(bytes32(uint256(3)), 4);
        s.data.length = (32 + 8 + 16) * 256;
        _expectInvalid(s);
    }

    function test_RevertWhen_SpanIsFourOrMore() public {
        _expectInvalid(_submission(_two(4, 0), _roots(2, 1)));
        _expectInvalid(_submission(_two(20, 10), _roots(2, 1)));
        _submit(_submission(_two(4, 1), _roots(2, 1))); // span 3 is fine
    }

    function test_RevertWhen_FirstHeightIs64OrMore() public {
        _expectInvalid(_submission(_one(64), _roots(1, 1)));
        Submission memory s = _submission(_one(1000), _roots(1, 1));
        s.data.length = 1;
        _expectInvalid(s);
        // Height 63 is valid: the fee check (next in line) is what stops it.
        Submission memory max = _submission(_one(63), _roots(1, 1));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Flow.NotEnoughFee.selector, PRICE, uint256(1) << 63, 0));
        flow.submit(max);
    }

    function test_RevertWhen_LengthAboveCapacity() public {
        Submission memory s = _submission(_two(5, 3), _roots(2, 1));
        s.data.length = 40 * 256 + 1;
        _expectInvalid(s);
        s.data.length = 40 * 256;
        _submit(s);
    }

    function test_RevertWhen_LengthNotTight_SmallCapacity() public {
        // [3, 2, 1, 0] = 15 sectors < 16: more than 14 sectors of data needed.
        uint256[] memory h = new uint256[](4);
        (h[0], h[1], h[2], h[3]) = (3, 2, 1, 0);
        Submission memory s = _submission(h, _roots(4, 1));
        s.data.length = 14 * 256;
        _expectInvalid(s);
        s.data.length = 14 * 256 + 1;
        _submit(s);
    }

    function test_RevertWhen_LengthNotTight_SingleNode() public {
        // [4] = 16 sectors: more than 16 - 16/16 = 15 sectors needed.
        Submission memory s = _submission(_one(4), _roots(1, 1));
        s.data.length = 15 * 256;
        _expectInvalid(s);
        s.data.length = 15 * 256 + 1;
        _submit(s);
        // [0] = 1 sector: at least 1 byte.
        Submission memory one = _submission(_one(0), _roots(1, 2));
        one.data.length = 0;
        _expectInvalid(one);
        one.data.length = 1;
        _submit(one);
    }

    function test_RevertWhen_LengthNotTight_SeveralNodes() public {
        // [5, 3] = 40 sectors: more than 40 - 2^(5-3) = 36 sectors needed.
        Submission memory s = _submission(_two(5, 3), _roots(2, 1));
        s.data.length = 36 * 256;
        _expectInvalid(s);
        s.data.length = 36 * 256 + 1;
        _submit(s);
    }

    function testFuzz_ValidityMatchesSdkPadding(uint32 bytes_) public {
        uint256 size = bound(uint256(bytes_), 1, 1 << 31);
        // The SDKs' computePaddedSize + greedy split (0G protocol notes, 1.2).
        uint256 chunks = (size + 255) / 256;
        uint256 np2 = 1;
        while (np2 < chunks) np2 <<= 1;
        uint256 padded = chunks;
        if (np2 != chunks) {
            uint256 minChunk = np2 >= 16 ? np2 / 16 : 1;
            padded = ((chunks + minChunk - 1) / minChunk) * minChunk;
        }
        uint256 n;
        uint256[] memory heights = new uint256[](64);
        for (uint256 h = 64; h > 0; --h) {
            if ((padded >> (h - 1)) & 1 == 1) heights[n++] = h - 1;
        }
        assembly {
            mstore(heights, n)
        }
        Submission memory s = _submission(heights, _roots(n, size));
        s.data.length = size;
        (,, uint256 start, uint256 length) = _submit(s);
        assertEq(length, padded);
        assertEq(start % (1 << heights[0]), 0);
    }

    /*=== fees ===*/

    function test_RevertWhen_NotEnoughFee() public {
        Submission memory s = _submission(_two(5, 3), _roots(2, 1));
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Flow.NotEnoughFee.selector, PRICE, 40, 40 * PRICE - 1));
        flow.submit{value: 40 * PRICE - 1}(s);
    }

    function test_ExactFeeGoesToTheRewardPool() public {
        Submission memory s = _submission(_two(5, 3), _roots(2, 1));
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        flow.submit{value: 40 * PRICE}(s);
        assertEq(address(reward).balance, 40 * PRICE);
        assertEq(reward.totalFilled(), 40 * PRICE);
        assertEq(address(flow).balance, 0);
    }

    function test_ExcessIsABonusToTheRewardPool() public {
        Submission memory s = _submission(_one(0), _roots(1, 1));
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        flow.submit{value: 1 ether}(s);
        assertEq(address(reward).balance, 1 ether);
        assertEq(address(flow).balance, 0);
    }

    function test_PriceChangesApplyToTheNextSubmission() public {
        market.setPricePerSector(7);
        Submission memory s = _submission(_one(2), _roots(1, 1));
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Flow.NotEnoughFee.selector, 7, 4, 27));
        flow.submit{value: 27}(s);
        vm.prank(alice);
        flow.submit{value: 28}(s);
        market.setPricePerSector(0);
        vm.prank(alice);
        flow.submit(s); // free
    }

    function test_RevertWhen_FeeOverflows() public {
        market.setPricePerSector(type(uint256).max / 2);
        Submission memory s = _submission(_one(2), _roots(1, 1));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Flow.NotEnoughFee.selector, type(uint256).max / 2, 4, 0));
        flow.submit(s);
    }

    /*=== placement: alignment and segment padding ===*/

    function test_NodesAreAlignedToTheirHeight() public {
        _both(_one(0), 1); // [1]
        assertEq(_both(_one(2), 2), 4); // aligned to 4: positions 2, 3 stay empty
        assertEq(_both(_one(0), 3), 8);
        assertEq(_both(_one(3), 4), 16);
        assertEq(_both(_two(2, 0), 5), 24);
    }

    /// Fills the flow to length 1000 (segment 0 ends at 1024).
    function _fillTo1000() internal {
        _both(_one(8), 1); // [256, 512)
        _both(_one(8), 2); // [512, 768)
        _both(_one(7), 3); // [768, 896)
        _both(_one(6), 4); // [896, 960)
        _both(_one(5), 5); // [960, 992)
        _both(_one(3), 6); // [992, 1000)
        (uint256 len,) = flow.tree();
        assertEq(len, 1000);
    }

    function test_FileStraddlingASegmentMovesToTheNextSegment() public {
        _fillTo1000();
        // [4, 3] = 24 sectors aligned to 1008 would end at 1031, past 1023: moved to 1024.
        assertEq(_both(_two(4, 3), 7), 1024);
        assertEq(_both(_one(0), 8), 1048);
    }

    function test_FileEndingAtTheSegmentBoundaryIsNotMoved() public {
        _fillTo1000();
        assertEq(_both(_one(3), 7), 1000); // [1000, 1008)
        assertEq(_both(_two(3, 2), 8), 1008); // [1008, 1020)
        assertEq(_both(_one(2), 9), 1020); // [1020, 1024): ends exactly at the boundary
        assertEq(_both(_one(0), 10), 1024);
    }

    function test_LargeFileAtUnalignedLengthOnlyAligns() public {
        _fillTo1000();
        // Heights >= 10 are segment-aligned by their own alignment.
        assertEq(_both(_one(10), 7), 1024);
        assertEq(_both(_two(11, 9), 8), 2048);
    }

    function test_ManySmallFiles() public {
        // 1-chunk files never straddle: they fill the flow contiguously across segment boundaries.
        for (uint256 i; i < 1030; ++i) {
            bytes32[] memory roots = _roots(1, i);
            (,, uint256 start,) = _submit(_submission(_one(0), roots));
            assertEq(start, i + 1);
            ref.place(_one(0), roots);
        }
        assertEq(flow.root(), ref.root());
    }

    function test_EveryHeightFrom0To20() public {
        for (uint256 h; h <= 20; ++h) {
            _both(_one(h), h);
            _both(_one(0), 100 + h); // a 1-chunk file after each, to force alignment of the next
        }
    }

    function test_LargeNodesStartOnTheirAlignment() public {
        _both(_one(0), 1);
        assertEq(_both(_one(18), 2), 1 << 18);
        assertEq(_both(_one(10), 3), (1 << 18) + (1 << 18));
        assertEq(_both(_two(20, 17), 4), 1 << 20);
    }

    function test_GetFlowRootByTxSeq() public {
        bytes32[] memory roots = new bytes32[](5);
        for (uint256 i; i < 5; ++i) {
            _both(_one(i), i);
            roots[i] = flow.root();
        }
        for (uint256 i; i < 5; ++i) assertEq(flow.getFlowRootByTxSeq(i), roots[i]);
        assertEq(flow.getFlowRootByTxSeq(5), bytes32(0));
    }

    function test_SubmitReturnsAndEmits() public {
        _both(_one(0), 1);
        Submission memory s = _submission(_two(3, 1), _roots(2, 9));
        bytes32 digest = keccak256(abi.encodePacked(s.data.nodes[0].root, s.data.nodes[1].root));
        vm.deal(alice, 1 ether);
        vm.expectEmit(address(flow));
        emit IFlow.Submit(alice, digest, 1, 8, 10, s.data);
        vm.prank(alice);
        (uint256 index, bytes32 d, uint256 start, uint256 length) = flow.submit{value: 10 * PRICE}(s);
        assertEq(index, 1);
        assertEq(d, digest);
        assertEq(start, 8);
        assertEq(length, 10);
    }

    function test_RevertWhen_FlowWouldExceed2To64Sectors() public {
        market.setPricePerSector(0);
        _submit(_submission(_one(63), _roots(1, 1))); // [2^63, 2^64)
        (uint256 len, uint256 levels) = flow.tree();
        assertEq(len, 1 << 64);
        assertEq(levels, 65);
        ref.place(_one(63), _roots(1, 1));
        assertEq(flow.root(), ref.root());
        Submission memory s = _submission(_one(0), _roots(1, 2));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Flow.FlowTooLong.selector, (uint256(1) << 64) + 1));
        flow.submit(s);
    }

    /*=== batchSubmit ===*/

    function test_BatchSubmitEqualsSequentialSubmits() public {
        Submission[] memory subs = new Submission[](4);
        subs[0] = _submission(_one(0), _roots(1, 1));
        subs[1] = _submission(_two(4, 3), _roots(2, 2));
        subs[2] = _submission(_one(10), _roots(1, 3));
        subs[3] = _submission(_two(2, 0), _roots(2, 4));
        uint256 fee = (1 + 24 + 1024 + 5) * PRICE;
        vm.deal(alice, fee);
        vm.prank(alice);
        (uint256[] memory indexes, bytes32[] memory digests, uint256[] memory starts, uint256[] memory lengths) =
            flow.batchSubmit{value: fee}(subs);
        assertEq(address(reward).balance, fee);

        Flow sequential = new Flow(payable(address(market)), address(reward), BPE, 0);
        for (uint256 i; i < 4; ++i) {
            vm.deal(alice, 1 ether);
            vm.prank(alice);
            (uint256 index, bytes32 digest, uint256 start, uint256 length) = sequential.submit{value: 1 ether}(subs[i]);
            assertEq(indexes[i], index);
            assertEq(digests[i], digest);
            assertEq(starts[i], start);
            assertEq(lengths[i], length);
            assertEq(flow.getFlowRootByTxSeq(i), sequential.getFlowRootByTxSeq(i));
        }
        assertEq(flow.root(), sequential.root());
        assertEq(flow.numSubmissions(), 4);
    }

    function test_BatchSubmitChecksTheFeeCumulatively() public {
        Submission[] memory subs = new Submission[](3);
        subs[0] = _submission(_one(2), _roots(1, 1)); // 4 sectors
        subs[1] = _submission(_one(3), _roots(1, 2)); // 8 sectors
        subs[2] = _submission(_one(0), _roots(1, 3)); // 1 sector
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        // 12 sectors paid: the third finds 0 left of its 1.
        vm.expectRevert(abi.encodeWithSelector(Flow.NotEnoughFee.selector, PRICE, 1, 0));
        flow.batchSubmit{value: 12 * PRICE}(subs);
        vm.prank(alice);
        // 10 sectors paid: the second finds 6 left of its 8.
        vm.expectRevert(abi.encodeWithSelector(Flow.NotEnoughFee.selector, PRICE, 8, 6 * PRICE));
        flow.batchSubmit{value: 10 * PRICE}(subs);
        vm.prank(alice);
        flow.batchSubmit{value: 13 * PRICE}(subs);
        assertEq(flow.numSubmissions(), 3);
    }

    function test_BatchSubmitRejectsAnInvalidItem() public {
        Submission[] memory subs = new Submission[](2);
        subs[0] = _submission(_one(2), _roots(1, 1));
        subs[1] = _submission(_one(2), _roots(1, 2));
        subs[1].submitter = address(0);
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        vm.expectRevert(Flow.InvalidSubmission.selector);
        flow.batchSubmit{value: 1 ether}(subs);
    }

    function test_EmptyBatch() public {
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        (uint256[] memory indexes,,,) = flow.batchSubmit{value: 5}(new Submission[](0));
        assertEq(indexes.length, 0);
        assertEq(flow.numSubmissions(), 0);
        assertEq(address(reward).balance, 5);
    }

    /*=== epochs ===*/

    function test_RevertWhen_NotLaunched() public {
        Flow later = new Flow(payable(address(market)), address(reward), BPE, 2000);
        Submission memory s = _submission(_one(0), _roots(1, 1));
        vm.deal(alice, 1 ether);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(Flow.NotLaunched.selector, 2000));
        later.submit{value: PRICE}(s);
        vm.expectRevert(abi.encodeWithSelector(Flow.NotLaunched.selector, 2000));
        later.batchSubmit{value: PRICE}(new Submission[](1));
        vm.expectRevert(abi.encodeWithSelector(Flow.NotLaunched.selector, 2000));
        later.makeContext();
        vm.roll(2000);
        later.submit{value: PRICE}(s);
        vm.stopPrank();
    }

    function test_EpochStartsAfterTheBoundaryBlock() public {
        _both(_one(0), 1);
        vm.roll(1000 + BPE); // the first block of epoch 1 itself: no context yet
        _both(_one(0), 2);
        assertEq(flow.epoch(), 0);

        vm.roll(1000 + BPE + 1);
        bytes32 rootBefore = flow.root();
        bytes32 blockDigest = blockhash(1000 + BPE);
        bytes32 digest = keccak256(abi.encode(blockDigest, rootBefore, uint256(3)));
        vm.expectEmit(address(flow));
        emit IFlow.NewEpoch(alice, 1, rootBefore, 2, 3, digest);
        _both(_one(0), 3); // the context is made before inserting

        MineContext memory ctx = flow.getContext();
        assertEq(ctx.epoch, 1);
        assertEq(ctx.mineStart, 1000 + BPE);
        assertEq(ctx.flowRoot, rootBefore);
        assertEq(ctx.flowLength, 3);
        assertEq(ctx.blockDigest, blockDigest);
        assertEq(ctx.digest, digest);
        assertEq(flow.epoch(), 1);
        EpochRange memory range = flow.getEpochRange(digest);
        assertEq(range.start, 0);
        assertEq(range.end, 3);
        assertEq(flow.epochStartPosition(), 3);

        // The next submission in the same epoch does not touch the context.
        _both(_one(0), 4);
        assertEq(flow.getContext().digest, digest);
    }

    function test_ElapsedEpochsAreSkippedInOneStep() public {
        _both(_one(0), 1);
        vm.roll(1000 + 7 * BPE + 5); // epochs 1..7 began; only 7 gets a context
        vm.recordLogs();
        flow.makeContext();
        assertEq(vm.getRecordedLogs().length, 1);
        assertEq(flow.epoch(), 7);
        assertEq(flow.getContext().mineStart, 1000 + 7 * BPE);
        assertEq(flow.getContext().flowLength, 2);
        // Nothing more to make in this epoch.
        vm.recordLogs();
        flow.makeContextFixedTimes(3);
        assertEq(vm.getRecordedLogs().length, 0);
    }

    function test_MakeContextWithResultAndRangeHistory() public {
        _both(_one(0), 1);
        vm.roll(1000 + BPE + 1);
        MineContext memory first = flow.makeContextWithResult();
        _both(_one(2), 2); // [4, 8)
        _both(_one(0), 3); // 8
        vm.roll(1000 + 2 * BPE + 1);
        MineContext memory second = flow.makeContextWithResult();
        assertEq(second.epoch, 2);
        assertEq(second.flowLength, 9);
        assertEq(second.flowRoot, ref.root());

        EpochRangeWithContextDigest memory h0 = flow.getEpochRangeHistory(0);
        EpochRangeWithContextDigest memory h1 = flow.getEpochRangeHistory(1);
        assertEq(h0.digest, first.digest);
        assertEq(h0.start, 0);
        assertEq(h0.end, 2);
        assertEq(h1.digest, second.digest);
        assertEq(h1.start, 2);
        assertEq(h1.end, 9);

        EpochRangeWithContextDigest memory found = flow.queryContextAtPosition(5);
        assertEq(found.digest, second.digest);
        found = flow.queryContextAtPosition(1);
        assertEq(found.digest, first.digest);
        _both(_one(0), 4); // position 9, in the open range
        vm.expectRevert(abi.encodeWithSelector(Flow.NoContextAtPosition.selector, 9));
        flow.queryContextAtPosition(9);
    }

    function test_BlockHashFromTheHistoryContract() public {
        // 300 blocks per epoch: the epoch start is more than 256 blocks back when its context is made.
        Flow slow = new Flow(payable(address(new FeeSink())), address(new FeeSink()), 300, 0);
        vm.etch(0x0000F90827F1C53a10cb7A02335B175320002935, address(new FakeHistory()).code);
        vm.roll(1000 + 300 + 290);
        slow.makeContext();
        MineContext memory ctx = slow.getContext();
        assertEq(ctx.mineStart, 1300);
        assertEq(ctx.blockDigest, keccak256(abi.encode("history", uint256(1300))));
        assertEq(ctx.digest, keccak256(abi.encode(ctx.blockDigest, bytes32(0), uint256(1))));
    }

    function test_ContextWithoutBlockHashHasNoDigest() public {
        // More than 8191 blocks after the epoch start: 0G's empty context, no epoch range.
        Flow slow = new Flow(payable(address(new FeeSink())), address(new FeeSink()), 10_000, 0);
        vm.roll(1000 + 10_000 + 8192);
        slow.makeContext();
        MineContext memory ctx = slow.getContext();
        assertEq(ctx.epoch, 1);
        assertEq(ctx.digest, EMPTY_HASH);
        assertEq(ctx.blockDigest, EMPTY_HASH);
        assertEq(slow.epochStartPosition(), 0);
    }

    /*=== fuzz: the root against the reference ===*/

    function testFuzz_RootMatchesReference(uint256 seed) public {
        market.setPricePerSector(0);
        uint256 steps = 8 + (seed % 17);
        for (uint256 j; j < steps; ++j) {
            seed = uint256(keccak256(abi.encode(seed)));
            uint256 h0 = (seed >> 8) % 3 == 0 ? (seed >> 16) % 14 : (seed >> 16) % 5;
            uint256[] memory heights = new uint256[](4);
            heights[0] = h0;
            uint256 n = 1;
            for (uint256 d = 1; d <= 3; ++d) {
                if ((seed >> (24 + d)) & 1 == 1 && h0 >= d) heights[n++] = h0 - d;
            }
            assembly {
                mstore(heights, n)
            }
            _both(heights, seed);
            assertEq(flow.getFlowRootByTxSeq(j), ref.root());
        }
    }

    function testFuzz_BatchRootMatchesReference(uint256 seed) public {
        market.setPricePerSector(0);
        uint256 count = 1 + (seed % 6);
        Submission[] memory subs = new Submission[](count);
        for (uint256 j; j < count; ++j) {
            seed = uint256(keccak256(abi.encode(seed)));
            uint256 h0 = (seed >> 16) % 11;
            uint256[] memory heights = _one(h0);
            if ((seed >> 8) & 1 == 1 && h0 > 0) heights = _two(h0, h0 - 1 - ((seed >> 12) % (h0 < 3 ? h0 : 3)));
            bytes32[] memory roots = _roots(heights.length, seed);
            subs[j] = _submission(heights, roots);
            ref.place(heights, roots);
        }
        vm.prank(alice);
        flow.batchSubmit(subs);
        assertEq(flow.root(), ref.root());
    }
}
