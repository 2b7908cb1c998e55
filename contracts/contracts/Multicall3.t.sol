// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {Multicall3} from "./Multicall3.sol";

/// A call target: echoes, reverts with a custom error, and takes payments.
contract Target {
    error Boom(uint256 id);

    uint256 public received;

    function echo(uint256 x) external pure returns (uint256) {
        return x;
    }

    function fail(uint256 id) external pure {
        revert Boom(id);
    }

    function sender() external view returns (address) {
        return msg.sender;
    }

    function pay(bool shouldFail, uint256 id) external payable returns (uint256) {
        if (shouldFail) revert Boom(id);
        received += msg.value;
        return msg.value;
    }
}

contract Multicall3Test is Test {
    /// Where every chain (and the devnet) has Multicall3.
    address internal constant CANONICAL = 0xcA11bde05977b3631167028862bE2a173976CA11;
    bytes internal constant CALL_FAILED = "Multicall3: call failed";
    bytes internal constant VALUE_MISMATCH = "Multicall3: value mismatch";

    Multicall3 internal mc;
    Target internal target;

    function setUp() public {
        // Placed like the devnet does it: runtime code only, no constructor run.
        vm.etch(CANONICAL, type(Multicall3).runtimeCode);
        mc = Multicall3(CANONICAL);
        target = new Target();
    }

    function _echo(uint256 x) internal view returns (Multicall3.Call memory) {
        return Multicall3.Call(address(target), abi.encodeCall(Target.echo, (x)));
    }

    function _fail(uint256 id) internal view returns (Multicall3.Call memory) {
        return Multicall3.Call(address(target), abi.encodeCall(Target.fail, (id)));
    }

    function _boom(uint256 id) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(Target.Boom.selector, id);
    }

    function test_DeployedCodeIsTheRuntimeCode() public {
        Multicall3 deployed = new Multicall3();
        assertEq(address(deployed).code, type(Multicall3).runtimeCode);
    }

    function test_Selectors() public pure {
        // The canonical Multicall3 selectors that viem and other tooling call.
        assertEq(Multicall3.aggregate.selector, bytes4(0x252dba42));
        assertEq(Multicall3.tryAggregate.selector, bytes4(0xbce38bd7));
        assertEq(Multicall3.tryBlockAndAggregate.selector, bytes4(0x399542e9));
        assertEq(Multicall3.blockAndAggregate.selector, bytes4(0xc3077fa9));
        assertEq(Multicall3.aggregate3.selector, bytes4(0x82ad56cb));
        assertEq(Multicall3.aggregate3Value.selector, bytes4(0x174dea71));
        assertEq(Multicall3.getBasefee.selector, bytes4(0x3e64a696));
        assertEq(Multicall3.getBlockHash.selector, bytes4(0xee82ac5e));
        assertEq(Multicall3.getBlockNumber.selector, bytes4(0x42cbb15c));
        assertEq(Multicall3.getChainId.selector, bytes4(0x3408e470));
        assertEq(Multicall3.getCurrentBlockCoinbase.selector, bytes4(0xa8b0574e));
        assertEq(Multicall3.getCurrentBlockDifficulty.selector, bytes4(0x72425d9d));
        assertEq(Multicall3.getCurrentBlockGasLimit.selector, bytes4(0x86d516e8));
        assertEq(Multicall3.getCurrentBlockTimestamp.selector, bytes4(0x0f28c97d));
        assertEq(Multicall3.getEthBalance.selector, bytes4(0x4d2301cc));
        assertEq(Multicall3.getLastBlockHash.selector, bytes4(0x27e86d6e));
    }

    function test_Aggregate() public {
        vm.roll(42);
        Multicall3.Call[] memory calls = new Multicall3.Call[](3);
        calls[0] = _echo(7);
        calls[1] = _echo(8);
        calls[2] = Multicall3.Call(address(target), abi.encodeCall(Target.sender, ()));
        (uint256 blockNumber, bytes[] memory returnData) = mc.aggregate(calls);
        assertEq(blockNumber, 42);
        assertEq(returnData.length, 3);
        assertEq(abi.decode(returnData[0], (uint256)), 7);
        assertEq(abi.decode(returnData[1], (uint256)), 8);
        assertEq(abi.decode(returnData[2], (address)), CANONICAL);
    }

    function test_RevertWhen_AggregateCallFails() public {
        Multicall3.Call[] memory calls = new Multicall3.Call[](2);
        calls[0] = _echo(1);
        calls[1] = _fail(2);
        vm.expectRevert(CALL_FAILED);
        mc.aggregate(calls);
    }

    function test_TryAggregate() public {
        Multicall3.Call[] memory calls = new Multicall3.Call[](2);
        calls[0] = _fail(5);
        calls[1] = _echo(6);
        Multicall3.Result[] memory results = mc.tryAggregate(false, calls);
        assertFalse(results[0].success);
        assertEq(results[0].returnData, _boom(5));
        assertTrue(results[1].success);
        assertEq(abi.decode(results[1].returnData, (uint256)), 6);

        vm.expectRevert(CALL_FAILED);
        mc.tryAggregate(true, calls);
    }

    function test_TryBlockAndAggregate() public {
        vm.roll(100);
        Multicall3.Call[] memory calls = new Multicall3.Call[](2);
        calls[0] = _echo(1);
        calls[1] = _fail(2);
        (uint256 blockNumber, bytes32 blockHash, Multicall3.Result[] memory results) =
            mc.tryBlockAndAggregate(false, calls);
        assertEq(blockNumber, 100);
        assertEq(blockHash, blockhash(100));
        assertTrue(results[0].success);
        assertFalse(results[1].success);
        assertEq(results[1].returnData, _boom(2));
    }

    function test_BlockAndAggregate() public {
        vm.roll(7);
        Multicall3.Call[] memory calls = new Multicall3.Call[](1);
        calls[0] = _echo(9);
        (uint256 blockNumber,, Multicall3.Result[] memory results) = mc.blockAndAggregate(calls);
        assertEq(blockNumber, 7);
        assertEq(abi.decode(results[0].returnData, (uint256)), 9);

        calls[0] = _fail(9);
        vm.expectRevert(CALL_FAILED);
        mc.blockAndAggregate(calls);
    }

    function test_Getters() public {
        vm.roll(1234);
        vm.warp(1_700_000_000);
        vm.fee(7 gwei);
        vm.chainId(16602);
        vm.coinbase(address(0xC0FFEE));
        vm.prevrandao(uint256(0xabcdef));
        vm.deal(address(0xBEEF), 3 ether);

        assertEq(mc.getBlockNumber(), 1234);
        assertEq(mc.getCurrentBlockTimestamp(), 1_700_000_000);
        assertEq(mc.getBasefee(), 7 gwei);
        assertEq(mc.getChainId(), 16602);
        assertEq(mc.getCurrentBlockCoinbase(), address(0xC0FFEE));
        assertEq(mc.getCurrentBlockDifficulty(), 0xabcdef);
        assertEq(mc.getCurrentBlockGasLimit(), block.gaslimit);
        assertEq(mc.getEthBalance(address(0xBEEF)), 3 ether);
        assertEq(mc.getBlockHash(1000), blockhash(1000));
        assertEq(mc.getLastBlockHash(), blockhash(1233));
        assertEq(mc.getBlockHash(1234), bytes32(0));
    }

    function test_LastBlockHashInGenesisIsZero() public {
        vm.roll(0);
        assertEq(mc.getLastBlockHash(), bytes32(0));
    }

    function test_UsesNoStorage() public {
        Multicall3.Call3[] memory calls = new Multicall3.Call3[](2);
        calls[0] = Multicall3.Call3(address(target), false, abi.encodeCall(Target.echo, (1)));
        calls[1] = Multicall3.Call3(address(target), true, abi.encodeCall(Target.fail, (2)));
        vm.record();
        mc.aggregate3(calls);
        mc.getBlockNumber();
        (bytes32[] memory reads, bytes32[] memory writes) = vm.accesses(CANONICAL);
        assertEq(reads.length, 0);
        assertEq(writes.length, 0);
    }

    /// Call i echoes i, or reverts with Boom(i) when bit i of `failMask` is set; bit i of
    /// `allowMask` is its allowFailure. The batch reverts iff some call fails without allowFailure.
    function testFuzz_Aggregate3_AllowFailureMix(uint8 count, uint16 failMask, uint16 allowMask) public {
        count = uint8(bound(count, 0, 16));
        Multicall3.Call3[] memory calls = new Multicall3.Call3[](count);
        bool expectRevert = false;
        for (uint256 i = 0; i < count; ++i) {
            bool fails = (failMask >> i) & 1 == 1;
            bool allowed = (allowMask >> i) & 1 == 1;
            bytes memory data = fails ? abi.encodeCall(Target.fail, (i)) : abi.encodeCall(Target.echo, (i));
            calls[i] = Multicall3.Call3(address(target), allowed, data);
            if (fails && !allowed) expectRevert = true;
        }

        if (expectRevert) {
            vm.expectRevert(CALL_FAILED);
            mc.aggregate3(calls);
            return;
        }

        Multicall3.Result[] memory results = mc.aggregate3(calls);
        assertEq(results.length, count);
        for (uint256 i = 0; i < count; ++i) {
            bool fails = (failMask >> i) & 1 == 1;
            assertEq(results[i].success, !fails);
            assertEq(results[i].returnData, fails ? _boom(i) : abi.encode(i));
        }
    }

    /// Each call pays `values[i]`; the calls flagged in `failMask` revert (allowed), so their value
    /// stays in Multicall3 while the rest reaches the target.
    function testFuzz_Aggregate3Value_Accounting(uint64[6] memory values, uint8 failMask) public {
        Multicall3.Call3Value[] memory calls = new Multicall3.Call3Value[](values.length);
        uint256 total = 0;
        uint256 paid = 0;
        for (uint256 i = 0; i < values.length; ++i) {
            bool fails = (failMask >> i) & 1 == 1;
            calls[i] = Multicall3.Call3Value(
                address(target), fails, values[i], abi.encodeCall(Target.pay, (fails, i))
            );
            total += values[i];
            if (!fails) paid += values[i];
        }
        address caller = makeAddr("caller");
        vm.deal(caller, total);

        vm.prank(caller);
        Multicall3.Result[] memory results = mc.aggregate3Value{value: total}(calls);

        assertEq(caller.balance, 0);
        assertEq(target.received(), paid);
        assertEq(address(target).balance, paid);
        assertEq(CANONICAL.balance, total - paid);
        for (uint256 i = 0; i < values.length; ++i) {
            bool fails = (failMask >> i) & 1 == 1;
            assertEq(results[i].success, !fails);
            assertEq(results[i].returnData, fails ? _boom(i) : abi.encode(uint256(values[i])));
        }
    }

    /// Sending anything but the exact sum of the calls' values reverts the batch, even when
    /// Multicall3 holds enough stray value to cover the calls.
    function testFuzz_RevertWhen_Aggregate3ValueMismatch(uint64[3] memory values, uint256 sent) public {
        Multicall3.Call3Value[] memory calls = new Multicall3.Call3Value[](values.length);
        uint256 total = 0;
        for (uint256 i = 0; i < values.length; ++i) {
            calls[i] = Multicall3.Call3Value(address(target), false, values[i], abi.encodeCall(Target.pay, (false, i)));
            total += values[i];
        }
        sent = bound(sent, 0, 2 * total + 1);
        vm.assume(sent != total);
        vm.deal(CANONICAL, total); // stray value that an underpaying batch could otherwise spend
        vm.deal(address(this), sent);

        vm.expectRevert(VALUE_MISMATCH);
        mc.aggregate3Value{value: sent}(calls);
        assertEq(target.received(), 0);
    }

    function test_RevertWhen_Aggregate3ValueCallFailsWithoutAllowFailure() public {
        Multicall3.Call3Value[] memory calls = new Multicall3.Call3Value[](2);
        calls[0] = Multicall3.Call3Value(address(target), false, 1 ether, abi.encodeCall(Target.pay, (false, 0)));
        // `echo` is not payable, so a call with value fails.
        calls[1] = Multicall3.Call3Value(address(target), false, 1, abi.encodeCall(Target.echo, (1)));
        vm.deal(address(this), 1 ether + 1);
        vm.expectRevert(CALL_FAILED);
        mc.aggregate3Value{value: 1 ether + 1}(calls);
    }
}
