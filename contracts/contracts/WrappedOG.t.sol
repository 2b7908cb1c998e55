// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {WrappedOG} from "./WrappedOG.sol";

/// A holder whose `receive` always reverts, so native transfers to it fail.
contract RejectingHolder {
    error NoThanks();

    function deposit(WrappedOG w0g) external payable {
        w0g.deposit{value: msg.value}();
    }

    function withdraw(WrappedOG w0g, uint256 wad) external {
        w0g.withdraw(wad);
    }

    receive() external payable {
        revert NoThanks();
    }
}

/// A holder that re-enters `withdraw` from its `receive` with a fixed amount.
contract ReentrantHolder {
    WrappedOG internal immutable w0g;
    uint256 internal reenterWith;

    constructor(WrappedOG w0g_) {
        w0g = w0g_;
    }

    function deposit() external payable {
        w0g.deposit{value: msg.value}();
    }

    function withdraw(uint256 wad, uint256 reenterWith_) external {
        reenterWith = reenterWith_;
        w0g.withdraw(wad);
    }

    receive() external payable {
        uint256 amount = reenterWith;
        if (amount != 0) {
            reenterWith = 0;
            w0g.withdraw(amount);
        }
    }
}

contract WrappedOGTest is Test {
    WrappedOG internal w0g;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    function setUp() public {
        w0g = new WrappedOG();
    }

    function _deposit(address who, uint256 amount) internal {
        vm.deal(who, who.balance + amount);
        vm.prank(who);
        w0g.deposit{value: amount}();
    }

    function test_Metadata() public view {
        assertEq(w0g.name(), "Wrapped 0G");
        assertEq(w0g.symbol(), "W0G");
        assertEq(w0g.decimals(), 18);
        assertEq(w0g.totalSupply(), 0);
    }

    function test_Deposit_MintsAndEmits() public {
        vm.deal(alice, 3 ether);
        vm.expectEmit(address(w0g));
        emit IERC20.Transfer(address(0), alice, 1 ether);
        vm.expectEmit(address(w0g));
        emit WrappedOG.Deposit(alice, 1 ether);
        vm.prank(alice);
        w0g.deposit{value: 1 ether}();

        assertEq(w0g.balanceOf(alice), 1 ether);
        assertEq(w0g.totalSupply(), 1 ether);
        assertEq(address(w0g).balance, 1 ether);
        assertEq(alice.balance, 2 ether);
    }

    function test_Receive_Deposits() public {
        vm.deal(alice, 2 ether);
        vm.expectEmit(address(w0g));
        emit WrappedOG.Deposit(alice, 2 ether);
        vm.prank(alice);
        (bool success,) = address(w0g).call{value: 2 ether}("");
        assertTrue(success);
        assertEq(w0g.balanceOf(alice), 2 ether);
        assertEq(w0g.totalSupply(), address(w0g).balance);
    }

    function test_UnknownCalldata_Reverts() public {
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        (bool success,) = address(w0g).call{value: 1 ether}(hex"12345678");
        assertFalse(success);
        assertEq(w0g.balanceOf(alice), 0);
    }

    function test_Withdraw_BurnsPaysAndEmits() public {
        _deposit(alice, 5 ether);
        vm.expectEmit(address(w0g));
        emit IERC20.Transfer(alice, address(0), 2 ether);
        vm.expectEmit(address(w0g));
        emit WrappedOG.Withdrawal(alice, 2 ether);
        vm.prank(alice);
        w0g.withdraw(2 ether);

        assertEq(w0g.balanceOf(alice), 3 ether);
        assertEq(alice.balance, 2 ether);
        assertEq(w0g.totalSupply(), 3 ether);
        assertEq(address(w0g).balance, 3 ether);
    }

    function test_RevertWhen_WithdrawMoreThanBalance() public {
        _deposit(alice, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 1 ether, 1 ether + 1)
        );
        vm.prank(alice);
        w0g.withdraw(1 ether + 1);
    }

    function test_RevertWhen_ReceiverRejectsNativeTokens() public {
        RejectingHolder holder = new RejectingHolder();
        vm.deal(address(this), 1 ether);
        holder.deposit{value: 1 ether}(w0g);
        assertEq(w0g.balanceOf(address(holder)), 1 ether);

        vm.expectRevert(abi.encodeWithSelector(WrappedOG.NativeTransferFailed.selector, address(holder), 0.4 ether));
        holder.withdraw(w0g, 0.4 ether);
        assertEq(w0g.balanceOf(address(holder)), 1 ether);
        assertEq(address(w0g).balance, 1 ether);
    }

    function test_Reentrancy_CannotWithdrawTheSameTokensTwice() public {
        _deposit(alice, 10 ether); // other users' funds sit in the contract
        ReentrantHolder holder = new ReentrantHolder(w0g);
        vm.deal(address(this), 1 ether);
        holder.deposit{value: 1 ether}();

        // The tokens are burned before the transfer, so the nested withdraw finds no balance and
        // the whole withdrawal fails.
        vm.expectRevert(abi.encodeWithSelector(WrappedOG.NativeTransferFailed.selector, address(holder), 1 ether));
        holder.withdraw(1 ether, 1 ether);
        assertEq(w0g.balanceOf(address(holder)), 1 ether);
        assertEq(address(w0g).balance, 11 ether);

        // Re-entering for tokens it still holds is fine and keeps the books balanced.
        holder.withdraw(0.6 ether, 0.4 ether);
        assertEq(w0g.balanceOf(address(holder)), 0);
        assertEq(address(holder).balance, 1 ether);
        assertEq(w0g.totalSupply(), address(w0g).balance);
    }

    function _permitDigest(address owner, address spender, uint256 value, uint256 nonce, uint256 deadline)
        internal
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonce, deadline));
        return keccak256(abi.encodePacked("\x19\x01", w0g.DOMAIN_SEPARATOR(), structHash));
    }

    function test_DomainSeparator() public view {
        bytes32 expected = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Wrapped 0G"),
                keccak256("1"),
                block.chainid,
                address(w0g)
            )
        );
        assertEq(w0g.DOMAIN_SEPARATOR(), expected);
    }

    function test_Permit_ThenTransferFrom() public {
        (address owner, uint256 key) = makeAddrAndKey("permit-owner");
        _deposit(owner, 4 ether);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, _permitDigest(owner, bob, 3 ether, 0, deadline));

        w0g.permit(owner, bob, 3 ether, deadline, v, r, s);
        assertEq(w0g.allowance(owner, bob), 3 ether);
        assertEq(w0g.nonces(owner), 1);

        vm.prank(bob);
        w0g.transferFrom(owner, bob, 3 ether);
        assertEq(w0g.balanceOf(bob), 3 ether);
        assertEq(w0g.balanceOf(owner), 1 ether);

        // The signature was consumed with nonce 0: replaying it recovers a different signer.
        vm.expectPartialRevert(ERC20Permit.ERC2612InvalidSigner.selector);
        w0g.permit(owner, bob, 3 ether, deadline, v, r, s);
    }

    function test_RevertWhen_PermitExpired() public {
        (address owner, uint256 key) = makeAddrAndKey("permit-owner");
        uint256 deadline = block.timestamp;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, _permitDigest(owner, bob, 1, 0, deadline));
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        w0g.permit(owner, bob, 1, deadline, v, r, s);
    }

    function test_RevertWhen_PermitSignedByAnotherKey() public {
        (address owner,) = makeAddrAndKey("permit-owner");
        (address mallory, uint256 malloryKey) = makeAddrAndKey("mallory");
        uint256 deadline = block.timestamp + 1;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(malloryKey, _permitDigest(owner, bob, 1, 0, deadline));
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, mallory, owner));
        w0g.permit(owner, bob, 1, deadline, v, r, s);
    }

    function testFuzz_DepositWithdrawRoundTrip(uint256 depositAmount, uint256 withdrawAmount) public {
        depositAmount = bound(depositAmount, 0, 1e30);
        withdrawAmount = bound(withdrawAmount, 0, depositAmount);

        _deposit(alice, depositAmount);
        assertEq(w0g.balanceOf(alice), depositAmount);
        assertEq(w0g.totalSupply(), address(w0g).balance);

        vm.prank(alice);
        w0g.withdraw(withdrawAmount);
        assertEq(w0g.balanceOf(alice), depositAmount - withdrawAmount);
        assertEq(alice.balance, withdrawAmount);
        assertEq(w0g.totalSupply(), depositAmount - withdrawAmount);
        assertEq(w0g.totalSupply(), address(w0g).balance);
    }

    function testFuzz_TwoHoldersWithTransfer(uint128 aliceIn, uint128 bobIn, uint256 sent, uint256 bobOut) public {
        _deposit(alice, aliceIn);
        vm.deal(bob, bobIn);
        vm.prank(bob);
        (bool success,) = address(w0g).call{value: bobIn}("");
        assertTrue(success);

        sent = bound(sent, 0, aliceIn);
        vm.prank(alice);
        w0g.transfer(bob, sent);

        bobOut = bound(bobOut, 0, uint256(bobIn) + sent);
        vm.prank(bob);
        w0g.withdraw(bobOut);

        assertEq(w0g.balanceOf(alice) + w0g.balanceOf(bob), w0g.totalSupply());
        assertEq(w0g.totalSupply(), address(w0g).balance);
        assertEq(bob.balance, bobOut);
    }
}

