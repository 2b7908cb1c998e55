// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {IERC1155Receiver} from "@openzeppelin/contracts/token/ERC1155/IERC1155Receiver.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {AgentAccount} from "./AgentAccount.sol";
import {AgentAccountRegistry} from "./AgentAccountRegistry.sol";
import {ACCOUNT_CREATION_CODE} from "./AgentGenesis.sol";
import {InftTestBase} from "./InftTestBase.t.sol";
import {TransferValidityProof} from "./interfaces/IERC7857DataVerifier.sol";

contract Coin is ERC20 {
    constructor() ERC20("Coin", "C") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

contract Collectible is ERC721 {
    constructor() ERC721("Collectible", "X") {}

    function mint(address to, uint256 id) external {
        _safeMint(to, id);
    }
}

contract Items is ERC1155 {
    constructor() ERC1155("") {}

    function mint(address to, uint256 id, uint256 amount) external {
        _mint(to, id, amount, "");
    }
}

/// Records calls, and reverts on demand.
contract Target {
    address public lastCaller;
    uint256 public lastValue;

    error Nope(uint256 code);

    function poke(uint256 code) external payable returns (uint256) {
        if (code == 0) revert Nope(42);
        lastCaller = msg.sender;
        lastValue = msg.value;
        return code * 2;
    }
}

/// A smart-contract holder that approves one digest by EIP-1271.
contract SmartWallet is IERC721Receiver {
    bytes32 public approved;

    function approve(bytes32 digest) external {
        approved = digest;
    }

    function isValidSignature(bytes32 digest, bytes calldata) external view returns (bytes4) {
        return digest == approved ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }

    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC721Received.selector;
    }
}

