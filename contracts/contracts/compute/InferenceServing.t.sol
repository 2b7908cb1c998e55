// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm} from "forge-std/Vm.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {ComputeBase} from "./ComputeBase.sol";
import {ComputeTestBase, RejectingActor} from "./ComputeTestBase.t.sol";
import {
    Account as InferenceAccount,
    InferenceServing,
    Refund,
    Service,
    ServiceParams,
    SettlementStatus,
    TEESettlementData
} from "./InferenceServing.sol";
import {IServing, IServingLedger} from "./IServing.sol";
import {LedgerManager} from "./LedgerManager.sol";
import {ServingAccounts} from "./ServingAccounts.sol";

contract InferenceServingTest is ComputeTestBase {
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    function setUp() public override {
        super.setUp();
        _registerInference(provider, tee);
    }

    // ---------------------------------------------------------------------------------------------
    // Initialization and owner
    // ---------------------------------------------------------------------------------------------

    function test_Initialize() public {
        assertEq(inference.lockTime(), LOCK);
        assertEq(inference.ledgerAddress(), address(ledger));
        assertEq(inference.owner(), owner);
        assertTrue(inference.initialized());
        assertEq(inference.MIN_LOCKTIME(), 1 hours);
        assertEq(inference.MAX_LOCKTIME(), 7 days);
        assertEq(inference.MIN_PROVIDER_STAKE(), 100 ether);
        vm.expectRevert(ComputeBase.AlreadyInitialized.selector);
        inference.initialize(LOCK, address(ledger), owner);

        InferenceServing fresh = new InferenceServing();
        vm.expectRevert(
            abi.encodeWithSelector(InferenceServing.LockTimeOutOfRange.selector, 1 hours - 1, 1 hours, 7 days)
        );
        fresh.initialize(1 hours - 1, address(ledger), owner);
        vm.expectRevert(
            abi.encodeWithSelector(InferenceServing.LockTimeOutOfRange.selector, 7 days + 1, 1 hours, 7 days)
        );
        fresh.initialize(7 days + 1, address(ledger), owner);
        vm.expectEmit(address(fresh));
        emit InferenceServing.ContractInitialized(alice, 2 hours, bob);
        vm.expectEmit(address(fresh));
        emit ComputeBase.Initialized(1);
        fresh.initialize(2 hours, bob, alice);
        assertEq(fresh.owner(), alice);
    }

    function test_UpdateLockTime() public {
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        inference.updateLockTime(2 hours);
        vm.startPrank(owner);
        vm.expectRevert(abi.encodeWithSelector(InferenceServing.LockTimeOutOfRange.selector, 59 minutes, 1 hours, 7 days));
        inference.updateLockTime(59 minutes);
        vm.expectEmit(address(inference));
        emit ServingAccounts.LockTimeUpdated(LOCK, 2 hours);
        inference.updateLockTime(2 hours);
        vm.stopPrank();
        assertEq(inference.lockTime(), 2 hours);
    }

    function test_SupportsInterfaces() public view {
        assertTrue(inference.supportsInterface(type(IERC165).interfaceId));
        assertTrue(inference.supportsInterface(type(IServing).interfaceId));
        assertTrue(inference.supportsInterface(type(IServingLedger).interfaceId));
        assertFalse(inference.supportsInterface(0xffffffff));
        // 0G's IServing interface id: its seven ledger functions.
        bytes4 id = bytes4(keccak256("accountExists(address,address)")) ^ bytes4(keccak256("getPendingRefund(address,address)"))
            ^ bytes4(keccak256("addAccount(address,address,string)"))
            ^ bytes4(keccak256("depositFund(address,address,uint256)"))
            ^ bytes4(keccak256("requestRefundAll(address,address)")) ^ bytes4(keccak256("processRefund(address,address)"))
            ^ bytes4(keccak256("deleteAccount(address,address)"));
        assertEq(type(IServing).interfaceId, id);
    }

    function test_RevertWhen_PlainTransfer() public {
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        (bool success, bytes memory reason) = address(inference).call{value: 1 ether}("");
        assertFalse(success);
        assertEq(reason, abi.encodeWithSelector(ServingAccounts.DirectDepositsDisabled.selector));
    }

    // ---------------------------------------------------------------------------------------------
    // Providers
    // ---------------------------------------------------------------------------------------------

    function test_AddOrUpdateService() public {
        Service memory s = inference.getService(provider);
        assertEq(s.provider, provider);
        assertEq(s.serviceType, "chatbot");
        assertEq(s.url, "https://provider.example.com");
        assertEq(s.inputPrice, 5);
        assertEq(s.outputPrice, 10);
        assertEq(s.updatedAt, T0);
        assertEq(s.model, "qwen-2.5-7b");
        assertEq(s.verifiability, "TeeML");
        assertEq(s.additionalInfo, '{"ProviderType":"centralized"}');
        assertEq(s.teeSignerAddress, tee);
        assertTrue(s.teeSignerAcknowledged);
        assertTrue(inference.serviceExists(provider));
        assertEq(address(inference).balance, 100 ether);

        // Price and url changes keep the acknowledgement.
        ServiceParams memory p = _params(tee);
        p.url = "https://elsewhere.example.com";
        p.inputPrice = 7;
        vm.warp(T0 + 10);
        vm.expectEmit(address(inference));
        emit InferenceServing.ServiceUpdated(
            provider, "chatbot", "https://elsewhere.example.com", 7, 10, T0 + 10, "qwen-2.5-7b", "TeeML"
        );
        vm.prank(provider);
        inference.addOrUpdateService(p);
        s = inference.getService(provider);
        assertEq(s.url, "https://elsewhere.example.com");
        assertEq(s.inputPrice, 7);
        assertEq(s.updatedAt, T0 + 10);
        assertTrue(s.teeSignerAcknowledged);

        // Each critical field clears it.
        for (uint256 field; field < 5; ++field) {
            p = _params(tee);
            if (field == 0) p.serviceType = "text-to-image";
            if (field == 1) p.model = "other";
            if (field == 2) p.verifiability = "";
            if (field == 3) p.additionalInfo = "{}";
            if (field == 4) p.teeSignerAddress = alice;
            vm.prank(owner);
            inference.acknowledgeTEESignerByOwner(provider);
            vm.prank(provider);
            inference.addOrUpdateService(p);
            assertFalse(inference.getService(provider).teeSignerAcknowledged, "critical field");
            vm.prank(provider);
            inference.addOrUpdateService(_params(tee)); // back (also critical)
        }
        assertEq(inference.getService(provider).model, "qwen-2.5-7b");
    }

    function test_RevertWhen_AddOrUpdateServiceIsInvalid() public {
        vm.deal(bob, 200 ether);
        vm.startPrank(bob);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.InsufficientStake.selector, 99 ether, 100 ether));
        inference.addOrUpdateService{value: 99 ether}(_params(tee));
        ServiceParams memory p = _params(tee);
        p.additionalInfo = string(new bytes(4097));
        vm.expectRevert(ServingAccounts.AdditionalInfoTooLong.selector);
        inference.addOrUpdateService{value: 100 ether}(p);
        vm.expectEmit(address(inference));
        emit ServingAccounts.ProviderStaked(bob, 150 ether);
        inference.addOrUpdateService{value: 150 ether}(_params(tee));
        vm.expectRevert(ServingAccounts.CannotAddStakeWhenUpdating.selector);
        inference.addOrUpdateService{value: 1}(_params(tee));
        vm.stopPrank();
        assertEq(address(inference).balance, 250 ether);
    }

    function test_RemoveService() public {
        _registerInference(bob, tee);
        _registerInference(alice, tee);
        (Service[] memory all, uint256 total) = inference.getAllServices(0, 0);
        assertEq(total, 3);
        assertEq(all[0].provider, provider);

        uint256 before = provider.balance;
        vm.expectEmit(address(inference));
        emit ServingAccounts.ProviderStakeReturned(provider, 100 ether);
        vm.expectEmit(address(inference));
        emit InferenceServing.ServiceRemoved(provider);
        vm.prank(provider);
        inference.removeService();
        assertEq(provider.balance, before + 100 ether);
        assertFalse(inference.serviceExists(provider));
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.ServiceNotExist.selector, provider));
        inference.getService(provider);
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.ServiceNotExist.selector, provider));
        inference.removeService();
        (all, total) = inference.getAllServices(0, 0);
        assertEq(total, 2);
        assertEq(all[0].provider, alice); // the last one moved into the freed position
        assertEq(all[1].provider, bob);

        // Registering again takes a new stake and a new acknowledgement.
        vm.deal(provider, 100 ether);
        vm.prank(provider);
        inference.addOrUpdateService{value: 100 ether}(_params(tee));
        assertFalse(inference.getService(provider).teeSignerAcknowledged);
        (all,) = inference.getAllServices(2, 1);
        assertEq(all.length, 1);
        assertEq(all[0].provider, provider);
    }

    function test_RevertWhen_StakeCannotBeReturned() public {
        RejectingActor actor = new RejectingActor();
        vm.deal(address(actor), 100 ether);
        actor.forward(address(inference), abi.encodeCall(InferenceServing.addOrUpdateService, (_params(tee))), 100 ether);
        vm.expectRevert(InferenceServing.TransferFailed.selector);
        actor.forward(address(inference), abi.encodeCall(InferenceServing.removeService, ()), 0);
    }

    function test_OwnerAcknowledgesTheTeeSigner() public {
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        inference.acknowledgeTEESignerByOwner(provider);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        inference.revokeTEESignerAcknowledgement(provider);
        vm.startPrank(owner);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.ServiceNotExist.selector, bob));
        inference.acknowledgeTEESignerByOwner(bob);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.ServiceNotExist.selector, bob));
        inference.revokeTEESignerAcknowledgement(bob);
        vm.expectEmit(address(inference));
        emit ServingAccounts.ProviderTEESignerAcknowledged(provider, tee, false);
        inference.revokeTEESignerAcknowledgement(provider);
        assertFalse(inference.getService(provider).teeSignerAcknowledged);
        vm.expectEmit(address(inference));
        emit ServingAccounts.ProviderTEESignerAcknowledged(provider, tee, true);
        inference.acknowledgeTEESignerByOwner(provider);
        vm.stopPrank();
        assertTrue(inference.getService(provider).teeSignerAcknowledged);
    }

    // ---------------------------------------------------------------------------------------------
    // Sub-accounts
    // ---------------------------------------------------------------------------------------------

    function test_OnlyTheLedgerManagesSubAccounts() public {
        bytes memory notLedger = abi.encodeWithSelector(InferenceServing.CallerNotLedger.selector, address(this));
        vm.expectRevert(notLedger);
        inference.addAccount(alice, provider, "");
        vm.expectRevert(notLedger);
        inference.depositFund(alice, provider, 0);
        vm.expectRevert(notLedger);
        inference.requestRefundAll(alice, provider);
        vm.expectRevert(notLedger);
        inference.processRefund(alice, provider);
        vm.expectRevert(notLedger);
        inference.deleteAccount(alice, provider);
        vm.expectRevert(notLedger);
        inference.retrieveFunds(alice, new address[](0));
        vm.expectRevert(notLedger);
        inference.deleteAccounts(alice);
    }

    function test_LedgerCallsWithZeroSemantics() public {
        vm.startPrank(address(ledger));
        vm.expectRevert(abi.encodeWithSelector(InferenceServing.InvalidAddress.selector, address(0)));
        inference.addAccount(address(0), provider, "");
        vm.expectRevert(abi.encodeWithSelector(InferenceServing.InvalidAddress.selector, address(0)));
        inference.addAccount(alice, address(0), "");
        vm.expectRevert(InferenceServing.ProviderCannotBeUser.selector);
        inference.addAccount(alice, alice, "");
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.AccountNotExists.selector, alice, provider));
        inference.depositFund(alice, provider, 0);
        vm.expectRevert(InferenceServing.ProviderCannotBeUser.selector);
        inference.depositFund(alice, alice, 0);
        inference.addAccount(alice, provider, "x");
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.AccountExists.selector, alice, provider));
        inference.addAccount(alice, provider, "x");
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.AccountNotExists.selector, bob, provider));
        inference.requestRefundAll(bob, provider);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.AccountNotExists.selector, bob, provider));
        inference.processRefund(bob, provider);
        // deleteAccount of a missing sub-account reports 0, as 0G does.
        vm.expectEmit(address(inference));
        emit ServingAccounts.AccountDeleted(bob, provider, 0);
        inference.deleteAccount(bob, provider);
        // A single deleteAccount unlinks the sub-account from the user's list.
        inference.addAccount(alice, bob, "");
        inference.addAccount(alice, owner, "");
        inference.deleteAccount(alice, bob);
        vm.stopPrank();
        address[] memory providers = inference.userProviders(alice);
        assertEq(providers.length, 2);
        assertEq(providers[0], provider);
        assertEq(providers[1], owner);
        (, uint256 total) = inference.getAccountsByProvider(bob, 0, 0);
        assertEq(total, 0);
    }

    function test_GetAccount() public {
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.AccountNotExists.selector, alice, provider));
        inference.getAccount(alice, provider);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.AccountNotExists.selector, alice, provider));
        inference.getPendingRefund(alice, provider);
        _fund(alice, 10 ether);
        vm.prank(alice);
        ledger.updateAdditionalInfo("encrypted key");
        _transfer(alice, INF, provider, 4 ether);
        InferenceAccount memory a = inference.getAccount(alice, provider);
        assertEq(a.user, alice);
        assertEq(a.provider, provider);
        assertEq(a.nonce, 0);
        assertEq(a.balance, 4 ether);
        assertEq(a.pendingRefund, 0);
        assertEq(a.refunds.length, 0);
        assertEq(a.additionalInfo, "encrypted key");
        assertTrue(a.acknowledged);
        assertEq(a.validRefundsLength, 0);
        assertEq(a.generation, 0);
        assertEq(a.revokedBitmap, 0);
    }

    function test_UserAcknowledgement() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.AccountNotExists.selector, alice, provider));
        inference.acknowledgeTEESigner(provider, true);
        _openInference(alice, provider, 10 ether, 2 ether);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ServingAccounts.CannotRevokeWithNonZeroBalance.selector, alice, provider, 2 ether)
        );
        inference.acknowledgeTEESigner(provider, false);
        vm.prank(alice);
        inference.acknowledgeTEESigner(provider, true);
        // Spend everything; then revoking works, and settling stops.
        _settle(provider, _one(_entry(teeKey, alice, provider, 2 ether, 1)));
        vm.prank(alice);
        inference.acknowledgeTEESigner(provider, false);
        assertFalse(inference.getAccount(alice, provider).acknowledged);
        // A top-up acknowledges again (0G's auto-acknowledgement).
        _transfer(alice, INF, provider, 1 ether);
        assertTrue(inference.getAccount(alice, provider).acknowledged);
    }

    function test_TokenRevocation() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.AccountNotExists.selector, alice, provider));
        inference.revokeToken(provider, 1);
        _openInference(alice, provider, 10 ether, 2 ether);
        vm.startPrank(alice);
        vm.expectEmit(address(inference));
        emit InferenceServing.TokenRevoked(alice, provider, 3);
        inference.revokeToken(provider, 3);
        uint8[] memory ids = new uint8[](2);
        ids[0] = 0;
        ids[1] = 255;
        vm.expectEmit(address(inference));
        emit InferenceServing.TokensRevoked(alice, provider, ids);
        inference.revokeTokens(provider, ids);
        vm.stopPrank();
        assertTrue(inference.isTokenRevoked(alice, provider, 0));
        assertTrue(inference.isTokenRevoked(alice, provider, 3));
        assertTrue(inference.isTokenRevoked(alice, provider, 255));
        assertFalse(inference.isTokenRevoked(alice, provider, 4));
        assertEq(inference.getAccount(alice, provider).revokedBitmap, (1 << 255) | (1 << 3) | 1);

        vm.expectEmit(address(inference));
        emit InferenceServing.AllTokensRevoked(alice, provider, 1);
        vm.prank(alice);
        inference.revokeAllTokens(provider);
        InferenceAccount memory a = inference.getAccount(alice, provider);
        assertEq(a.generation, 1);
        assertEq(a.revokedBitmap, 0);
        assertEq(a.balance, 2 ether); // nothing else changed
        vm.prank(alice);
        inference.revokeAllTokens(provider);
        assertEq(inference.getAccount(alice, provider).generation, 2);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.AccountNotExists.selector, bob, provider));
        inference.isTokenRevoked(bob, provider, 0);
    }

    function test_RefundsUnlockAfterTheLockTimeAndAtMostFiveWait() public {
        _openInference(alice, provider, 100 ether, 1 ether);
        for (uint256 i; i < 5; ++i) {
            vm.warp(T0 + i * 100);
            _transfer(alice, INF, provider, 2 ether); // cancels what is pending (LIFO), adds the rest
            _retrieve(alice, INF, provider);
        }
        // Each top-up cancelled 2 0G of what was pending (newest first) instead of moving funds.
        InferenceAccount memory a = inference.getAccount(alice, provider);
        assertEq(a.validRefundsLength, 2);
        assertEq(a.pendingRefund, 3 ether);
        assertEq(a.balance, 3 ether);
        assertEq(_available(alice), 97 ether);

        // Five separate refunds: funds moved in by the ledger without cancelling anything.
        _fund(bob, 100 ether);
        _transfer(bob, INF, provider, 10 ether);
        for (uint256 i; i < 5; ++i) {
            vm.warp(T0 + 1000 + i * 100);
            vm.prank(address(ledger));
            inference.depositFund{value: 0}(bob, provider, 0);
            // request a refund of a new slice: move 1 0G in without cancelling
            vm.deal(address(ledger), address(ledger).balance + 1 ether);
            vm.prank(address(ledger));
            inference.depositFund{value: 1 ether}(bob, provider, 0);
            _retrieve(bob, INF, provider);
        }
        a = inference.getAccount(bob, provider);
        assertEq(a.validRefundsLength, 5);
        assertEq(a.refunds.length, 5);
        assertEq(a.pendingRefund, 15 ether);
        assertEq(a.refunds[0].amount, 11 ether);
        assertEq(a.refunds[1].amount, 1 ether);
        assertEq(a.refunds[4].createdAt, T0 + 1400);
        assertEq(a.refunds[4].index, 4);
        // A sixth is refused.
        vm.deal(address(ledger), address(ledger).balance + 1 ether);
        vm.prank(address(ledger));
        inference.depositFund{value: 1 ether}(bob, provider, 0);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.TooManyRefunds.selector, bob, provider));
        _retrieve(bob, INF, provider);

        // The first two unlock: they come back, the others move to the front (0G's compaction).
        vm.warp(T0 + 1100 + LOCK);
        uint256 before = _available(bob);
        _retrieve(bob, INF, provider); // also requests the stray 1 0G
        assertEq(_available(bob), before + 12 ether);
        a = inference.getAccount(bob, provider);
        assertEq(a.validRefundsLength, 4);
        assertEq(a.refunds.length, 5); // 0G's grow-only array keeps its stale tail
        assertEq(a.refunds[0].createdAt, T0 + 1200);
        assertEq(a.refunds[0].index, 0);
        assertEq(a.refunds[3].amount, 1 ether);
        assertEq(a.refunds[3].createdAt, T0 + 1100 + LOCK);
        assertEq(a.pendingRefund, 4 ether);
        assertEq(a.balance, 4 ether);
    }

    function test_ProcessRefundThroughIServing() public {
        _openInference(alice, provider, 10 ether, 3 ether);
        vm.prank(address(ledger));
        inference.requestRefundAll(alice, provider);
        assertEq(inference.getPendingRefund(alice, provider), 3 ether);
        vm.prank(address(ledger));
        (uint256 total, uint256 balance, uint256 pending) = inference.processRefund(alice, provider);
        assertEq(total, 0);
        assertEq(balance, 3 ether);
        assertEq(pending, 3 ether);
        vm.warp(T0 + LOCK);
        uint256 before = address(ledger).balance;
        vm.expectEmit(address(inference));
        emit ServingAccounts.BalanceUpdated(alice, provider, 0, 0);
        vm.prank(address(ledger));
        (total, balance, pending) = inference.processRefund(alice, provider);
        assertEq(total, 3 ether);
        assertEq(balance, 0);
        assertEq(pending, 0);
        assertEq(address(ledger).balance, before + 3 ether);
    }

    function test_Views() public {
        _openInference(alice, provider, 10 ether, 1 ether);
        _openInference(bob, provider, 10 ether, 2 ether);
        _transfer(alice, INF, bob, 3 ether);
        (InferenceAccount[] memory list, uint256 total) = inference.getAccountsByProvider(provider, 0, 0);
        assertEq(total, 2);
        assertEq(list[0].user, alice);
        assertEq(list[1].balance, 2 ether);
        (list, total) = inference.getAccountsByProvider(provider, 1, 1);
        assertEq(list.length, 1);
        assertEq(list[0].user, bob);
        (list, total) = inference.getAccountsByUser(alice, 0, 0);
        assertEq(total, 2);
        assertEq(list[0].provider, provider); // oldest first
        assertEq(list[1].provider, bob);
        (list, total) = inference.getAllAccounts(0, 0);
        assertEq(total, 3);
        (list, total) = inference.getAllAccounts(1, 2);
        assertEq(list.length, 2);
        assertEq(list[1].provider, bob);
        (list, total) = inference.getAllAccounts(3, 2);
        assertEq(list.length, 0);
        assertEq(total, 3);
        vm.expectRevert(abi.encodeWithSelector(InferenceServing.LimitTooLarge.selector, 51, 50));
        inference.getAllAccounts(0, 51);
        vm.expectRevert(abi.encodeWithSelector(InferenceServing.LimitTooLarge.selector, 51, 50));
        inference.getAccountsByProvider(provider, 0, 51);
        vm.expectRevert(abi.encodeWithSelector(InferenceServing.LimitTooLarge.selector, 51, 50));
        inference.getAccountsByUser(alice, 0, 51);
        vm.expectRevert(abi.encodeWithSelector(InferenceServing.LimitTooLarge.selector, 51, 50));
        inference.getAllServices(0, 51);

        address[] memory users = new address[](3);
        users[0] = bob;
        users[1] = owner;
        users[2] = alice;
        vm.prank(provider);
        list = inference.getBatchAccountsByUsers(users);
        assertEq(list[0].balance, 2 ether);
        assertEq(list[1].user, address(0));
        assertEq(list[2].user, alice);
        vm.expectRevert(abi.encodeWithSelector(InferenceServing.BatchSizeTooLarge.selector, 501, 500));
        inference.getBatchAccountsByUsers(new address[](501));

        (bool exists, uint256 pending, uint256 count) = inference.ledgerQuote(alice, bob);
        assertTrue(exists);
        assertEq(pending, 0);
        assertEq(count, 2);
        assertEq(inference.lockedBalance(alice), 4 ether);
    }

    // ---------------------------------------------------------------------------------------------
    // Settlement
    // ---------------------------------------------------------------------------------------------

    function test_SettleFeesWithTEE() public {
        _openInference(alice, provider, 10 ether, 5 ether);
        TEESettlementData memory entry = _entry(teeKey, alice, provider, 1 ether, 1_700_000_000_0000000);
        uint256 before = provider.balance;
        vm.expectEmit(address(inference));
        emit ServingAccounts.BalanceUpdated(alice, provider, 4 ether, 0);
        vm.expectEmit(address(inference));
        emit InferenceServing.TEESettlementResult(alice, SettlementStatus.SUCCESS, 0);
        vm.expectEmit(address(ledger));
        emit LedgerManager.FundSpent(alice, address(inference), 1 ether);
        uint8[] memory statuses = _settle(provider, _one(entry));
        assertEq(statuses.length, 1);
        assertEq(statuses[0], 0);
        assertEq(provider.balance, before + 1 ether);
        InferenceAccount memory a = inference.getAccount(alice, provider);
        assertEq(a.balance, 4 ether);
        assertEq(a.nonce, 1_700_000_000_0000000);
        assertEq(_available(alice), 5 ether);
        assertEq(ledger.getLedger(alice).totalBalance, 9 ether);
        // Replaying the same entry: INVALID_NONCE, nothing paid.
        assertEq(_settle(provider, _one(entry))[0], 4);
        assertEq(provider.balance, before + 1 ether);
    }

    function test_EveryStatus() public {
        _openInference(alice, provider, 10 ether, 5 ether);
        _openInference(bob, provider, 10 ether, 1 ether);
        (, uint256 forgerKey) = makeAddrAndKey("forger");
        TEESettlementData[] memory list = new TEESettlementData[](6);
        list[0] = _entry(teeKey, alice, provider, 1 ether, 10); // SUCCESS
        list[1] = _entry(teeKey, bob, provider, 3 ether, 10); // PARTIAL: 1 0G paid, 2 0G unsettled
        list[2] = _entry(teeKey, alice, bob, 1 ether, 11); // PROVIDER_MISMATCH
        list[3] = _entry(teeKey, alice, provider, 1 ether, 10); // INVALID_NONCE (10 was just taken)
        list[4] = _entry(forgerKey, alice, provider, 1 ether, 12); // INVALID_SIGNATURE
        list[5] = _entry(teeKey, owner, provider, 1 ether, 1); // no sub-account: INVALID_SIGNATURE
        vm.expectEmit(address(inference));
        emit InferenceServing.TEESettlementResult(alice, SettlementStatus.SUCCESS, 0);
        vm.expectEmit(address(inference));
        emit ServingAccounts.BalanceUpdated(bob, provider, 0, 0);
        vm.expectEmit(address(inference));
        emit InferenceServing.TEESettlementResult(bob, SettlementStatus.PARTIAL, 2 ether);
        vm.expectEmit(address(inference));
        emit InferenceServing.TEESettlementResult(alice, SettlementStatus.PROVIDER_MISMATCH, 1 ether);
        vm.expectEmit(address(inference));
        emit InferenceServing.TEESettlementResult(alice, SettlementStatus.INVALID_NONCE, 1 ether);
        vm.expectEmit(address(inference));
        emit InferenceServing.TEESettlementResult(alice, SettlementStatus.INVALID_SIGNATURE, 1 ether);
        vm.expectEmit(address(inference));
        emit InferenceServing.TEESettlementResult(owner, SettlementStatus.INVALID_SIGNATURE, 1 ether);
        uint256 before = provider.balance;
        uint8[] memory statuses = _settle(provider, list);
        assertEq(abi.encode(statuses), abi.encode(_u8s(0, 1, 2, 4, 5, 5)));
        assertEq(provider.balance, before + 2 ether);
        assertEq(_inferenceBalance(bob, provider), 0);
        assertEq(inference.getAccount(bob, provider).nonce, 10);

        // NO_TEE_SIGNER: the owner's acknowledgement, the user's, or no signer at all.
        vm.prank(owner);
        inference.revokeTEESignerAcknowledgement(provider);
        assertEq(_settle(provider, _one(_entry(teeKey, alice, provider, 1, 20)))[0], 3);
        vm.prank(owner);
        inference.acknowledgeTEESignerByOwner(provider);
        vm.prank(bob);
        inference.acknowledgeTEESigner(provider, false); // bob's balance is 0
        assertEq(_settle(provider, _one(_entry(teeKey, bob, provider, 1, 20)))[0], 3);
        ServiceParams memory noSigner = _params(address(0));
        vm.prank(provider);
        inference.addOrUpdateService(noSigner);
        vm.prank(owner);
        inference.acknowledgeTEESignerByOwner(provider);
        assertEq(_settle(provider, _one(_entry(teeKey, alice, provider, 1, 20)))[0], 3);
        // PROVIDER_MISMATCH: the provider removed its service (after the sub-account check).
        vm.prank(provider);
        inference.removeService();
        assertEq(_settle(provider, _one(_entry(teeKey, alice, provider, 1, 20)))[0], 2);
        assertEq(_settle(provider, _one(_entry(teeKey, bob, provider, 1, 20)))[0], 2);
        assertEq(_settle(provider, _one(_entry(teeKey, owner, provider, 1, 20)))[0], 5);
    }

    function test_RevertWhen_BatchSizeIsInvalid() public {
        vm.prank(provider);
        vm.expectRevert(InferenceServing.NoSettlementsProvided.selector);
        inference.settleFeesWithTEE(new TEESettlementData[](0));
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(InferenceServing.TooManySettlements.selector, 51, 50));
        inference.settleFeesWithTEE(new TEESettlementData[](51));
        vm.prank(provider);
        vm.expectRevert(InferenceServing.NoSettlementsProvided.selector);
        inference.previewSettlementResults(new TEESettlementData[](0));
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(InferenceServing.TooManySettlements.selector, 51, 50));
        inference.previewSettlementResults(new TEESettlementData[](51));
    }

    function test_SignatureRules() public {
        _openInference(alice, provider, 10 ether, 5 ether);
        TEESettlementData memory entry = _entry(teeKey, alice, provider, 1, 1);
        // The same signature with s in the upper half order (malleable) is refused, as OpenZeppelin does.
        (bytes32 r, bytes32 s, uint8 v) = _split(entry.signature);
        entry.signature = abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        assertEq(_settle(provider, _one(entry))[0], 5);
        // 64-byte (EIP-2098) signatures are refused.
        entry = _entry(teeKey, alice, provider, 1, 1);
        entry.signature = abi.encodePacked(r, s);
        assertEq(_settle(provider, _one(entry))[0], 5);
        // v other than 27/28.
        entry.signature = abi.encodePacked(r, s, uint8(29));
        assertEq(_settle(provider, _one(entry))[0], 5);
        // A changed field.
        entry = _entry(teeKey, alice, provider, 1, 1);
        entry.totalFee = 2;
        assertEq(_settle(provider, _one(entry))[0], 5);
        entry = _entry(teeKey, alice, provider, 1, 1);
        entry.requestsHash = bytes32(0);
        assertEq(_settle(provider, _one(entry))[0], 5);
        // The untouched entry passes.
        assertEq(_settle(provider, _one(_entry(teeKey, alice, provider, 1, 1)))[0], 0);
    }

    function test_FeesComeFromTheBalanceThenFromPendingRefundsLifo() public {
        _openInference(alice, provider, 100 ether, 10 ether);
        _retrieve(alice, INF, provider); // refund 0: 10 0G
        vm.prank(address(ledger));
        inference.depositFund{value: 0}(alice, provider, 0);
        vm.deal(address(ledger), address(ledger).balance + 4 ether);
        vm.prank(address(ledger));
        inference.depositFund{value: 4 ether}(alice, provider, 0);
        vm.warp(T0 + 10);
        _retrieve(alice, INF, provider); // refund 1: 4 0G
        vm.deal(address(ledger), address(ledger).balance + 3 ether);
        vm.prank(address(ledger));
        inference.depositFund{value: 3 ether}(alice, provider, 0); // 3 0G not being refunded
        assertEq(_inferenceBalance(alice, provider), 17 ether);

        // 5 0G: 3 from the free balance, then 2 from the newest refund (4 -> 2).
        vm.expectEmit(address(inference));
        emit ServingAccounts.BalanceUpdated(alice, provider, 12 ether, 12 ether);
        _settle(provider, _one(_entry(teeKey, alice, provider, 5 ether, 1)));
        InferenceAccount memory a = inference.getAccount(alice, provider);
        assertEq(a.validRefundsLength, 2);
        assertEq(a.refunds[1].amount, 2 ether);
        // 3 0G: the newest refund goes (2), then 1 from the older one (10 -> 9).
        _settle(provider, _one(_entry(teeKey, alice, provider, 3 ether, 2)));
        a = inference.getAccount(alice, provider);
        assertEq(a.validRefundsLength, 1);
        assertEq(a.refunds.length, 2);
        assertEq(a.refunds[1].amount, 0); // 0G zeroes a cancelled refund and keeps it past the valid range
        assertEq(a.refunds[0].amount, 9 ether);
        assertEq(a.pendingRefund, 9 ether);
        assertEq(a.balance, 9 ether);
        // More than everything: PARTIAL, all refunds cancelled.
        uint8[] memory statuses = _settle(provider, _one(_entry(teeKey, alice, provider, 20 ether, 3)));
        assertEq(statuses[0], 1);
        a = inference.getAccount(alice, provider);
        assertEq(a.balance, 0);
        assertEq(a.pendingRefund, 0);
        assertEq(a.validRefundsLength, 0);
        // Nothing comes back after the lock time.
        vm.warp(T0 + 10 + LOCK);
        uint256 before = _available(alice);
        _retrieve(alice, INF, provider);
        assertEq(_available(alice), before);
    }

    function test_FeeAtTheBalance() public {
        _openInference(alice, provider, 10 ether, 5 ether);
        _openInference(bob, provider, 10 ether, 5 ether);
        _retrieve(bob, INF, provider); // bob's 5 0G are all being refunded (the general path)
        TEESettlementData[] memory list = new TEESettlementData[](2);
        list[0] = _entry(teeKey, alice, provider, 5 ether, 1);
        list[1] = _entry(teeKey, bob, provider, 5 ether, 1);
        assertEq(abi.encode(_settle(provider, list)), abi.encode(_u8s2(0, 0)));
        _openInference(owner, provider, 10 ether, 5 ether);
        _transfer(alice, INF, provider, 5 ether);
        _transfer(bob, INF, provider, 5 ether);
        _retrieve(bob, INF, provider);
        list = new TEESettlementData[](2);
        list[0] = _entry(teeKey, alice, provider, 5 ether + 1, 2);
        list[1] = _entry(teeKey, bob, provider, 5 ether + 1, 2);
        vm.expectEmit(address(inference));
        emit InferenceServing.TEESettlementResult(alice, SettlementStatus.PARTIAL, 1);
        vm.expectEmit(address(inference));
        emit InferenceServing.TEESettlementResult(bob, SettlementStatus.PARTIAL, 1);
        assertEq(abi.encode(_settle(provider, list)), abi.encode(_u8s2(1, 1)));
        assertEq(_inferenceBalance(alice, provider), 0);
        assertEq(_inferenceBalance(bob, provider), 0);
        assertEq(inference.getAccount(alice, provider).nonce, 2);
        assertEq(_settle(provider, _one(_entry(teeKey, owner, provider, 5 ether - 1, 1)))[0], 0);
        assertEq(_inferenceBalance(owner, provider), 1);
    }

    function test_NoncesOf2To96AndMore() public {
        _openInference(alice, provider, 10 ether, 5 ether);
        uint256 big = uint256(1) << 100;
        assertEq(_settle(provider, _one(_entry(teeKey, alice, provider, 1, big)))[0], 0);
        assertEq(inference.getAccount(alice, provider).nonce, big);
        assertEq(_settle(provider, _one(_entry(teeKey, alice, provider, 1, big)))[0], 4);
        assertEq(_settle(provider, _one(_entry(teeKey, alice, provider, 1, 5)))[0], 4);
        assertEq(_settle(provider, _one(_entry(teeKey, alice, provider, 1, type(uint256).max)))[0], 0);
        assertEq(inference.getAccount(alice, provider).nonce, type(uint256).max);
        assertEq(_settle(provider, _one(_entry(teeKey, alice, provider, 1, type(uint256).max)))[0], 4);
        assertEq(_inferenceBalance(alice, provider), 5 ether - 2);
    }

    function test_SameUserTwiceInABatch() public {
        _openInference(alice, provider, 10 ether, 5 ether);
        TEESettlementData[] memory list = new TEESettlementData[](3);
        list[0] = _entry(teeKey, alice, provider, 2 ether, 1);
        list[1] = _entry(teeKey, alice, provider, 2 ether, 2);
        list[2] = _entry(teeKey, alice, provider, 2 ether, 3);
        vm.expectEmit(address(ledger));
        emit LedgerManager.FundSpent(alice, address(inference), 2 ether);
        vm.expectEmit(address(ledger));
        emit LedgerManager.FundSpent(alice, address(inference), 2 ether);
        vm.expectEmit(address(ledger));
        emit LedgerManager.FundSpent(alice, address(inference), 1 ether);
        assertEq(abi.encode(_settle(provider, list)), abi.encode(_u8s3(0, 0, 1)));
        assertEq(_inferenceBalance(alice, provider), 0);
    }

    function test_PaymentsGoToTheProviderOncePerBatch() public {
        RejectingActor actor = new RejectingActor();
        vm.deal(address(actor), 100 ether);
        actor.forward(address(inference), abi.encodeCall(InferenceServing.addOrUpdateService, (_params(tee))), 100 ether);
        vm.prank(owner);
        inference.acknowledgeTEESignerByOwner(address(actor));
        _openInference(alice, address(actor), 10 ether, 5 ether);
        bytes memory call_ = abi.encodeCall(InferenceServing.settleFeesWithTEE, (_one(_entry(teeKey, alice, address(actor), 1, 1))));
        vm.expectRevert(InferenceServing.TransferFailed.selector);
        actor.forward(address(inference), call_, 0);
        // Nothing paid: no transfer, no revert.
        call_ = abi.encodeCall(InferenceServing.settleFeesWithTEE, (_one(_entry(teeKey, alice, address(actor), 0, 1))));
        actor.forward(address(inference), call_, 0);
        assertEq(inference.getAccount(alice, address(actor)).nonce, 1);
    }

    function test_PreviewSettlementResults() public {
        _openInference(alice, provider, 10 ether, 5 ether);
        _openInference(bob, provider, 10 ether, 1 ether);
        TEESettlementData[] memory list = new TEESettlementData[](4);
        list[0] = _entry(teeKey, alice, provider, 1 ether, 10);
        list[1] = _entry(teeKey, bob, provider, 3 ether, 10);
        list[2] = _entry(teeKey, alice, bob, 1 ether, 11);
        list[3] = _entry(teeKey, owner, provider, 1 ether, 1);
        vm.prank(provider);
        (address[] memory failed, SettlementStatus[] memory reasons, address[] memory partials, uint256[] memory amounts) =
            inference.previewSettlementResults(list);
        assertEq(failed.length, 2);
        assertEq(failed[0], alice);
        assertEq(uint8(reasons[0]), 2);
        assertEq(failed[1], owner);
        assertEq(uint8(reasons[1]), 5);
        assertEq(partials.length, 1);
        assertEq(partials[0], bob);
        assertEq(amounts[0], 2 ether);
        // A preview changes nothing.
        assertEq(inference.getAccount(alice, provider).nonce, 0);
        assertEq(abi.encode(_settle(provider, list)), abi.encode(_u8s4(0, 1, 2, 5)));
    }

    // ---------------------------------------------------------------------------------------------
    // Fuzz
    // ---------------------------------------------------------------------------------------------

    /// Any fee, balance and pending refund: `min(fee, balance)` is paid, from the free balance first,
    /// and the ledger and the contracts' ETH agree.
    function testFuzz_SettlementPaysAtMostTheBalance(uint96 sub, uint96 pendingPart, uint96 fee, uint64 nonce) public {
        sub = uint96(bound(sub, 1 ether, 1_000_000 ether));
        pendingPart = uint96(bound(pendingPart, 0, sub));
        nonce = uint64(bound(nonce, 1, type(uint64).max));
        // A third of the runs at the boundary: one wei below, at, or above the balance.
        if (nonce % 3 == 0) fee = uint96(sub - 1 + (fee % 3));
        _openInference(alice, provider, uint256(sub) + 3 ether, sub);
        if (pendingPart > 0) {
            // Request a refund of everything, then cancel part of it with a zero-value top-up.
            _retrieve(alice, INF, provider);
            vm.prank(address(ledger));
            inference.depositFund(alice, provider, sub - pendingPart);
        }
        uint256 free = uint256(sub) - pendingPart;
        uint256 providerBefore = provider.balance;
        uint8 status = _settle(provider, _one(_entry(teeKey, alice, provider, fee, nonce)))[0];
        uint256 paid = fee < sub ? fee : sub;
        assertEq(status, fee > sub ? 1 : 0);
        assertEq(provider.balance - providerBefore, paid);
        InferenceAccount memory a = inference.getAccount(alice, provider);
        assertEq(a.balance, sub - paid);
        assertEq(a.pendingRefund, paid > free ? pendingPart - (paid - free) : pendingPart);
        assertEq(a.nonce, nonce);
        assertEq(ledger.getLedger(alice).totalBalance, uint256(sub) + 3 ether - paid);
        assertEq(address(inference).balance, 100 ether + sub - paid);
    }

    /// A signature by any other key is INVALID_SIGNATURE and changes nothing.
    function testFuzz_OnlyTheTeeSignerSettles(uint256 key, uint96 fee) public {
        key = bound(key, 1, SECP256K1_N - 1);
        vm.assume(key != teeKey);
        _openInference(alice, provider, 10 ether, 5 ether);
        assertEq(_settle(provider, _one(_entry(key, alice, provider, fee, 1)))[0], 5);
        assertEq(inference.getAccount(alice, provider).nonce, 0);
        assertEq(_inferenceBalance(alice, provider), 5 ether);
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    function _split(bytes memory signature) internal pure returns (bytes32 r, bytes32 s, uint8 v) {
        assembly {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
    }

    function _u8s(uint8 a, uint8 b, uint8 c, uint8 d, uint8 e, uint8 f) internal pure returns (uint8[] memory list) {
        list = new uint8[](6);
        (list[0], list[1], list[2], list[3], list[4], list[5]) = (a, b, c, d, e, f);
    }

    function _u8s2(uint8 a, uint8 b) internal pure returns (uint8[] memory list) {
        list = new uint8[](2);
        (list[0], list[1]) = (a, b);
    }

    function _u8s3(uint8 a, uint8 b, uint8 c) internal pure returns (uint8[] memory list) {
        list = new uint8[](3);
        (list[0], list[1], list[2]) = (a, b, c);
    }

    function _u8s4(uint8 a, uint8 b, uint8 c, uint8 d) internal pure returns (uint8[] memory list) {
        list = new uint8[](4);
        (list[0], list[1], list[2], list[3]) = (a, b, c, d);
    }
}
