// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {MineContext} from "./IFlow.sol";
import {Mine, PoraAnswer} from "./Mine.sol";
import {MinerStake} from "./MinerStake.sol";
import {Reward} from "./Reward.sol";
import {FlowTreeReference, StorageTestBase} from "./StorageTestBase.t.sol";

contract MineTest is StorageTestBase {
    uint256 internal constant BPE = 10;
    uint256 internal constant FILES = 20; // 1-chunk files at positions 1..20
    uint256 internal constant MAX = type(uint256).max;

    FlowTreeReference internal ref;
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");

    function setUp() public {
        vm.roll(1000);
        vm.warp(1_000_000);
        _deploy(1e12, BPE, 0, 2, 1);
        ref = new FlowTreeReference();
        for (uint256 i = 1; i <= FILES; ++i) {
            bytes memory sector = _sector(i);
            bytes32[] memory roots = new bytes32[](1);
            roots[0] = keccak256(sector);
            _submit(_submission(_one(0), roots));
            ref.place(_one(0), roots);
        }
        // An 8-sector node (data unknown to the test) aligned to 24: positions 21..23 stay empty.
        bytes32[] memory big = _roots(1, 99);
        _submit(_submission(_one(3), big));
        ref.place(_one(3), big);
        vm.warp(block.timestamp + 100); // some of the fees are released
    }

    function _sector(uint256 position) internal pure returns (bytes memory sector) {
        for (uint256 i; i < 8; ++i) sector = abi.encodePacked(sector, keccak256(abi.encode("sector", position, i)));
    }

    function _register(address who, uint64 seed) internal returns (bytes32 minerId) {
        vm.deal(who, who.balance + 1 ether);
        vm.prank(who);
        minerId = mine.requestMinerId{value: 1 ether}(who, seed);
    }

    /// Rolls into the next epoch and makes its context.
    function _nextEpoch() internal returns (MineContext memory ctx) {
        vm.roll(flow.firstBlock() + (flow.epoch() + 1) * BPE + 1);
        vm.warp(block.timestamp + 10 * BPE);
        flow.makeContext();
        ctx = flow.getContext();
        assertEq(ctx.flowRoot, ref.root());
    }

    enum Kind {
        Data,
        Gap
    }

    /// The off-chain miner: the first nonce from `from` that recalls a sector of `kind` (and, for
    /// data, has an output within the target).
    function _answer(bytes32 minerId, Kind kind, uint256 from) internal view returns (PoraAnswer memory a) {
        return _answerWithin(minerId, kind, from, mine.poraTarget());
    }

    function _answerWithin(bytes32 minerId, Kind kind, uint256 from, uint256 target)
        internal
        view
        returns (PoraAnswer memory a)
    {
        MineContext memory ctx = flow.getContext();
        for (uint256 i = from; i < from + 200_000; ++i) {
            bytes32 nonce = bytes32(i);
            uint256 position = uint256(keccak256(abi.encode(ctx.digest, minerId, nonce))) % ctx.flowLength;
            bool isData = position >= 1 && position <= FILES;
            bool isGap = position > FILES && position < 24;
            if ((kind == Kind.Data && !isData) || (kind == Kind.Gap && !isGap)) continue;
            bytes memory sector = kind == Kind.Data ? _sector(position) : new bytes(256);
            bytes32 output = keccak256(abi.encodePacked(ctx.digest, nonce, minerId, sector));
            if (kind == Kind.Data && uint256(output) > target) continue;
            return PoraAnswer(ctx.digest, nonce, minerId, position, sector, ref.proof(position));
        }
        revert("no answer found");
    }

    /*=== registration ===*/

    function test_RequestMinerId() public {
        bytes32 expected = keccak256(abi.encodePacked(blockhash(block.number - 1), bob, uint64(5)));
        vm.deal(bob, 2 ether);
        vm.expectEmit(address(mine));
        emit MinerStake.StakeDeposited(expected, 2 ether);
        vm.expectEmit(address(mine));
        emit Mine.NewMinerId(expected, carol);
        vm.prank(bob);
        bytes32 id = mine.requestMinerId{value: 2 ether}(carol, 5);
        assertEq(id, expected);
        (address owner, address beneficiary, uint256 last, bool active, uint256 stake) = mine.miners(id);
        assertEq(owner, bob);
        assertEq(beneficiary, carol);
        assertEq(last, 0);
        assertTrue(active);
        assertEq(stake, 2 ether);
        assertEq(mine.stakeOf(id), 2 ether);
        assertEq(mine.beneficiaries(id), carol);
        assertEq(address(mine).balance, 2 ether);
    }

    function test_RevertWhen_StakeTooLow() public {
        vm.deal(bob, 1 ether);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(MinerStake.InsufficientStake.selector, 1 ether, 0.5 ether));
        mine.requestMinerId{value: 0.5 ether}(bob, 1);
    }

    function test_RevertWhen_RegistrationIsInvalid() public {
        vm.deal(bob, 3 ether);
        vm.startPrank(bob);
        vm.expectRevert(Mine.InvalidBeneficiary.selector);
        mine.requestMinerId{value: 1 ether}(address(0), 1);
        bytes32 id = mine.requestMinerId{value: 1 ether}(bob, 1);
        vm.expectRevert(abi.encodeWithSelector(Mine.MinerIdTaken.selector, id));
        mine.requestMinerId{value: 1 ether}(bob, 1);
        vm.stopPrank();
    }

    function test_SetBeneficiary() public {
        bytes32 id = _register(bob, 1);
        vm.expectRevert(abi.encodeWithSelector(Mine.NotMinerOwner.selector, id, carol));
        vm.prank(carol);
        mine.setBeneficiary(id, carol);
        vm.expectEmit(address(mine));
        emit Mine.UpdateMinerId(id, bob, carol);
        vm.prank(bob);
        mine.setBeneficiary(id, carol);
        assertEq(mine.beneficiaries(id), carol);
    }

    function test_ExitMinerReturnsTheStakeAndEndsTheId() public {
        bytes32 id = _register(bob, 1);
        vm.prank(carol);
        vm.expectRevert(abi.encodeWithSelector(Mine.NotMinerOwner.selector, id, carol));
        mine.exitMiner(id);
        vm.prank(bob);
        mine.exitMiner(id);
        assertEq(bob.balance, 1 ether);
        assertEq(mine.stakeOf(id), 0);
        _nextEpoch();
        PoraAnswer memory a = _answer(id, Kind.Data, 0);
        vm.expectRevert(abi.encodeWithSelector(Mine.UnknownMiner.selector, id));
        mine.submit(a);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(Mine.UnknownMiner.selector, id));
        mine.exitMiner(id);
    }

    /*=== answers ===*/

    function test_CorrectAnswerIsRewarded() public {
        bytes32 id = _register(bob, 1);
        vm.prank(bob);
        mine.setBeneficiary(id, carol);
        MineContext memory ctx = _nextEpoch();
        PoraAnswer memory a = _answer(id, Kind.Data, 0);
        uint256 expected = reward.claimableReward() / 2;
        assertGt(expected, 0);
        vm.expectEmit(address(mine));
        emit Mine.NewSubmission(ctx.epoch, id, 0, a.recallPosition);
        vm.expectEmit(address(reward));
        emit Reward.RewardPaid(id, carol, expected);
        uint256 paid = mine.submit(a); // anyone may send it; the beneficiary is paid
        assertEq(paid, expected);
        assertEq(carol.balance, expected);
        assertEq(mine.currentSubmissions(), 1);
        assertEq(mine.lastMinedEpoch(), ctx.epoch);
        (,, uint256 last,,) = mine.miners(id);
        assertEq(last, ctx.epoch);
        assertEq(mine.recallPosition(ctx.digest, id, a.nonce, ctx.flowLength), a.recallPosition);
    }

    function test_RevertWhen_UnknownMiner() public {
        _nextEpoch();
        PoraAnswer memory a = _answer(bytes32(uint256(1)), Kind.Data, 0);
        vm.expectRevert(abi.encodeWithSelector(Mine.UnknownMiner.selector, bytes32(uint256(1))));
        mine.submit(a);
    }

    function test_RevertWhen_NoContextYet() public {
        bytes32 id = _register(bob, 1);
        MineContext memory ctx = flow.getContext(); // epoch 0: digest keccak256("")
        PoraAnswer memory a = PoraAnswer(ctx.digest, bytes32(0), id, 1, _sector(1), ref.proof(1));
        vm.expectRevert(Mine.NoMiningContext.selector);
        mine.submit(a);
    }

    function test_RevertWhen_WrongSector() public {
        bytes32 id = _register(bob, 1);
        _nextEpoch();
        PoraAnswer memory a = _answer(id, Kind.Data, 0);
        a.sectorData[100] = bytes1(uint8(a.sectorData[100]) ^ 1);
        vm.expectRevert(Mine.InvalidProof.selector);
        mine.submit(a);
        a.sectorData = new bytes(255);
        vm.expectRevert(abi.encodeWithSelector(Mine.InvalidSectorLength.selector, 255));
        mine.submit(a);
    }

    function test_RevertWhen_WrongProof() public {
        bytes32 id = _register(bob, 1);
        _nextEpoch();
        PoraAnswer memory a = _answer(id, Kind.Data, 0);
        bytes32[] memory proof = a.merkleProof;
        proof[proof.length - 1] = keccak256(abi.encode(proof[proof.length - 1]));
        vm.expectRevert(Mine.InvalidProof.selector);
        mine.submit(a);

        PoraAnswer memory b = _answer(id, Kind.Data, 0);
        bytes32[] memory longer = new bytes32[](b.merkleProof.length + 1);
        for (uint256 i; i < b.merkleProof.length; ++i) longer[i] = b.merkleProof[i];
        b.merkleProof = longer;
        vm.expectRevert(abi.encodeWithSelector(Mine.InvalidProofLength.selector, 5, 6));
        mine.submit(b);
    }

    function test_RevertWhen_WrongRecallPosition() public {
        bytes32 id = _register(bob, 1);
        _nextEpoch();
        PoraAnswer memory a = _answer(id, Kind.Data, 0);
        uint256 position = a.recallPosition;
        a.recallPosition = position == 1 ? 2 : position - 1;
        vm.expectRevert(abi.encodeWithSelector(Mine.WrongRecallPosition.selector, position, a.recallPosition));
        mine.submit(a);
    }

    function test_RevertWhen_EmptySector() public {
        bytes32 id = _register(bob, 1);
        _nextEpoch();
        PoraAnswer memory a = _answer(id, Kind.Gap, 0); // a valid proof of a zero sector
        vm.expectRevert(Mine.EmptySector.selector);
        mine.submit(a);
    }

    function test_RevertWhen_StaleContext() public {
        bytes32 id = _register(bob, 1);
        _nextEpoch();
        PoraAnswer memory a = _answer(id, Kind.Data, 0);
        vm.roll(block.number + BPE); // the answer's epoch is over; submit makes the next context
        bytes32 old = a.contextDigest;
        vm.expectRevert(); // StaleContext(new digest, old digest): the new digest is made inside the call
        mine.submit(a);
        flow.makeContext();
        vm.expectRevert(abi.encodeWithSelector(Mine.StaleContext.selector, flow.getContext().digest, old));
        mine.submit(a);
    }

    function test_RevertWhen_OutputAboveTarget() public {
        bytes32 id = _register(bob, 1);
        _nextEpoch();
        PoraAnswer memory a = _answer(id, Kind.Data, 0);
        mine.setPoraTarget(0);
        bytes32 output = keccak256(abi.encodePacked(a.contextDigest, a.nonce, id, a.sectorData));
        assertEq(mine.poraOutput(a.contextDigest, a.nonce, id, a.sectorData), output);
        vm.expectRevert(abi.encodeWithSelector(Mine.AboveTarget.selector, output, 0));
        mine.submit(a);
    }

    function test_RevertWhen_AnsweringTwiceInAnEpoch() public {
        bytes32 id = _register(bob, 1);
        MineContext memory ctx = _nextEpoch();
        PoraAnswer memory a = _answer(id, Kind.Data, 0);
        mine.submit(a);
        PoraAnswer memory b = _answer(id, Kind.Data, uint256(a.nonce) + 1);
        vm.expectRevert(abi.encodeWithSelector(Mine.AlreadyRewarded.selector, id, ctx.epoch));
        mine.submit(b);
        vm.expectRevert(abi.encodeWithSelector(Mine.AlreadyRewarded.selector, id, ctx.epoch));
        mine.submit(a);
        // Next epoch it may answer again.
        _nextEpoch();
        mine.submit(_answer(id, Kind.Data, 0));
    }

    function test_RevertWhen_EpochIsFull() public {
        MineContext memory ctx = _nextEpoch();
        for (uint64 i; i < 4; ++i) {
            bytes32 id = _register(address(uint160(0x1000 + i)), i);
            mine.submit(_answer(id, Kind.Data, 0));
        }
        bytes32 fifth = _register(address(0x2000), 9);
        PoraAnswer memory a = _answer(fifth, Kind.Data, 0);
        vm.expectRevert(abi.encodeWithSelector(Mine.EpochFull.selector, ctx.epoch));
        mine.submit(a);
    }

    /*=== difficulty ===*/

    function test_DifficultyRisesWhenThereAreTooManyAnswers() public {
        _nextEpoch();
        for (uint64 i; i < 4; ++i) mine.submit(_answer(_register(address(uint160(0x1000 + i)), i), Kind.Data, 0));
        assertEq(mine.poraTarget(), MAX);
        // 4 answers for a target of 2: the target moves a quarter of the way to MAX * 2 / 4.
        MineContext memory ctx = _nextEpoch();
        uint256 expected = MAX - MAX / 4 + (MAX / 2) / 4;
        bytes32 id = _register(bob, 1);
        PoraAnswer memory a = _answerWithin(id, Kind.Data, 0, expected); // the target of the new epoch
        vm.expectEmit(address(mine));
        emit Mine.PoraTargetUpdated(ctx.epoch, MAX, expected);
        mine.submit(a);
        assertEq(mine.poraTarget(), expected);
        assertEq(mine.currentSubmissions(), 1);
    }

    function test_DifficultyFallsWithTooFewAnswersAndIdleEpochs() public {
        uint256 target = MAX / 64;
        mine.setPoraTarget(target);
        bytes32 id = _register(bob, 1);
        _nextEpoch();
        mine.submit(_answer(id, Kind.Data, 0)); // 1 answer for a target of 2
        _nextEpoch(); // nobody answers in this epoch
        _nextEpoch();
        mine.submit(_answer(id, Kind.Data, 0));
        // A quarter of the way to twice the target, then doubled for the idle epoch.
        uint256 adjusted = target - target / 4 + (target * 2) / 4;
        assertEq(mine.poraTarget(), adjusted * 2);
    }

    function test_IdleEpochsSaturateAtTheMaximumTarget() public {
        _nextEpoch();
        bytes32 id = _register(bob, 1);
        mine.submit(_answer(id, Kind.Data, 0));
        // Many idle epochs saturate at the maximum target.
        for (uint256 i; i < 3; ++i) _nextEpoch();
        mine.submit(_answer(id, Kind.Data, 0));
        assertEq(mine.poraTarget(), MAX);
    }

    function test_OwnerParameters() public {
        vm.expectEmit(address(mine));
        emit Mine.TargetSubmissionsUpdated(2, 5);
        mine.setTargetSubmissions(5);
        assertEq(mine.targetSubmissions(), 5);
        vm.expectRevert(Mine.InvalidParameters.selector);
        mine.setTargetSubmissions(0);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, bob));
        mine.setPoraTarget(1);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, bob));
        mine.setTargetSubmissions(1);
        assertEq(address(mine.flow()), address(flow));
        assertEq(address(mine.reward()), address(reward));
        assertEq(mine.minimumStake(), 1 ether);
    }

    function test_RevertWhen_InvalidConstructorArguments() public {
        vm.expectRevert(Mine.InvalidParameters.selector);
        new Mine(address(this), address(flow), address(reward), 0, 0, 1);
        vm.expectRevert(Mine.InvalidParameters.selector);
        new Mine(address(this), address(flow), address(reward), 1, 0, 0);
    }
}