/// Drives random deposits, plain transfers in, withdrawals and transfers among a few holders.
contract WrappedOGHandler is Test {
    WrappedOG internal immutable w0g;
    address[3] internal actors;
    uint256 public ghostDeposited;
    uint256 public ghostWithdrawn;

    constructor(WrappedOG w0g_) {
        w0g = w0g_;
        actors = [makeAddr("actor0"), makeAddr("actor1"), makeAddr("actor2")];
    }

    function actor(uint256 index) external view returns (address) {
        return actors[index];
    }

    function deposit(uint256 actorSeed, uint256 amount) external {
        address who = actors[actorSeed % actors.length];
        amount = bound(amount, 0, 1_000_000 ether);
        vm.deal(who, who.balance + amount);
        vm.prank(who);
        w0g.deposit{value: amount}();
        ghostDeposited += amount;
    }

    function depositByTransfer(uint256 actorSeed, uint256 amount) external {
        address who = actors[actorSeed % actors.length];
        amount = bound(amount, 0, 1_000_000 ether);
        vm.deal(who, who.balance + amount);
        vm.prank(who);
        (bool success,) = address(w0g).call{value: amount}("");
        require(success, "deposit by transfer failed");
        ghostDeposited += amount;
    }

    function withdraw(uint256 actorSeed, uint256 amount) external {
        address who = actors[actorSeed % actors.length];
        amount = bound(amount, 0, w0g.balanceOf(who));
        vm.prank(who);
        w0g.withdraw(amount);
        ghostWithdrawn += amount;
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = actors[fromSeed % actors.length];
        address to = actors[toSeed % actors.length];
        amount = bound(amount, 0, w0g.balanceOf(from));
        vm.prank(from);
        w0g.transfer(to, amount);
    }
}

contract WrappedOGInvariantTest is Test {
    WrappedOG internal w0g;
    WrappedOGHandler internal handler;

    function setUp() public {
        w0g = new WrappedOG();
        handler = new WrappedOGHandler(w0g);
        targetContract(address(handler));
    }

    function invariant_TotalSupplyEqualsBalance() public view {
        assertEq(w0g.totalSupply(), address(w0g).balance);
    }

    function invariant_TotalSupplyIsDepositsMinusWithdrawals() public view {
        assertEq(w0g.totalSupply(), handler.ghostDeposited() - handler.ghostWithdrawn());
    }

    function invariant_HoldersOwnTheWholeSupply() public view {
        uint256 sum = 0;
        for (uint256 i = 0; i < 3; ++i) {
            sum += w0g.balanceOf(handler.actor(i));
        }
        assertEq(sum, w0g.totalSupply());
    }
}
