// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {Reward} from "./Reward.sol";

contract Rejecting {
    receive() external payable {
        revert("no");
    }
}

contract RewardTest is Test {
    uint256 internal constant L = 3200; // lifetime; buckets of 100 s
    uint256 internal constant T0 = 1_000_050; // mid-bucket

    Reward internal reward;
    address internal mine = makeAddr("mine");
    address payable internal miner = payable(makeAddr("miner"));

    function setUp() public {
        vm.warp(T0);
        reward = new Reward(mine, L);
    }

    function _fill(uint256 amount) internal {
        vm.deal(address(this), amount);
        reward.fillReward{value: amount}();
    }

    function test_Parameters() public {
        assertEq(reward.lifetimeSeconds(), L);
        assertEq(reward.bucketSeconds(), 100);
        assertEq(reward.mine(), mine);
        assertEq(new Reward(mine, 10).bucketSeconds(), 1);
        vm.expectRevert(Reward.InvalidParameters.selector);
        new Reward(mine, 0);
        vm.expectRevert(Reward.InvalidParameters.selector);
        new Reward(mine, (uint256(32) << 32) + 1);
    }

    function test_SingleDepositReleasesLinearly() public {
        _fill(3200 ether);
        assertEq(reward.releasedReward(), 0);
        vm.warp(T0 + 1);
        assertEq(reward.releasedReward(), 1 ether);
        vm.warp(T0 + 800);
        assertEq(reward.releasedReward(), 800 ether);
        vm.warp(T0 + L - 1);
        assertEq(reward.releasedReward(), 3199 ether);
        vm.warp(T0 + L);
        assertEq(reward.releasedReward(), 3200 ether);
        vm.warp(T0 + 10 * L);
        assertEq(reward.releasedReward(), 3200 ether);
        assertEq(reward.totalFilled(), 3200 ether);
    }

    function test_DepositsInDifferentBucketsReleaseIndependently() public {
        _fill(3200 ether);
        vm.warp(T0 + 250);
        _fill(6400 ether); // closes the first bucket
        vm.warp(T0 + 1000);
        // 3200 * 1000 / 3200 + 6400 * 750 / 3200
        assertEq(reward.releasedReward(), 1000 ether + 1500 ether);
        vm.warp(T0 + L); // the first deposit is fully released
        assertEq(reward.releasedReward(), 3200 ether + 6400 ether * (L - 250) / L);
        vm.warp(T0 + 250 + L);
        assertEq(reward.releasedReward(), 9600 ether);
    }

    function test_ClaimPaysHalfOfTheClaimable() public {
        _fill(3200 ether);
        vm.warp(T0 + 1600); // 1600 ether released
        vm.prank(mine);
        vm.expectEmit(address(reward));
        emit Reward.RewardPaid(bytes32(uint256(7)), miner, 800 ether);
        assertEq(reward.claimMineReward(miner, bytes32(uint256(7))), 800 ether);
        assertEq(miner.balance, 800 ether);
        assertEq(reward.claimableReward(), 800 ether);
        vm.prank(mine);
        assertEq(reward.claimMineReward(miner, bytes32(uint256(8))), 400 ether);
        assertEq(reward.totalDistributed(), 1200 ether);
        assertEq(address(reward).balance, 2000 ether);
    }

    function test_ClaimOfAnEmptyPoolPaysNothing() public {
        vm.prank(mine);
        assertEq(reward.claimMineReward(miner, bytes32(0)), 0);
        assertEq(miner.balance, 0);
    }

    function test_RevertWhen_ClaimNotFromMine() public {
        vm.expectRevert(abi.encodeWithSelector(Reward.NotMine.selector, address(this)));
        reward.claimMineReward(miner, bytes32(0));
    }

    function test_RevertWhen_BeneficiaryRejectsTheReward() public {
        _fill(3200 ether);
        vm.warp(T0 + 100);
        address payable rejecting = payable(address(new Rejecting()));
        vm.prank(mine);
        vm.expectRevert(abi.encodeWithSelector(Reward.RewardTransferFailed.selector, rejecting, 50 ether));
        reward.claimMineReward(rejecting, bytes32(0));
    }

    function test_PlainTransfersAreDeposits() public {
        vm.deal(address(this), 1 ether);
        (bool ok,) = address(reward).call{value: 1 ether}("");
        assertTrue(ok);
        assertEq(reward.totalFilled(), 1 ether);
    }

    function test_ManyBucketsAreRetired() public {
        for (uint256 i; i < 100; ++i) {
            _fill(1 ether);
            vm.warp(block.timestamp + 150);
        }
        vm.warp(block.timestamp + 2 * L);
        assertEq(reward.releasedReward(), 100 ether);
        vm.prank(mine);
        assertEq(reward.claimMineReward(miner, bytes32(0)), 50 ether);
        _fill(1 ether); // a new bucket after everything was retired
        vm.warp(block.timestamp + L);
        assertEq(reward.releasedReward(), 101 ether);
    }

    struct Deposit {
        uint256 amount;
        uint256 time;
    }

    /// `released` is never below the exact per-deposit linear release and never above the release
    /// as if each deposit had been made at the start of its bucket; it never decreases, and claims
    /// never pay more than was released.
    function testFuzz_ReleaseIsLinearWithinBucketPrecision(uint256 seed) public {
        Deposit[] memory deposits = new Deposit[](16);
        uint256 n;
        uint256 previous;
        uint256 distributed;
        for (uint256 step; step < 40; ++step) {
            seed = uint256(keccak256(abi.encode(seed)));
            uint256 action = seed % 4;
            if (action == 0) vm.warp(block.timestamp + (seed >> 8) % 30);
            else if (action == 1) vm.warp(block.timestamp + (seed >> 8) % (2 * L));
            if (action != 1 && n < deposits.length && (seed >> 64) % 3 != 0) {
                uint256 amount = 1 + (seed >> 96) % 1e24;
                _fill(amount);
                deposits[n++] = Deposit(amount, block.timestamp);
            }
            if ((seed >> 200) % 5 == 0) {
                vm.prank(mine);
                distributed += reward.claimMineReward(miner, bytes32(step));
            }
            uint256 released = reward.releasedReward();
            uint256 low;
            uint256 high;
            for (uint256 i; i < n; ++i) {
                uint256 elapsed = block.timestamp - deposits[i].time;
                low += deposits[i].amount * (elapsed < L ? elapsed : L) / L;
                uint256 fromBucket = block.timestamp - deposits[i].time / 100 * 100;
                high += (deposits[i].amount * (fromBucket < L ? fromBucket : L) + L - 1) / L;
            }
            assertGe(released, low, "below the exact release");
            assertLe(released, high, "above the bucket-start release");
            assertGe(released, previous, "decreased");
            previous = released;
            assertEq(reward.totalDistributed(), distributed);
            assertLe(distributed, released);
            assertEq(address(reward).balance, reward.totalFilled() - distributed);
        }
    }
}