contract AgentAccountTest is InftTestBase {
    Target internal target;
    uint256 internal operatorKey = uint256(keccak256("agent key 1"));
    address internal operator;
    uint256 internal tokenId;
    AgentAccount internal account;

    function setUp() public override {
        super.setUp();
        target = new Target();
        operator = vm.addr(operatorKey);
        tokenId = _mint(alice, 1, operator);
        account = AgentAccount(payable(nft.accountOf(tokenId)));
    }

    /// Transfers the token from alice to bob with a new agent key.
    function _transferToBob(uint256 newOperatorKey) internal {
        TransferValidityProof[] memory proofs = _proofs(tokenId, bobKey, vm.addr(newOperatorKey));
        vm.prank(alice);
        nft.iTransferFrom(alice, bob, tokenId, proofs);
    }

    function _poke(address caller, uint256 code) internal returns (bytes memory) {
        vm.prank(caller);
        return account.execute(address(target), 0, abi.encodeCall(Target.poke, (code)));
    }

    function _sig(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    // ---------------------------------------------------------------------------------------------
    // Binding
    // ---------------------------------------------------------------------------------------------

    function test_BoundToItsToken() public view {
        (uint256 chainId, address tokenContract, uint256 id) = account.token();
        assertEq(chainId, block.chainid);
        assertEq(tokenContract, address(nft));
        assertEq(id, tokenId);
        assertEq(account.nft(), address(nft));
        assertEq(account.owner(), alice);
        assertEq(account.operator(), operator);
        assertTrue(account.isController(alice));
        assertTrue(account.isController(operator));
        assertFalse(account.isController(bob));
        assertFalse(account.isController(address(0)));
        assertEq(account.isValidSigner(alice, ""), AgentAccount.isValidSigner.selector);
        assertEq(account.isValidSigner(operator, ""), bytes4(0x523e3260));
        assertEq(account.isValidSigner(bob, ""), bytes4(0));
    }

    function test_AddressIsDeterministicPerChainAndToken() public {
        bytes32 salt = keccak256(abi.encode(block.chainid, tokenId));
        address expected = address(
            uint160(
                uint256(keccak256(abi.encodePacked(bytes1(0xff), address(registry), salt, keccak256(ACCOUNT_CREATION_CODE))))
            )
        );
        assertEq(address(account), expected);
        assertEq(registry.account(tokenId), expected);
        assertEq(registry.account(block.chainid, tokenId), expected);
        assertTrue(registry.account(block.chainid + 1, tokenId) != expected, "another chain, another address");
        assertEq(registry.account(tokenId + 1), nft.accountOf(tokenId + 1), "known before mint");
        assertEq(registry.account(tokenId + 1).code.length, 0);
        uint256 next = _mint(bob);
        assertGt(registry.account(next).code.length, 0);
    }

    function test_AccountCodeIsAProxyToTheImplementation() public view {
        bytes memory code = address(account).code;
        bytes memory prefix = abi.encodePacked(hex"363d3d373d3d3d363d73", registry.implementation(), hex"5af43d82803e903d91602b57fd5bf3");
        for (uint256 i = 0; i < 45; i++) {
            assertEq(code[i], prefix[i]);
        }
    }

    function test_Registry_OnlyTheTokenContractCreates() public {
        vm.expectRevert(abi.encodeWithSelector(AgentAccountRegistry.NotTokenContract.selector, alice));
        vm.prank(alice);
        registry.createAccount(99, hex"00");
        vm.prank(address(nft));
        vm.expectRevert(abi.encodeWithSelector(AgentAccountRegistry.AccountCreationFailed.selector, tokenId));
        registry.createAccount(tokenId, hex"00"); // exists already
        vm.prank(address(nft));
        vm.expectRevert(abi.encodeWithSelector(AgentAccountRegistry.AccountCreationFailed.selector, 99));
        registry.createAccount(99, new bytes(24_576 - 44)); // too large for EIP-170
        // Outside account creation the registry hands out nothing.
        (bool ok, bytes memory reply) = address(registry).staticcall("");
        assertTrue(ok);
        assertEq(reply.length, 0);
    }

    function test_ImplementationCannotBeUsedDirectly() public {
        AgentAccount logic = AgentAccount(payable(registry.implementation()));
        vm.expectRevert(AgentAccount.NotAnAccount.selector);
        logic.token();
        vm.expectRevert(AgentAccount.NotAnAccount.selector);
        vm.prank(alice);
        logic.execute(address(target), 0, "");
    }

    // ---------------------------------------------------------------------------------------------
    // Execution
    // ---------------------------------------------------------------------------------------------

    function test_Execute_ByTheHolderAndTheOperator() public {
        assertEq(abi.decode(_poke(alice, 3), (uint256)), 6);
        assertEq(target.lastCaller(), address(account));
        assertEq(abi.decode(_poke(operator, 4), (uint256)), 8);

        vm.deal(address(account), 1 ether);
        vm.prank(operator);
        account.execute(address(target), 0.25 ether, abi.encodeCall(Target.poke, (1)));
        assertEq(target.lastValue(), 0.25 ether);
        assertEq(address(account).balance, 0.75 ether);

        // value sent along with the call is spendable in it
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        account.execute{value: 1 ether}(bob, 1.75 ether, "");
        assertEq(bob.balance, 100 ether + 1.75 ether);
    }

    function test_Execute_RevertWhen_NotAController() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(AgentAccount.NotAgentController.selector, bob));
        account.execute(address(target), 0, abi.encodeCall(Target.poke, (1)));
        // authorized users use the agent off chain; they do not control its account
        vm.prank(alice);
        nft.authorizeUsage(tokenId, carol);
        vm.prank(carol);
        vm.expectRevert(abi.encodeWithSelector(AgentAccount.NotAgentController.selector, carol));
        account.execute(address(target), 0, abi.encodeCall(Target.poke, (1)));
    }

    function test_Execute_BubblesUpReverts() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Target.Nope.selector, 42));
        account.execute(address(target), 0, abi.encodeCall(Target.poke, (0)));
    }

    function test_Transfer_RevokesTheOldHolderAndTheOldKey() public {
        uint256 newKey = uint256(keccak256("agent key 2"));
        _transferToBob(newKey);
        assertEq(account.owner(), bob);
        assertEq(account.operator(), vm.addr(newKey));

        for (uint256 i = 0; i < 2; i++) {
            address old = i == 0 ? alice : operator;
            vm.prank(old);
            vm.expectRevert(abi.encodeWithSelector(AgentAccount.NotAgentController.selector, old));
            account.execute(address(target), 0, abi.encodeCall(Target.poke, (1)));
        }
        _poke(bob, 1);
        _poke(vm.addr(newKey), 1);
    }

    function test_EarningsFollowTheToken() public {
        Coin coin = new Coin();
        vm.deal(address(this), 2 ether);
        (bool sent,) = address(account).call{value: 2 ether}("");
        assertTrue(sent);
        coin.mint(address(account), 500);

        _transferToBob(uint256(keccak256("agent key 2")));

        // the old holder can no longer reach them; the new one can
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(AgentAccount.NotAgentController.selector, alice));
        account.execute(alice, 2 ether, "");
        vm.startPrank(bob);
        account.execute(bob, 2 ether, "");
        account.execute(address(coin), 0, abi.encodeCall(coin.transfer, (bob, 500)));
        vm.stopPrank();
        assertEq(bob.balance, 102 ether);
        assertEq(coin.balanceOf(bob), 500);
    }

    function test_Clone_GetsItsOwnAccountAndKey() public {
        uint256 cloneKey = uint256(keccak256("clone key"));
        TransferValidityProof[] memory proofs = _proofs(tokenId, bobKey, vm.addr(cloneKey));
        vm.prank(alice);
        uint256 clone = nft.iCloneFrom(alice, bob, tokenId, proofs);
        AgentAccount cloneAccount = AgentAccount(payable(nft.accountOf(clone)));
        assertTrue(address(cloneAccount) != address(account));
        (,, uint256 id) = cloneAccount.token();
        assertEq(id, clone);
        assertEq(cloneAccount.owner(), bob);
        assertEq(cloneAccount.operator(), vm.addr(cloneKey));
        // the source's key does not reach the clone's account, and the clone's key not the source's
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(AgentAccount.NotAgentController.selector, operator));
        cloneAccount.execute(address(target), 0, abi.encodeCall(Target.poke, (1)));
        vm.prank(vm.addr(cloneKey));
        vm.expectRevert(abi.encodeWithSelector(AgentAccount.NotAgentController.selector, vm.addr(cloneKey)));
        account.execute(address(target), 0, abi.encodeCall(Target.poke, (1)));
        _poke(operator, 1);
    }

    function test_HolderSetsTheOperator() public {
        address fresh = _newOperator();
        vm.prank(alice);
        nft.setAgentOperator(tokenId, fresh);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(AgentAccount.NotAgentController.selector, operator));
        account.execute(address(target), 0, abi.encodeCall(Target.poke, (1)));
        _poke(fresh, 1);
    }

    // ---------------------------------------------------------------------------------------------
    // Receiving
    // ---------------------------------------------------------------------------------------------

    function test_ReceivesTokens() public {
        Collectible collectible = new Collectible();
        collectible.mint(address(account), 1);
        assertEq(collectible.ownerOf(1), address(account));
        Items items = new Items();
        items.mint(address(account), 7, 3);
        assertEq(items.balanceOf(address(account), 7), 3);
        // and other agents' tokens (a plain one moves without proofs)
        vm.prank(bob);
        uint256 plain = nft.mint(bob);
        vm.prank(bob);
        nft.safeTransferFrom(bob, address(account), plain);
        assertEq(nft.ownerOf(plain), address(account));
        assertTrue(account.supportsInterface(type(IERC721Receiver).interfaceId));
        assertTrue(account.supportsInterface(type(IERC1155Receiver).interfaceId));
        assertTrue(account.supportsInterface(type(IERC1271).interfaceId));
        assertTrue(account.supportsInterface(type(IERC165).interfaceId));
        assertFalse(account.supportsInterface(0xffffffff));
    }

    function test_RefusesItsOwnToken() public {
        // a plain token whose holder tries to park it in its own account
        vm.prank(bob);
        uint256 plain = nft.mint(bob);
        address own = nft.accountOf(plain);
        vm.prank(bob);
        vm.expectRevert(AgentAccount.OwnTokenRefused.selector);
        nft.safeTransferFrom(bob, own, plain);
        // minting straight into the new token's own (predicted) account
        address nextAccount = registry.account(plain + 1);
        vm.prank(bob);
        vm.expectRevert(AgentAccount.OwnTokenRefused.selector);
        nft.mint(nextAccount);
    }

    // ---------------------------------------------------------------------------------------------
    // EIP-1271
    // ---------------------------------------------------------------------------------------------

    function test_IsValidSignature() public {
        bytes32 digest = keccak256("order #1");
        assertEq(account.isValidSignature(digest, _sig(aliceKey, digest)), IERC1271.isValidSignature.selector);
        assertEq(account.isValidSignature(digest, _sig(operatorKey, digest)), IERC1271.isValidSignature.selector);
        assertEq(account.isValidSignature(digest, _sig(bobKey, digest)), bytes4(0xffffffff));
        assertEq(account.isValidSignature(digest, hex"00"), bytes4(0xffffffff));

        uint256 newKey = uint256(keccak256("agent key 2"));
        _transferToBob(newKey);
        assertEq(account.isValidSignature(digest, _sig(aliceKey, digest)), bytes4(0xffffffff), "old holder");
        assertEq(account.isValidSignature(digest, _sig(operatorKey, digest)), bytes4(0xffffffff), "old key");
        assertEq(account.isValidSignature(digest, _sig(bobKey, digest)), IERC1271.isValidSignature.selector);
        assertEq(account.isValidSignature(digest, _sig(newKey, digest)), IERC1271.isValidSignature.selector);
    }

    function test_IsValidSignature_ForASmartContractHolder() public {
        SmartWallet wallet = new SmartWallet();
        vm.prank(address(wallet));
        nft.delegateAccess(bob);
        Spec memory spec = _spec(tokenId, 0, bobKey, _newOperator());
        spec.explicitWantedKey = true;
        TransferValidityProof[] memory proofs = _one(spec);
        vm.prank(alice);
        nft.iTransferFrom(alice, address(wallet), tokenId, proofs);

        bytes32 digest = keccak256("wallet order");
        assertEq(account.isValidSignature(digest, ""), bytes4(0xffffffff));
        wallet.approve(digest);
        assertEq(account.isValidSignature(digest, ""), IERC1271.isValidSignature.selector);
    }

    // ---------------------------------------------------------------------------------------------
    // Fuzz
    // ---------------------------------------------------------------------------------------------

    function testFuzz_OnlyControllersExecute(address caller) public {
        vm.assume(caller != alice && caller != operator);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(AgentAccount.NotAgentController.selector, caller));
        account.execute(address(target), 0, abi.encodeCall(Target.poke, (1)));
        assertFalse(account.isController(caller));
    }

    function testFuzz_RotationRevokesEveryEarlierKey(uint8 rounds) public {
        rounds = uint8(bound(rounds, 1, 4));
        address[] memory previous = new address[](rounds + 1);
        previous[0] = operator;
        address holder = alice;
        for (uint256 i = 0; i < rounds; i++) {
            address next = vm.addr(uint256(keccak256(abi.encode("round key", i))));
            (address to, uint256 toKey) = holder == alice ? (bob, bobKey) : (alice, aliceKey);
            TransferValidityProof[] memory proofs = _proofs(tokenId, toKey, next);
            vm.prank(holder);
            nft.iTransferFrom(holder, to, tokenId, proofs);
            holder = to;
            previous[i + 1] = next;
        }
        assertEq(account.operator(), previous[rounds]);
        for (uint256 i = 0; i < rounds; i++) {
            assertFalse(account.isController(previous[i]));
        }
        assertTrue(account.isController(holder));
    }
}
