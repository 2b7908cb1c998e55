// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {AgentAccountRegistry} from "./AgentAccountRegistry.sol";
import {AgentNFT} from "./AgentNFT.sol";
import {InftTestBase} from "./InftTestBase.t.sol";
import {Verifier} from "./Verifier.sol";
import {IERC7857} from "./interfaces/IERC7857.sol";
import {IERC7857Authorize} from "./interfaces/IERC7857Authorize.sol";
import {IERC7857Cloneable} from "./interfaces/IERC7857Cloneable.sol";
import {TransferValidityProof} from "./interfaces/IERC7857DataVerifier.sol";
import {IERC7857Metadata, IntelligentData} from "./interfaces/IERC7857Metadata.sol";

/// Accepts ERC-721 tokens.
contract Holder is IERC721Receiver {
    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC721Received.selector;
    }
}

/// Refuses payments (a minter whose refund fails).
contract NoRefunds {
    function mint(AgentNFT nft, IntelligentData[] calldata datas) external payable returns (uint256) {
        return nft.mint{value: msg.value}(datas, address(this));
    }

    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC721Received.selector;
    }
}

contract AgentNFTTest is InftTestBase {
    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);
    event AccountCreated(address indexed account, uint256 indexed tokenId);

    // ---------------------------------------------------------------------------------------------
    // Setup and admin
    // ---------------------------------------------------------------------------------------------

    function test_Initialize() public {
        assertEq(nft.name(), "0G Agent NFT");
        assertEq(nft.symbol(), "0GI");
        assertEq(nft.storageInfo(), STORAGE_INFO);
        assertEq(address(nft.verifier()), address(verifier));
        assertEq(nft.admin(), admin);
        assertEq(nft.accountRegistry(), address(registry));
        assertEq(registry.nft(), address(nft));
        assertEq(nft.VERSION(), "1.0.0");
        assertEq(nft.MAX_AUTHORIZED_USERS(), 100);
        assertEq(nft.getMintFee(), 0);
        assertFalse(nft.paused());
        vm.expectRevert(AgentNFT.AlreadyInitialized.selector);
        nft.initialize("x", "x", "", address(verifier), admin, address(registry));

        AgentNFT fresh = new AgentNFT();
        AgentAccountRegistry freshRegistry = new AgentAccountRegistry(address(fresh));
        vm.expectRevert(AgentNFT.ZeroAddress.selector);
        fresh.initialize("x", "x", "", address(0), admin, address(freshRegistry));
        vm.expectRevert(AgentNFT.ZeroAddress.selector);
        fresh.initialize("x", "x", "", address(verifier), address(0), address(freshRegistry));
        vm.expectRevert(abi.encodeWithSelector(AgentNFT.InvalidAccountRegistry.selector, address(registry)));
        fresh.initialize("x", "x", "", address(verifier), admin, address(registry)); // bound to another NFT
        vm.expectRevert(abi.encodeWithSelector(AgentNFT.InvalidAccountRegistry.selector, alice));
        fresh.initialize("x", "x", "", address(verifier), admin, alice);
        vm.expectEmit(address(fresh));
        emit AgentNFT.AdminChanged(address(0), admin);
        vm.expectEmit(address(fresh));
        emit AgentNFT.VerifierUpdated(address(0), address(verifier));
        vm.expectEmit(address(fresh));
        emit AgentNFT.Initialized(1);
        fresh.initialize("x", "x", "", address(verifier), admin, address(freshRegistry));
    }

    function test_SupportsInterface() public view {
        // ERC-7857 interface ids from the function signatures (0G's interfaces), not from our contracts.
        bytes4 erc7857 = bytes4(keccak256("verifier()"))
            ^ bytes4(
                keccak256(
                    "iTransferFrom(address,address,uint256,((bytes32,bytes,bytes,bytes),(uint8,bytes32,bytes,bytes,bytes,bytes))[])"
                )
            ) ^ bytes4(keccak256("delegateAccess(address)")) ^ bytes4(keccak256("getDelegateAccess(address)"));
        assertEq(type(IERC7857).interfaceId, erc7857);
        assertEq(type(IERC7857Metadata).interfaceId, bytes4(keccak256("intelligentDatasOf(uint256)")));
        bytes4[7] memory supported = [
            type(IERC165).interfaceId,
            type(IERC721).interfaceId,
            type(IERC721Metadata).interfaceId,
            erc7857,
            type(IERC7857Metadata).interfaceId,
            type(IERC7857Cloneable).interfaceId,
            type(IERC7857Authorize).interfaceId
        ];
        for (uint256 i = 0; i < supported.length; i++) {
            assertTrue(nft.supportsInterface(supported[i]));
        }
        assertEq(type(IERC721).interfaceId, bytes4(0x80ac58cd));
        assertFalse(nft.supportsInterface(0xffffffff));
        assertFalse(nft.supportsInterface(0x12345678));
    }

    function test_AdminFunctions() public {
        bytes memory notAdmin = abi.encodeWithSelector(AgentNFT.NotAdmin.selector, alice);
        vm.startPrank(alice);
        vm.expectRevert(notAdmin);
        nft.setAdmin(alice);
        vm.expectRevert(notAdmin);
        nft.updateVerifier(alice);
        vm.expectRevert(notAdmin);
        nft.setMintFee(1);
        vm.expectRevert(notAdmin);
        nft.withdrawFees();
        vm.expectRevert(notAdmin);
        nft.setBaseURI("x");
        vm.expectRevert(notAdmin);
        nft.setCreator(0, alice);
        vm.expectRevert(notAdmin);
        nft.pause();
        vm.expectRevert(notAdmin);
        nft.unpause();
        vm.stopPrank();

        vm.startPrank(admin);
        vm.expectRevert(AgentNFT.ZeroAddress.selector);
        nft.updateVerifier(address(0));
        vm.expectEmit(address(nft));
        emit AgentNFT.VerifierUpdated(address(verifier), bob);
        nft.updateVerifier(bob);
        assertEq(address(nft.verifier()), bob);
        vm.expectRevert(AgentNFT.ZeroAddress.selector);
        nft.setAdmin(address(0));
        vm.expectEmit(address(nft));
        emit AgentNFT.AdminChanged(admin, carol);
        nft.setAdmin(carol);
        vm.stopPrank();
        assertEq(nft.admin(), carol);
    }

    // ---------------------------------------------------------------------------------------------
    // Minting
    // ---------------------------------------------------------------------------------------------

    function test_Mint() public {
        IntelligentData[] memory datas = _datas(2, "agent");
        address account = registry.account(0);
        vm.expectEmit(address(registry));
        emit AccountCreated(account, 0);
        vm.expectEmit(address(nft));
        emit Transfer(address(0), bob, 0);
        vm.expectEmit(address(nft));
        emit IERC7857.Updated(0, new IntelligentData[](0), datas);
        vm.prank(alice);
        uint256 tokenId = nft.mint(datas, bob);

        assertEq(tokenId, 0, "ids start at 0, as 0G's");
        assertEq(nft.ownerOf(0), bob);
        assertEq(nft.balanceOf(bob), 1);
        assertEq(nft.creatorOf(0), alice, "the minter");
        assertEq(nft.agentOperatorOf(0), address(0));
        _assertDatas(nft.intelligentDatasOf(0), datas);
        assertEq(nft.accountOf(0), account);
        assertGt(account.code.length, 45, "deployed at mint");
        assertEq(nft.tokenURI(0), "agent part 0", "0G's fallback: the first description");
        assertEq(nft.authorizedUsersOf(0).length, 0);
        vm.prank(bob);
        assertEq(nft.mint(datas, bob), 1);
        assertEq(nft.creatorOf(1), bob);
        assertEq(nft.balanceOf(bob), 2);
    }

    function test_MintWithAnOperator() public {
        address operator = _newOperator();
        vm.expectEmit(address(nft));
        emit AgentNFT.AgentOperatorUpdated(0, operator);
        vm.prank(alice);
        nft.mint(_datas(1, "a"), alice, operator);
        assertEq(nft.agentOperatorOf(0), operator);
        (address holder, address agentOperator) = nft.agentControllersOf(0);
        assertEq(holder, alice);
        assertEq(agentOperator, operator);
    }

    function test_Mint_RevertWhen_Invalid() public {
        vm.startPrank(alice);
        vm.expectRevert(AgentNFT.EmptyIntelligentData.selector);
        nft.mint(new IntelligentData[](0), alice);
        vm.expectRevert(AgentNFT.EmptyIntelligentData.selector);
        nft.mint(new IntelligentData[](0), alice, bob);
        IntelligentData[] memory datas = _datas(1, "a");
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(0)));
        nft.mint(datas, address(0));
        // a contract that cannot receive ERC-721 tokens (the Verifier)
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(verifier)));
        nft.mint(datas, address(verifier));
        vm.stopPrank();
        vm.prank(admin);
        nft.pause();
        vm.expectRevert(AgentNFT.EnforcedPause.selector);
        vm.prank(alice);
        nft.mint(datas, alice);
        vm.prank(admin);
        nft.unpause();
        vm.prank(alice);
        nft.mint(datas, alice);
    }

    function test_MintFee() public {
        vm.expectEmit(address(nft));
        emit AgentNFT.MintFeeUpdated(0, 1 ether);
        vm.prank(admin);
        nft.setMintFee(1 ether);
        assertEq(nft.getMintFee(), 1 ether);
        IntelligentData[] memory datas = _datas(1, "a");

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(AgentNFT.InsufficientMintFee.selector, 0.5 ether, 1 ether));
        nft.mint{value: 0.5 ether}(datas, alice);

        uint256 before = alice.balance;
        vm.prank(alice);
        nft.mint{value: 3 ether}(datas, alice);
        assertEq(alice.balance, before - 1 ether, "the excess is refunded");
        assertEq(address(nft).balance, 1 ether);

        NoRefunds minter = new NoRefunds();
        vm.deal(address(minter), 0);
        vm.expectRevert(AgentNFT.RefundFailed.selector);
        minter.mint{value: 2 ether}(nft, datas);
        minter.mint{value: 1 ether}(nft, datas);

        uint256 adminBefore = admin.balance;
        vm.prank(admin);
        nft.withdrawFees();
        assertEq(admin.balance, adminBefore + 2 ether);
        vm.prank(admin);
        vm.expectRevert(AgentNFT.WithdrawFailed.selector);
        nft.withdrawFees();

        vm.prank(admin);
        nft.setMintFee(0);
        vm.prank(alice);
        nft.mint(datas, alice);
    }

    function test_MintWithoutData_IsAPlainToken() public {
        vm.startPrank(alice);
        uint256 plain = nft.mint(alice);
        uint256 withUri = nft.mint(alice, "ipfs://token");
        vm.stopPrank();
        assertEq(nft.intelligentDatasOf(plain).length, 0);
        assertEq(nft.tokenURI(plain), "");
        assertEq(nft.tokenURI(withUri), "ipfs://token");
        assertGt(nft.accountOf(plain).code.length, 0, "plain tokens have an account too");

        // Plain ERC-721 transfers work, as 0G's "empty iData" tokens.
        vm.prank(alice);
        nft.transferFrom(alice, bob, plain);
        assertEq(nft.ownerOf(plain), bob);
        vm.prank(bob);
        nft.safeTransferFrom(bob, carol, plain);
        vm.prank(carol);
        nft.safeTransferFrom(carol, alice, plain, "data");
        assertEq(nft.ownerOf(plain), alice);
        assertEq(nft.balanceOf(alice), 2);
        assertEq(nft.balanceOf(carol), 0);
    }

    function test_LargeData_IsKeptInStorage() public {
        IntelligentData[] memory datas = new IntelligentData[](2);
        datas[0] = IntelligentData(string(new bytes(70_000)), keccak256("big"));
        datas[1] = IntelligentData("small", keccak256("small"));
        vm.prank(alice);
        uint256 tokenId = nft.mint(datas, alice);
        _assertDatas(nft.intelligentDatasOf(tokenId), datas);
        assertEq(nft.creatorOf(tokenId), alice);

        // and it transfers like any other token
        address operator = _newOperator();
        TransferValidityProof[] memory proofs = _proofs(tokenId, bobKey, operator);
        vm.prank(alice);
        nft.iTransferFrom(alice, bob, tokenId, proofs);
        IntelligentData[] memory moved = nft.intelligentDatasOf(tokenId);
        assertEq(moved.length, 2);
        assertEq(bytes(moved[0].dataDescription).length, 70_000);
        assertEq(moved[1].dataHash, _newHash(proofs[1]));
    }

    // ---------------------------------------------------------------------------------------------
    // iTransferFrom
    // ---------------------------------------------------------------------------------------------

    function test_ITransferFrom_MovesTheTokenAndRotatesTheAgentKey() public {
        address oldOperator = _newOperator();
        uint256 tokenId = _mint(alice, 2, oldOperator);
        IntelligentData[] memory before = nft.intelligentDatasOf(tokenId);
        vm.prank(alice);
        nft.approve(carol, tokenId);
        vm.prank(alice);
        nft.authorizeUsage(tokenId, carol);
        address newOperator = _newOperator();
        TransferValidityProof[] memory proofs = _proofs(tokenId, bobKey, newOperator);

        IntelligentData[] memory expected = new IntelligentData[](2);
        bytes[] memory sealedKeys = new bytes[](2);
        for (uint256 i = 0; i < 2; i++) {
            expected[i] = IntelligentData(before[i].dataDescription, _newHash(proofs[i]));
            sealedKeys[i] = proofs[i].ownershipProof.sealedKey;
        }
        vm.expectEmit(address(nft));
        emit Transfer(alice, bob, tokenId);
        vm.expectEmit(address(nft));
        emit IERC7857.Updated(tokenId, before, expected);
        vm.expectEmit(address(nft));
        emit AgentNFT.AgentOperatorUpdated(tokenId, newOperator);
        vm.expectEmit(address(nft));
        emit IERC7857.PublishedSealedKey(bob, tokenId, sealedKeys);
        vm.prank(alice);
        nft.iTransferFrom(alice, bob, tokenId, proofs);

        assertEq(nft.ownerOf(tokenId), bob);
        assertEq(nft.balanceOf(alice), 0);
        assertEq(nft.balanceOf(bob), 1);
        _assertDatas(nft.intelligentDatasOf(tokenId), expected);
        assertEq(nft.agentOperatorOf(tokenId), newOperator);
        assertEq(nft.getApproved(tokenId), address(0), "approvals are cleared");
        assertEq(nft.authorizedUsersOf(tokenId).length, 0, "authorized users are cleared");
        assertEq(nft.creatorOf(tokenId), alice, "the creator stays");
        assertTrue(verifier.isProofUsed(_nonceKey(proofs[0].accessProof.nonce)));
        assertTrue(verifier.isProofUsed(_nonceKey(proofs[1].accessProof.nonce)));

        // and on again, from storage this time
        address third = _newOperator();
        TransferValidityProof[] memory back = _proofs(tokenId, aliceKey, third);
        vm.prank(bob);
        nft.iTransferFrom(bob, alice, tokenId, back);
        assertEq(nft.ownerOf(tokenId), alice);
        assertEq(nft.agentOperatorOf(tokenId), third);
        assertEq(_hashes(tokenId)[1], _newHash(back[1]));
    }

    function test_ITransferFrom_ByApprovedSpenders() public {
        uint256 a = _mint(alice);
        uint256 b = _mint(alice);
        vm.prank(alice);
        nft.approve(carol, a);
        assertEq(nft.getApproved(a), carol);
        TransferValidityProof[] memory proofs = _proofs(a, bobKey, _newOperator());
        vm.prank(carol);
        nft.iTransferFrom(alice, bob, a, proofs);
        assertEq(nft.ownerOf(a), bob);

        vm.prank(alice);
        nft.setApprovalForAll(carol, true);
        assertTrue(nft.isApprovedForAll(alice, carol));
        proofs = _proofs(b, bobKey, _newOperator());
        vm.prank(carol);
        nft.iTransferFrom(alice, bob, b, proofs);
        assertEq(nft.ownerOf(b), bob);

        // the approval of `a` died with the transfer, even after it comes back
        TransferValidityProof[] memory back = _proofs(a, aliceKey, _newOperator());
        vm.prank(bob);
        nft.iTransferFrom(bob, alice, a, back);
        assertEq(nft.getApproved(a), address(0));
    }

    function test_ITransferFrom_AccessProofByTheReceiversDelegate() public {
        uint256 tokenId = _mint(alice);
        vm.expectEmit(address(nft));
        emit IERC7857.DelegateAccess(bob, carol);
        vm.prank(bob);
        nft.delegateAccess(carol);
        assertEq(nft.getDelegateAccess(bob), carol);
        Spec memory spec = _spec(tokenId, 0, bobKey, _newOperator());
        spec.accessSignerKey = carolKey;
        TransferValidityProof[] memory proofs = _one(spec);
        vm.prank(alice);
        nft.iTransferFrom(alice, bob, tokenId, proofs);
        assertEq(nft.ownerOf(tokenId), bob);
    }

    function test_ITransferFrom_WithAnExplicitWantedKey() public {
        uint256 tokenId = _mint(alice);
        Spec memory spec = _spec(tokenId, 0, bobKey, _newOperator());
        spec.explicitWantedKey = true;
        TransferValidityProof[] memory proofs = _one(spec);
        vm.prank(alice);
        nft.iTransferFrom(alice, bob, tokenId, proofs);
        assertEq(nft.ownerOf(tokenId), bob);

        // A key that is not the receiver's Ethereum key: the receiver names it, the oracle seals to it.
        spec = _spec(tokenId, 0, carolKey, _newOperator()); // sealed to carol's key...
        spec.accessSignerKey = aliceKey; // ...which alice, the receiver, asks for
        spec.explicitWantedKey = true;
        proofs = _one(spec);
        vm.prank(bob);
        nft.iTransferFrom(bob, alice, tokenId, proofs);
        assertEq(nft.ownerOf(tokenId), alice);
    }

    function test_ITransferFrom_ToAContract() public {
        uint256 tokenId = _mint(alice);
        Holder holder = new Holder();
        vm.prank(address(holder));
        nft.delegateAccess(bob); // a contract cannot sign: its delegate signs the access proof
        Spec memory spec = _spec(tokenId, 0, bobKey, _newOperator());
        spec.explicitWantedKey = true;
        TransferValidityProof[] memory proofs = _one(spec);
        vm.prank(alice);
        nft.iTransferFrom(alice, address(holder), tokenId, proofs);
        assertEq(nft.ownerOf(tokenId), address(holder));

        // one that does not accept ERC-721 tokens
        uint256 other = _mint(alice);
        vm.prank(address(verifier));
        nft.delegateAccess(bob);
        spec = _spec(other, 0, bobKey, _newOperator());
        spec.explicitWantedKey = true;
        proofs = _one(spec);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(verifier)));
        nft.iTransferFrom(alice, address(verifier), other, proofs);
    }

    function test_ITransferFrom_RevertWhen_WrongDataHash() public {
        uint256 tokenId = _mint(alice);
        Spec memory spec = _spec(tokenId, 0, bobKey, _newOperator());
        spec.dataHash = keccak256("not the token's data");
        _expectTransferRevert(tokenId, _one(spec), abi.encodeWithSelector(IERC7857.ERC7857DataHashMismatch.selector));

        // proofs for the data before the last rotation
        TransferValidityProof[] memory stale = _proofs(tokenId, carolKey, _newOperator());
        TransferValidityProof[] memory ps = _proofs(tokenId, bobKey, _newOperator());
        vm.prank(alice);
        nft.iTransferFrom(alice, bob, tokenId, ps);
        vm.prank(bob);
        vm.expectRevert(IERC7857.ERC7857DataHashMismatch.selector);
        nft.iTransferFrom(bob, carol, tokenId, stale);
    }

    function test_ITransferFrom_RevertWhen_WrongReceiverKey() public {
        uint256 tokenId = _mint(alice);
        // sealed to mallory's key although bob receives (and bob asked for his own Ethereum key)
        Spec memory spec = _spec(tokenId, 0, malloryKey, _newOperator());
        spec.accessSignerKey = bobKey;
        _expectTransferRevert(tokenId, _one(spec), abi.encodeWithSelector(IERC7857.ERC7857WantedReceiverMismatch.selector));

        // bob names his key, the oracle seals to mallory's
        spec = _spec(tokenId, 0, bobKey, _newOperator());
        spec.explicitWantedKey = true;
        TransferValidityProof[] memory proofs = _one(spec);
        proofs[0].ownershipProof = _ownershipProof(
            oracleKey,
            spec.dataHash,
            _sealedKey(spec.salt),
            _pubkey(malloryKey),
            abi.encodePacked(proofs[0].accessProof.nonce, spec.newDataHash, spec.newOperator)
        );
        _expectTransferRevert(tokenId, proofs, abi.encodeWithSelector(IERC7857.ERC7857TargetPubkeyMismatch.selector));

        // not a 64-byte key
        spec = _spec(tokenId, 0, bobKey, _newOperator());
        proofs = _one(spec);
        proofs[0].ownershipProof = _ownershipProof(
            oracleKey, spec.dataHash, _sealedKey(spec.salt), hex"04", abi.encodePacked(proofs[0].accessProof.nonce, spec.newDataHash, spec.newOperator)
        );
        _expectTransferRevert(tokenId, proofs, abi.encodeWithSelector(IERC7857.ERC7857WantedReceiverMismatch.selector));
    }

    function test_ITransferFrom_RevertWhen_AccessProofNotByTheReceiverOrItsDelegate() public {
        uint256 tokenId = _mint(alice);
        Spec memory spec = _spec(tokenId, 0, bobKey, _newOperator());
        spec.accessSignerKey = malloryKey;
        _expectTransferRevert(tokenId, _one(spec), abi.encodeWithSelector(IERC7857.ERC7857AccessAssistantMismatch.selector));

        // carol is somebody's delegate, but not bob's
        vm.prank(alice);
        nft.delegateAccess(carol);
        spec = _spec(tokenId, 0, bobKey, _newOperator());
        spec.accessSignerKey = carolKey;
        _expectTransferRevert(tokenId, _one(spec), abi.encodeWithSelector(IERC7857.ERC7857AccessAssistantMismatch.selector));

        // and a revoked delegate no longer counts
        vm.prank(bob);
        nft.delegateAccess(carol);
        vm.prank(bob);
        nft.delegateAccess(address(0));
        spec = _spec(tokenId, 0, bobKey, _newOperator());
        spec.accessSignerKey = carolKey;
        _expectTransferRevert(tokenId, _one(spec), abi.encodeWithSelector(IERC7857.ERC7857AccessAssistantMismatch.selector));
    }

    function test_ITransferFrom_RevertWhen_ProofForged() public {
        uint256 tokenId = _mint(alice);
        Spec memory spec = _spec(tokenId, 0, bobKey, _newOperator());
        spec.oracleSignerKey = malloryKey;
        _expectTransferRevert(tokenId, _one(spec), abi.encodeWithSelector(Verifier.InvalidOwnershipProof.selector, 0));
    }

    function test_ITransferFrom_RevertWhen_Replayed() public {
        uint256 tokenId = _mint(alice);
        TransferValidityProof[] memory proofs = _proofs(tokenId, bobKey, _newOperator());
        vm.prank(alice);
        nft.iTransferFrom(alice, bob, tokenId, proofs);
        TransferValidityProof[] memory back = _proofs(tokenId, aliceKey, _newOperator());
        vm.prank(bob);
        nft.iTransferFrom(bob, alice, tokenId, back);
        // The same proofs again (the verifier refuses them before the data hash is even compared).
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Verifier.ProofAlreadyUsed.selector, _nonceKey(proofs[0].accessProof.nonce)));
        nft.iTransferFrom(alice, bob, tokenId, proofs);
    }

    function test_ITransferFrom_RevertWhen_Expired() public {
        uint256 tokenId = _mint(alice);
        TransferValidityProof[] memory proofs = _proofs(tokenId, bobKey, _newOperator());
        skip(7 days + 1);
        _expectTransferRevert(tokenId, proofs, abi.encodeWithSelector(Verifier.ProofExpired.selector, T0));
    }

    function test_ITransferFrom_RevertWhen_ProofsDoNotMatchTheEntries() public {
        uint256 tokenId = _mint(alice, 2, address(0));
        TransferValidityProof[] memory two = _proofs(tokenId, bobKey, _newOperator());
        TransferValidityProof[] memory one = new TransferValidityProof[](1);
        one[0] = two[0];
        _expectTransferRevert(tokenId, one, abi.encodeWithSelector(IERC7857.ERC7857ProofCountMismatch.selector));
        _expectTransferRevert(
            tokenId, new TransferValidityProof[](0), abi.encodeWithSelector(IERC7857.ERC7857EmptyProof.selector)
        );
        // swapped entries: each proof is about the other entry's data
        TransferValidityProof[] memory swapped = new TransferValidityProof[](2);
        swapped[0] = two[1];
        swapped[1] = two[0];
        _expectTransferRevert(tokenId, swapped, abi.encodeWithSelector(IERC7857.ERC7857DataHashMismatch.selector));
    }

    function test_ITransferFrom_RevertWhen_RotationCommitmentBad() public {
        uint256 tokenId = _mint(alice, 2, _newOperator());
        // entries committing different operators
        Spec memory first = _spec(tokenId, 0, bobKey, _newOperator());
        Spec memory second = _spec(tokenId, 1, bobKey, _newOperator());
        TransferValidityProof[] memory proofs = new TransferValidityProof[](2);
        proofs[0] = _build(first);
        proofs[1] = _build(second);
        _expectTransferRevert(tokenId, proofs, abi.encodeWithSelector(AgentNFT.OperatorMismatch.selector, 1));

        // the current operator again: no rotation
        address current = nft.agentOperatorOf(tokenId);
        proofs = _proofs(tokenId, bobKey, current);
        _expectTransferRevert(tokenId, proofs, abi.encodeWithSelector(AgentNFT.OperatorNotRotated.selector, current));

        // an ownership nonce without the commitment (just the access nonce)
        first = _spec(tokenId, 0, bobKey, _newOperator());
        proofs = _proofs(tokenId, bobKey, first.newOperator);
        proofs[0].ownershipProof = _ownershipProof(
            oracleKey, first.dataHash, _sealedKey(first.salt), _pubkey(bobKey), proofs[0].accessProof.nonce
        );
        _expectTransferRevert(tokenId, proofs, abi.encodeWithSelector(AgentNFT.InvalidRotationCommitment.selector, 0));
    }

    function test_ITransferFrom_RevertWhen_NotTheHoldersToMove() public {
        uint256 tokenId = _mint(alice);
        TransferValidityProof[] memory proofs = _proofs(tokenId, bobKey, _newOperator());
        vm.prank(mallory);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InsufficientApproval.selector, mallory, tokenId));
        nft.iTransferFrom(alice, bob, tokenId, proofs);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidSender.selector, bob));
        nft.iTransferFrom(bob, bob, tokenId, proofs);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(0)));
        nft.iTransferFrom(alice, address(0), tokenId, proofs);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 99));
        nft.iTransferFrom(address(0), bob, 99, proofs);
    }

    function test_ITransferFrom_FailedTransferLeavesEverythingAsItWas() public {
        uint256 tokenId = _mint(alice, 2, _newOperator());
        vm.prank(alice);
        nft.approve(carol, tokenId);
        vm.prank(alice);
        nft.authorizeUsage(tokenId, carol);
        IntelligentData[] memory datas = nft.intelligentDatasOf(tokenId);
        address operator = nft.agentOperatorOf(tokenId);
        TransferValidityProof[] memory proofs = _proofs(tokenId, bobKey, _newOperator());
        proofs[1].accessProof = _accessProof(malloryKey, proofs[1].accessProof.dataHash, "", proofs[1].accessProof.nonce);

        vm.prank(alice);
        vm.expectRevert(IERC7857.ERC7857AccessAssistantMismatch.selector);
        nft.iTransferFrom(alice, bob, tokenId, proofs);

        assertEq(nft.ownerOf(tokenId), alice);
        assertEq(nft.balanceOf(alice), 1);
        assertEq(nft.balanceOf(bob), 0);
        _assertDatas(nft.intelligentDatasOf(tokenId), datas);
        assertEq(nft.agentOperatorOf(tokenId), operator);
        assertEq(nft.getApproved(tokenId), carol);
        assertEq(nft.authorizedUsersOf(tokenId).length, 1);
        assertFalse(verifier.isProofUsed(_nonceKey(proofs[0].accessProof.nonce)), "no nonce was consumed");

        // the good entry's proof is still usable with a corrected second one
        proofs[1] = _build(_spec(tokenId, 1, bobKey, _newOperator(proofs[0])));
        vm.prank(alice);
        nft.iTransferFrom(alice, bob, tokenId, proofs);
        assertEq(nft.ownerOf(tokenId), bob);
    }

    // ---------------------------------------------------------------------------------------------
    // Plain ERC-721 transfers
    // ---------------------------------------------------------------------------------------------

    function test_PlainTransfer_RefusedForTokensWithData() public {
        uint256 tokenId = _mint(alice);
        bytes memory refused = abi.encodeWithSelector(AgentNFT.PlainTransferOfIntelligentData.selector, tokenId);
        vm.startPrank(alice);
        vm.expectRevert(refused);
        nft.transferFrom(alice, bob, tokenId);
        vm.expectRevert(refused);
        nft.safeTransferFrom(alice, bob, tokenId);
        vm.expectRevert(refused);
        nft.safeTransferFrom(alice, bob, tokenId, "");
        vm.stopPrank();
        assertEq(nft.ownerOf(tokenId), alice);

        // also after an update and a proven transfer
        TransferValidityProof[] memory ps = _proofs(tokenId, bobKey, _newOperator());
        vm.prank(alice);
        nft.iTransferFrom(alice, bob, tokenId, ps);
        vm.prank(bob);
        vm.expectRevert(refused);
        nft.transferFrom(bob, alice, tokenId);
    }

    function test_PlainTransfer_ClearsTheOperatorAndAuthorizations() public {
        vm.prank(alice);
        uint256 tokenId = nft.mint(alice);
        address operator = _newOperator();
        vm.startPrank(alice);
        nft.setAgentOperator(tokenId, operator);
        nft.authorizeUsage(tokenId, carol);
        nft.approve(carol, tokenId);
        vm.stopPrank();
        vm.expectEmit(address(nft));
        emit Transfer(alice, bob, tokenId);
        vm.expectEmit(address(nft));
        emit AgentNFT.AgentOperatorUpdated(tokenId, address(0));
        vm.prank(carol);
        nft.transferFrom(alice, bob, tokenId);
        assertEq(nft.agentOperatorOf(tokenId), address(0));
        assertEq(nft.authorizedUsersOf(tokenId).length, 0);
        assertEq(nft.getApproved(tokenId), address(0));
    }

    function test_PlainTransfer_RevertWhen_Invalid() public {
        vm.prank(alice);
        uint256 tokenId = nft.mint(alice);
        vm.prank(mallory);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InsufficientApproval.selector, mallory, tokenId));
        nft.transferFrom(alice, mallory, tokenId);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721IncorrectOwner.selector, bob, tokenId, alice));
        nft.transferFrom(bob, carol, tokenId);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(0)));
        nft.transferFrom(alice, address(0), tokenId);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 7));
        nft.transferFrom(alice, bob, 7);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(verifier)));
        nft.safeTransferFrom(alice, address(verifier), tokenId);
    }

    function test_Erc721Views() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidOwner.selector, address(0)));
        nft.balanceOf(address(0));
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 0));
        nft.ownerOf(0);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 0));
        nft.getApproved(0);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 0));
        nft.tokenURI(0);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 0));
        nft.intelligentDatasOf(0);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 0));
        nft.agentOperatorOf(0);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 0));
        nft.authorizedUsersOf(0);
        assertEq(nft.creatorOf(0), address(0));

        uint256 tokenId = _mint(alice);
        vm.prank(mallory);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidApprover.selector, mallory));
        nft.approve(mallory, tokenId);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidOperator.selector, address(0)));
        nft.setApprovalForAll(address(0), true);
        vm.prank(alice);
        nft.setApprovalForAll(bob, true);
        vm.prank(bob); // an operator may approve
        nft.approve(carol, tokenId);
        assertEq(nft.getApproved(tokenId), carol);
    }

    // ---------------------------------------------------------------------------------------------
    // iCloneFrom
    // ---------------------------------------------------------------------------------------------

    function test_ICloneFrom() public {
        address sourceOperator = _newOperator();
        uint256 tokenId = _mint(alice, 2, sourceOperator);
        IntelligentData[] memory source = nft.intelligentDatasOf(tokenId);
        address newOperator = _newOperator();
        TransferValidityProof[] memory proofs = _proofs(tokenId, bobKey, newOperator);
        IntelligentData[] memory expected = new IntelligentData[](2);
        bytes[] memory sealedKeys = new bytes[](2);
        for (uint256 i = 0; i < 2; i++) {
            expected[i] = IntelligentData(source[i].dataDescription, _newHash(proofs[i]));
            sealedKeys[i] = proofs[i].ownershipProof.sealedKey;
        }
        uint256 newId = tokenId + 1;
        vm.expectEmit(address(registry));
        emit AccountCreated(registry.account(newId), newId);
        vm.expectEmit(address(nft));
        emit Transfer(address(0), bob, newId);
        vm.expectEmit(address(nft));
        emit IERC7857.Updated(newId, new IntelligentData[](0), expected);
        vm.expectEmit(address(nft));
        emit AgentNFT.AgentOperatorUpdated(newId, newOperator);
        vm.expectEmit(address(nft));
        emit IERC7857Cloneable.Cloned(tokenId, newId, alice, bob);
        vm.expectEmit(address(nft));
        emit IERC7857.PublishedSealedKey(bob, newId, sealedKeys);
        vm.prank(alice);
        assertEq(nft.iCloneFrom(alice, bob, tokenId, proofs), newId);

        assertEq(nft.ownerOf(newId), bob);
        _assertDatas(nft.intelligentDatasOf(newId), expected);
        assertEq(nft.agentOperatorOf(newId), newOperator);
        assertEq(nft.creatorOf(newId), alice, "the source's creator");
        assertTrue(nft.accountOf(newId) != nft.accountOf(tokenId));
        assertGt(nft.accountOf(newId).code.length, 0);
        // the source is untouched
        assertEq(nft.ownerOf(tokenId), alice);
        _assertDatas(nft.intelligentDatasOf(tokenId), source);
        assertEq(nft.agentOperatorOf(tokenId), sourceOperator);
        assertEq(nft.balanceOf(alice), 1);
        assertEq(nft.balanceOf(bob), 1);
    }

    function test_ICloneFrom_RevertWhen_Invalid() public {
        address operator = _newOperator();
        uint256 tokenId = _mint(alice, 1, operator);
        TransferValidityProof[] memory same = _proofs(tokenId, bobKey, operator);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(AgentNFT.OperatorNotRotated.selector, operator));
        nft.iCloneFrom(alice, bob, tokenId, same);

        TransferValidityProof[] memory proofs = _proofs(tokenId, bobKey, _newOperator());
        vm.prank(mallory);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InsufficientApproval.selector, mallory, tokenId));
        nft.iCloneFrom(alice, bob, tokenId, proofs);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidSender.selector, bob));
        nft.iCloneFrom(bob, bob, tokenId, proofs);
        vm.prank(alice);
        vm.expectRevert(IERC7857.ERC7857EmptyProof.selector);
        nft.iCloneFrom(alice, bob, tokenId, new TransferValidityProof[](0));
        Spec memory spec = _spec(tokenId, 0, bobKey, _newOperator());
        spec.accessSignerKey = malloryKey;
        TransferValidityProof[] memory stranger = _one(spec);
        vm.prank(alice);
        vm.expectRevert(IERC7857.ERC7857AccessAssistantMismatch.selector);
        nft.iCloneFrom(alice, bob, tokenId, stranger);

        // the proofs work once
        vm.prank(alice);
        nft.iCloneFrom(alice, bob, tokenId, proofs);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Verifier.ProofAlreadyUsed.selector, _nonceKey(proofs[0].accessProof.nonce)));
        nft.iCloneFrom(alice, bob, tokenId, proofs);
    }

    // ---------------------------------------------------------------------------------------------
    // Authorized users
    // ---------------------------------------------------------------------------------------------

    function test_AuthorizeUsage() public {
        uint256 tokenId = _mint(alice);
        vm.expectEmit(address(nft));
        emit IERC7857Authorize.Authorization(alice, bob, tokenId);
        vm.startPrank(alice);
        nft.authorizeUsage(tokenId, bob);
        nft.authorizeUsage(tokenId, carol);
        nft.authorizeUsage(tokenId, mallory);
        vm.expectRevert(IERC7857Authorize.ERC7857AlreadyAuthorized.selector);
        nft.authorizeUsage(tokenId, carol);
        vm.expectRevert(abi.encodeWithSelector(IERC7857Authorize.ERC7857InvalidAuthorizedUser.selector, address(0)));
        nft.authorizeUsage(tokenId, address(0));

        vm.expectEmit(address(nft));
        emit IERC7857Authorize.AuthorizationRevoked(alice, bob, tokenId);
        nft.revokeAuthorization(tokenId, bob); // the first: the last one moves into its place
        address[] memory users = nft.authorizedUsersOf(tokenId);
        assertEq(users.length, 2);
        assertEq(users[0], mallory);
        assertEq(users[1], carol);
        vm.expectRevert(IERC7857Authorize.ERC7857NotAuthorized.selector);
        nft.revokeAuthorization(tokenId, bob);
        vm.expectRevert(abi.encodeWithSelector(IERC7857Authorize.ERC7857InvalidAuthorizedUser.selector, address(0)));
        nft.revokeAuthorization(tokenId, address(0));
        nft.revokeAuthorization(tokenId, carol); // the last
        nft.authorizeUsage(tokenId, bob); // and again
        users = nft.authorizedUsersOf(tokenId);
        assertEq(users.length, 2);
        assertEq(users[0], mallory);
        assertEq(users[1], bob);

        vm.expectEmit(address(nft));
        emit AgentNFT.AuthorizedUsersCleared(alice, tokenId);
        nft.clearAuthorizedUsers(tokenId);
        assertEq(nft.authorizedUsersOf(tokenId).length, 0);
        nft.authorizeUsage(tokenId, mallory); // a cleared user can be authorized again
        vm.stopPrank();
        assertEq(nft.authorizedUsersOf(tokenId).length, 1);
    }

    function test_AuthorizeUsage_OnlyTheHolder() public {
        uint256 tokenId = _mint(alice);
        vm.startPrank(bob);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721IncorrectOwner.selector, bob, tokenId, alice));
        nft.authorizeUsage(tokenId, bob);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721IncorrectOwner.selector, bob, tokenId, alice));
        nft.batchAuthorizeUsage(tokenId, new address[](1));
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidSender.selector, bob));
        nft.revokeAuthorization(tokenId, bob);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721IncorrectOwner.selector, bob, tokenId, alice));
        nft.clearAuthorizedUsers(tokenId);
        vm.stopPrank();
    }

    function test_BatchAuthorizeUsage_UpToOneHundred() public {
        uint256 tokenId = _mint(alice);
        address[] memory users = new address[](100);
        for (uint256 i = 0; i < 100; i++) {
            users[i] = address(uint160(0x1000 + i));
        }
        vm.startPrank(alice);
        vm.expectRevert(AgentNFT.EmptyUsers.selector);
        nft.batchAuthorizeUsage(tokenId, new address[](0));
        vm.expectRevert(abi.encodeWithSelector(IERC7857Authorize.ERC7857InvalidAuthorizedUser.selector, address(0)));
        nft.batchAuthorizeUsage(tokenId, new address[](2));
        nft.batchAuthorizeUsage(tokenId, users);
        assertEq(nft.authorizedUsersOf(tokenId).length, 100);
        vm.expectRevert(IERC7857Authorize.ERC7857TooManyAuthorizedUsers.selector);
        nft.authorizeUsage(tokenId, bob);
        nft.revokeAuthorization(tokenId, users[50]);
        nft.authorizeUsage(tokenId, bob);
        vm.stopPrank();
    }

    function test_AuthorizedUsers_ClearedByTransfer() public {
        uint256 tokenId = _mint(alice);
        vm.prank(alice);
        nft.authorizeUsage(tokenId, carol);
        TransferValidityProof[] memory ps = _proofs(tokenId, bobKey, _newOperator());
        vm.prank(alice);
        nft.iTransferFrom(alice, bob, tokenId, ps);
        assertEq(nft.authorizedUsersOf(tokenId).length, 0);
        vm.prank(bob);
        nft.authorizeUsage(tokenId, carol);
        assertEq(nft.authorizedUsersOf(tokenId)[0], carol);
    }

    // ---------------------------------------------------------------------------------------------
    // update, URIs, creators, operators
    // ---------------------------------------------------------------------------------------------

    function test_Update() public {
        uint256 tokenId = _mint(alice, 2, address(0));
        IntelligentData[] memory before = nft.intelligentDatasOf(tokenId);
        IntelligentData[] memory next = _datas(3, "v2");
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721IncorrectOwner.selector, bob, tokenId, alice));
        nft.update(tokenId, next);
        vm.prank(alice);
        vm.expectRevert(AgentNFT.EmptyIntelligentData.selector);
        nft.update(tokenId, new IntelligentData[](0));
        vm.expectEmit(address(nft));
        emit IERC7857.Updated(tokenId, before, next);
        vm.prank(alice);
        nft.update(tokenId, next);
        _assertDatas(nft.intelligentDatasOf(tokenId), next);

        IntelligentData[] memory shorter = _datas(1, "v3");
        vm.prank(alice);
        nft.update(tokenId, shorter);
        _assertDatas(nft.intelligentDatasOf(tokenId), shorter);
        assertEq(nft.tokenURI(tokenId), "v3 part 0");

        vm.prank(admin);
        nft.pause();
        vm.prank(alice);
        vm.expectRevert(AgentNFT.EnforcedPause.selector);
        nft.update(tokenId, next);
    }

    function test_TokenURI() public {
        uint256 tokenId = _mint(alice);
        vm.expectEmit(address(nft));
        emit AgentNFT.BaseURIUpdated("", "https://agents.example/");
        vm.prank(admin);
        nft.setBaseURI("https://agents.example/");
        assertEq(nft.tokenURI(tokenId), "https://agents.example/0");
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721IncorrectOwner.selector, bob, tokenId, alice));
        nft.setTokenURI(tokenId, "mine");
        vm.expectEmit(address(nft));
        emit AgentNFT.TokenURIUpdated(tokenId, "0g://agent");
        vm.prank(alice);
        nft.setTokenURI(tokenId, "0g://agent");
        assertEq(nft.tokenURI(tokenId), "0g://agent");
    }

    function test_SetCreator() public {
        uint256 tokenId = _mint(alice);
        vm.expectEmit(address(nft));
        emit AgentNFT.CreatorSet(tokenId, carol);
        vm.prank(admin);
        nft.setCreator(tokenId, carol);
        assertEq(nft.creatorOf(tokenId), carol);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 9));
        nft.setCreator(9, carol);
        // a clone inherits the creator as set
        TransferValidityProof[] memory ps = _proofs(tokenId, bobKey, _newOperator());
        vm.prank(alice);
        uint256 clone = nft.iCloneFrom(alice, bob, tokenId, ps);
        assertEq(nft.creatorOf(clone), carol);
    }

    function test_SetAgentOperator() public {
        uint256 tokenId = _mint(alice);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721IncorrectOwner.selector, bob, tokenId, alice));
        nft.setAgentOperator(tokenId, bob);
        address operator = _newOperator();
        vm.expectEmit(address(nft));
        emit AgentNFT.AgentOperatorUpdated(tokenId, operator);
        vm.prank(alice);
        nft.setAgentOperator(tokenId, operator);
        assertEq(nft.agentOperatorOf(tokenId), operator);
        vm.prank(alice);
        nft.setAgentOperator(tokenId, address(0));
        assertEq(nft.agentOperatorOf(tokenId), address(0));
    }

    // ---------------------------------------------------------------------------------------------
    // Fuzz
    // ---------------------------------------------------------------------------------------------

    /// Whatever is minted reads back exactly (through the account's code or storage).
    function testFuzz_MintRoundTrip(bytes32 seed, uint8 count, uint16 maxLength, address to, address operator) public {
        vm.assume(to != address(0) && to.code.length == 0 && uint160(to) > 0x100);
        count = uint8(bound(count, 1, 6));
        IntelligentData[] memory datas = new IntelligentData[](count);
        for (uint256 i = 0; i < count; i++) {
            uint256 length = uint256(keccak256(abi.encode(seed, i))) % (uint256(maxLength) % 300 + 1);
            bytes memory description = new bytes(length);
            for (uint256 j = 0; j < length; j++) {
                description[j] = bytes1(uint8(uint256(keccak256(abi.encode(seed, i, j)))));
            }
            datas[i] = IntelligentData(string(description), keccak256(abi.encode(seed, "hash", i)));
        }
        vm.prank(alice);
        uint256 tokenId = nft.mint(datas, to, operator);
        _assertDatas(nft.intelligentDatasOf(tokenId), datas);
        assertEq(nft.ownerOf(tokenId), to);
        assertEq(nft.creatorOf(tokenId), alice);
        assertEq(nft.agentOperatorOf(tokenId), operator);
    }

    /// No access proof by anyone but the receiver (or its delegate) moves a token.
    function testFuzz_RevertWhen_AccessSignedByAnyoneElse(uint256 key) public {
        key = bound(key, 1, SECP256K1_ORDER - 1);
        vm.assume(vm.addr(key) != bob);
        uint256 tokenId = _mint(alice);
        Spec memory spec = _spec(tokenId, 0, bobKey, _newOperator());
        spec.accessSignerKey = key;
        _expectTransferRevert(tokenId, _one(spec), abi.encodeWithSelector(IERC7857.ERC7857AccessAssistantMismatch.selector));
    }

    /// Every transfer stores exactly the committed hash and operator.
    function testFuzz_TransferStoresTheCommitment(bytes32 newDataHash, address newOperator) public {
        vm.assume(newOperator != address(0));
        uint256 tokenId = _mint(alice);
        Spec memory spec = _spec(tokenId, 0, bobKey, newOperator);
        spec.newDataHash = newDataHash;
        TransferValidityProof[] memory proofs = _one(spec);
        vm.prank(alice);
        nft.iTransferFrom(alice, bob, tokenId, proofs);
        assertEq(_hashes(tokenId)[0], newDataHash);
        assertEq(nft.agentOperatorOf(tokenId), newOperator);
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    function _assertDatas(IntelligentData[] memory actual, IntelligentData[] memory expected) internal pure {
        assertEq(actual.length, expected.length, "entry count");
        for (uint256 i = 0; i < expected.length; i++) {
            assertEq(actual[i].dataDescription, expected[i].dataDescription);
            assertEq(actual[i].dataHash, expected[i].dataHash);
        }
    }

    /// The new data hash a proof commits (bytes [32, 64) of its ownership nonce).
    function _newHash(TransferValidityProof memory proof) internal pure returns (bytes32 hash) {
        bytes memory nonce = proof.ownershipProof.nonce;
        assembly {
            hash := mload(add(nonce, 64))
        }
    }

    /// The new operator a proof commits (bytes [64, 84) of its ownership nonce).
    function _newOperator(TransferValidityProof memory proof) internal pure returns (address operator) {
        bytes memory nonce = proof.ownershipProof.nonce;
        assembly {
            operator := shr(96, mload(add(nonce, 96)))
        }
    }

    /// alice's transfer of `tokenId` to bob with `proofs` reverts with `reason`, and changes nothing.
    function _expectTransferRevert(uint256 tokenId, TransferValidityProof[] memory proofs, bytes memory reason)
        internal
    {
        address owner = nft.ownerOf(tokenId);
        bytes32[] memory hashes = _hashes(tokenId);
        vm.prank(owner);
        vm.expectRevert(reason);
        nft.iTransferFrom(owner, bob, tokenId, proofs);
        assertEq(nft.ownerOf(tokenId), owner);
        assertEq(_hashes(tokenId), hashes);
    }
}
