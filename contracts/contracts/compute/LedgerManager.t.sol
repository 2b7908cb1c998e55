// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {ComputeBase} from "./ComputeBase.sol";
import {ComputeTestBase, RejectingActor} from "./ComputeTestBase.t.sol";
import {ServingAccounts} from "./ServingAccounts.sol";
import {IServing, IServingLedger} from "./IServing.sol";
import {InferenceServing} from "./InferenceServing.sol";
import {Ledger, LedgerManager, ServiceInfo} from "./LedgerManager.sol";

/// Re-enters the ledger from its `receive` (during `refund`) and records what happened.
contract ReentrantUser {
    LedgerManager internal immutable ledger;
    bytes public reentryError;

    constructor(LedgerManager ledger_) {
        ledger = ledger_;
    }

    function open() external payable {
        ledger.addLedger{value: msg.value}("");
    }

    function refund(uint256 amount) external {
        ledger.refund(amount);
    }

    receive() external payable {
        try ledger.depositFund{value: 0}() {} catch (bytes memory reason) {
            reentryError = reason;
        }
    }
}

/// Supports ERC-165 but not the serving interfaces.
contract OnlyErc165 is IERC165 {
    function supportsInterface(bytes4 id) external pure returns (bool) {
        return id == type(IERC165).interfaceId;
    }
}

/// Supports ERC-165 and 0G's `IServing`, but not our `IServingLedger`.
contract OnlyIServing is IERC165 {
    function supportsInterface(bytes4 id) external pure returns (bool) {
        return id == type(IERC165).interfaceId || id == type(IServing).interfaceId;
    }
}

contract LedgerManagerTest is ComputeTestBase {
    function test_InitializeRunsOnce() public {
        assertTrue(ledger.initialized());
        assertEq(ledger.owner(), owner);
        vm.expectRevert(ComputeBase.AlreadyInitialized.selector);
        ledger.initialize(alice);

        LedgerManager fresh = new LedgerManager();
        assertEq(fresh.owner(), address(0));
        vm.expectEmit(address(fresh));
        emit ComputeBase.OwnershipTransferred(address(0), alice);
        vm.expectEmit(address(fresh));
        emit ComputeBase.Initialized(1);
        fresh.initialize(alice);
        assertEq(fresh.owner(), alice);
    }

    function test_Constants() public view {
        assertEq(ledger.MIN_ACCOUNT_BALANCE(), 3 ether);
        assertEq(ledger.MIN_TRANSFER_AMOUNT(), 1 ether);
        assertEq(ledger.MAX_PROVIDERS_PER_BATCH(), 20);
        assertEq(ledger.MAX_SERVICES(), 500);
        assertEq(ledger.MAX_PROVIDERS_PER_USER_PER_SERVICE(), 50);
        assertEq(ledger.MAX_ADDITIONAL_INFO_LENGTH(), 4096);
    }

    function test_OwnershipFunctions() public {
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        ledger.transferOwnership(alice);
        vm.prank(owner);
        vm.expectRevert(bytes("Ownable: new owner is the zero address"));
        ledger.transferOwnership(address(0));
        vm.prank(owner);
        ledger.transferOwnership(alice);
        assertEq(ledger.owner(), alice);
        vm.prank(alice);
        ledger.renounceOwnership();
        assertEq(ledger.owner(), address(0));
    }

    // ---------------------------------------------------------------------------------------------
    // Ledgers
    // ---------------------------------------------------------------------------------------------

    function test_AddLedger() public {
        vm.deal(alice, 10 ether);
        vm.prank(alice);
        (uint256 balance, uint256 zero) = ledger.addLedger{value: 4 ether}("info");
        assertEq(balance, 4 ether);
        assertEq(zero, 0);
        Ledger memory l = ledger.getLedger(alice);
        assertEq(l.user, alice);
        assertEq(l.availableBalance, 4 ether);
        assertEq(l.totalBalance, 4 ether);
        assertEq(l.additionalInfo, "info");
        assertEq(address(ledger).balance, 4 ether);
    }

    function test_RevertWhen_AddLedgerIsInvalid() public {
        vm.deal(alice, 100 ether);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.MinimumDepositRequired.selector, 3 ether - 1, 3 ether));
        ledger.addLedger{value: 3 ether - 1}("");
        string memory tooLong = string(new bytes(4097));
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.AdditionalInfoTooLong.selector, 4097, 4096));
        ledger.addLedger{value: 3 ether}(tooLong);
        ledger.addLedger{value: 3 ether}(string(new bytes(4096)));
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.LedgerExists.selector, alice));
        ledger.addLedger{value: 3 ether}("");
        vm.stopPrank();
    }

    function test_RevertWhen_LedgerDoesNotExist() public {
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.LedgerNotExists.selector, alice));
        ledger.getLedger(alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.LedgerNotExists.selector, alice));
        ledger.refund(0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.LedgerNotExists.selector, alice));
        ledger.transferFund(provider, INF, 1 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.LedgerNotExists.selector, alice));
        ledger.updateAdditionalInfo("x");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.LedgerNotExists.selector, alice));
        ledger.deleteLedger();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.LedgerNotExists.selector, alice));
        ledger.retrieveFund(new address[](0), INF);
    }

    function test_DepositFundOpensAndTopsUp() public {
        vm.deal(alice, 10 ether);
        vm.startPrank(alice);
        vm.expectRevert(LedgerManager.ZeroAmountNotAllowed.selector);
        ledger.depositFund{value: 0}();
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.MinimumDepositRequired.selector, 1 ether, 3 ether));
        ledger.depositFund{value: 1 ether}();
        ledger.depositFund{value: 3 ether}();
        ledger.depositFund{value: 1 wei}(); // top-ups have no minimum
        vm.stopPrank();
        assertEq(_available(alice), 3 ether + 1);
        assertEq(ledger.getLedger(alice).additionalInfo, "");
    }

    function test_DepositFundFor() public {
        vm.deal(alice, 10 ether);
        vm.startPrank(alice);
        vm.expectRevert(LedgerManager.ZeroAddressNotAllowed.selector);
        ledger.depositFundFor{value: 3 ether}(address(0));
        vm.expectRevert(LedgerManager.ZeroAmountNotAllowed.selector);
        ledger.depositFundFor{value: 0}(bob);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.MinimumDepositRequired.selector, 2 ether, 3 ether));
        ledger.depositFundFor{value: 2 ether}(bob);
        ledger.depositFundFor{value: 3 ether}(bob);
        ledger.depositFundFor{value: 1 ether}(bob);
        vm.stopPrank();
        assertEq(_available(bob), 4 ether);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.LedgerNotExists.selector, alice));
        ledger.getLedger(alice);
    }

    function test_UpdateAdditionalInfo() public {
        _fund(alice, 3 ether);
        vm.startPrank(alice);
        vm.expectEmit(address(ledger));
        emit LedgerManager.LedgerInfoUpdated(alice, "hello");
        ledger.updateAdditionalInfo("hello");
        assertEq(ledger.getLedger(alice).additionalInfo, "hello");
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.AdditionalInfoTooLong.selector, 4097, 4096));
        ledger.updateAdditionalInfo(string(new bytes(4097)));
        ledger.updateAdditionalInfo("");
        vm.stopPrank();
        assertEq(ledger.getLedger(alice).additionalInfo, "");
    }

    function test_Refund() public {
        _fund(alice, 10 ether);
        uint256 before = alice.balance;
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.InsufficientBalance.selector, alice));
        ledger.refund(10 ether + 1);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.MinimumDepositRequired.selector, 2 ether, 3 ether));
        ledger.refund(8 ether);
        ledger.refund(7 ether);
        vm.stopPrank();
        assertEq(alice.balance, before + 7 ether);
        assertEq(_available(alice), 3 ether);
        assertEq(address(ledger).balance, 3 ether);
    }

    function test_RefundOfEverythingDeletesTheLedger() public {
        _fund(alice, 4 ether);
        _fund(bob, 5 ether);
        _fund(owner, 6 ether);
        (Ledger[] memory all, uint256 total) = ledger.getAllLedgers(0, 0);
        assertEq(total, 3);
        assertEq(all[0].user, alice);
        vm.prank(alice);
        ledger.refund(4 ether);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.LedgerNotExists.selector, alice));
        ledger.getLedger(alice);
        // 0G's EnumerableSet order: the last ledger moved into the freed position.
        (all, total) = ledger.getAllLedgers(0, 0);
        assertEq(total, 2);
        assertEq(all[0].user, owner);
        assertEq(all[1].user, bob);
        // The ledger can be opened again.
        _fund(alice, 3 ether);
        assertEq(_available(alice), 3 ether);
    }

    function test_GetAllLedgersPages() public {
        for (uint256 i; i < 60; ++i) _fund(address(uint160(0x1000 + i)), 3 ether);
        (Ledger[] memory page, uint256 total) = ledger.getAllLedgers(0, 0);
        assertEq(total, 60);
        assertEq(page.length, 50);
        (page,) = ledger.getAllLedgers(55, 10);
        assertEq(page.length, 5);
        assertEq(page[0].user, address(uint160(0x1000 + 55)));
        (page, total) = ledger.getAllLedgers(60, 10);
        assertEq(page.length, 0);
        assertEq(total, 60);
    }

    function test_RevertWhen_RefundTransferFails() public {
        RejectingActor actor = new RejectingActor();
        vm.deal(address(actor), 5 ether);
        actor.forward(address(ledger), abi.encodeCall(LedgerManager.depositFund, ()), 5 ether);
        vm.expectRevert(LedgerManager.TransferFailed.selector);
        actor.forward(address(ledger), abi.encodeCall(LedgerManager.refund, (1 ether)), 0);
    }

    function test_ReentryIntoTheSameLedgerIsLocked() public {
        ReentrantUser user = new ReentrantUser(ledger);
        vm.deal(address(this), 5 ether);
        user.open{value: 5 ether}();
        user.refund(1 ether);
        assertEq(user.reentryError(), abi.encodeWithSelector(LedgerManager.LedgerLocked.selector));
        assertEq(_available(address(user)), 4 ether);
    }

    function test_RevertWhen_PlainTransferToTheLedger() public {
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        (bool success, bytes memory reason) = address(ledger).call{value: 1 ether}("");
        assertFalse(success);
        assertEq(reason, abi.encodeWithSelector(LedgerManager.DirectDepositsDisabled.selector));
    }

    // ---------------------------------------------------------------------------------------------
    // Sub-accounts
    // ---------------------------------------------------------------------------------------------

    function test_TransferFundOpensASubAccount() public {
        _registerInference(provider, tee);
        vm.deal(alice, 10 ether);
        vm.prank(alice);
        ledger.addLedger{value: 10 ether}("alice's info");
        vm.expectEmit(address(inference));
        emit ServingAccounts.BalanceUpdated(alice, provider, 2 ether, 0);
        _transfer(alice, INF, provider, 2 ether);
        Ledger memory l = ledger.getLedger(alice);
        assertEq(l.availableBalance, 8 ether);
        assertEq(l.totalBalance, 10 ether);
        assertEq(address(ledger).balance, 8 ether);
        assertEq(address(inference).balance, 100 ether + 2 ether);
        assertTrue(inference.accountExists(alice, provider));
        assertTrue(inference.getAccount(alice, provider).acknowledged);
        assertEq(inference.getAccount(alice, provider).additionalInfo, "alice's info");
        address[] memory providers = ledger.getLedgerProviders(alice, INF);
        assertEq(providers.length, 1);
        assertEq(providers[0], provider);
        assertEq(ledger.getLedgerProviders(alice, FT).length, 0);
    }

    function test_RevertWhen_TransferFundIsInvalid() public {
        _registerInference(provider, tee);
        _fund(alice, 10 ether);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.ServiceNotFound.selector, address(0)));
        ledger.transferFund(provider, "inference-v9", 1 ether);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.MinimumDepositRequired.selector, 1 ether - 1, 1 ether));
        ledger.transferFund(provider, INF, 1 ether - 1);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.InsufficientAvailableBalance.selector, 10 ether, 11 ether));
        ledger.transferFund(provider, INF, 11 ether);
        // InferenceServing refuses a sub-account with oneself or the zero address: 0G's ledger reports CallFailed.
        vm.expectRevert(LedgerManager.CallFailed.selector);
        ledger.transferFund(alice, INF, 1 ether);
        vm.expectRevert(LedgerManager.CallFailed.selector);
        ledger.transferFund(address(0), INF, 1 ether);
        vm.stopPrank();
    }

    function test_RevertWhen_TooManyProvidersForAService() public {
        _fund(alice, 100 ether);
        for (uint256 i; i < 50; ++i) _transfer(alice, INF, address(uint160(0x5000 + i)), 1 ether);
        assertEq(ledger.getLedgerProviders(alice, INF).length, 50);
        assertEq(ledger.getLedgerProviders(alice, INF)[0], address(0x5000));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.TooManyProvidersForService.selector, 50, 50));
        ledger.transferFund(address(0x6000), INF, 1 ether);
        // The limit is per service.
        _transfer(alice, FT, address(0x6000), 1 ether);
    }

    function test_TopUpCancelsPendingRefundsFirst() public {
        _openInference(alice, provider, 10 ether, 3 ether);
        _retrieve(alice, INF, provider); // 3 0G pending
        assertEq(inference.getPendingRefund(alice, provider), 3 ether);
        // 2 0G of the top-up cancel 2 0G of the refund; nothing leaves the ledger.
        _transfer(alice, INF, provider, 2 ether);
        assertEq(_available(alice), 7 ether);
        assertEq(inference.getPendingRefund(alice, provider), 1 ether);
        assertEq(_inferenceBalance(alice, provider), 3 ether);
        // 4 0G: 1 0G cancels the rest of the refund, 3 0G are moved.
        _transfer(alice, INF, provider, 4 ether);
        assertEq(_available(alice), 4 ether);
        assertEq(inference.getPendingRefund(alice, provider), 0);
        assertEq(_inferenceBalance(alice, provider), 6 ether);
        assertEq(ledger.getLedger(alice).totalBalance, 10 ether);
    }

    function test_RetrieveFund() public {
        _openInference(alice, provider, 10 ether, 3 ether);
        address[] memory tooMany = new address[](21);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.TooManyProviders.selector, 21, 20));
        ledger.retrieveFund(tooMany, INF);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.ServiceNotFound.selector, address(0)));
        ledger.retrieveFund(new address[](1), "nope");
        vm.stopPrank();

        vm.expectEmit(address(inference));
        emit ServingAccounts.RefundRequested(alice, provider, 0, T0);
        _retrieve(alice, INF, provider);
        assertEq(_available(alice), 7 ether);
        vm.warp(T0 + LOCK - 1);
        _retrieve(alice, INF, provider); // still locked: nothing comes back, nothing new is requested
        assertEq(_available(alice), 7 ether);
        assertEq(inference.getAccount(alice, provider).validRefundsLength, 1);
        vm.warp(T0 + LOCK);
        _retrieve(alice, INF, provider);
        assertEq(_available(alice), 10 ether);
        assertEq(_inferenceBalance(alice, provider), 0);
        assertEq(address(ledger).balance, 10 ether);
        // Providers without a sub-account are skipped.
        _retrieve(alice, INF, bob);
    }

    function test_DeleteLedger() public {
        _registerInference(provider, tee);
        _openInference(alice, provider, 10 ether, 2 ether);
        _transfer(alice, FT, provider, 1 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.MustWithdrawAllFundsFirst.selector, 10 ether));
        ledger.deleteLedger();

        _retrieve(alice, INF, provider);
        _retrieve(alice, FT, provider);
        vm.warp(T0 + LOCK);
        _retrieve(alice, INF, provider);
        _retrieve(alice, FT, provider);
        vm.prank(alice);
        ledger.refund(4 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.MustWithdrawAllFundsFirst.selector, 6 ether));
        ledger.deleteLedger();
        vm.prank(alice);
        ledger.refund(6 ether - 3 ether);
        assertEq(_available(alice), 3 ether);

        // Withdrawing the rest deletes the ledger and both sub-accounts.
        vm.expectEmit(address(inference));
        emit ServingAccounts.AccountDeleted(alice, provider, 0);
        vm.expectEmit(address(fineTuning));
        emit ServingAccounts.AccountDeleted(alice, provider, 0);
        vm.prank(alice);
        ledger.refund(3 ether);
        assertFalse(inference.accountExists(alice, provider));
        assertFalse(fineTuning.accountExists(alice, provider));
        assertEq(ledger.getLedgerProviders(alice, INF).length, 0);

        // deleteLedger of an empty ledger.
        _fund(bob, 3 ether);
        vm.prank(bob);
        ledger.refund(3 ether);
        _fund(bob, 3 ether);
        _transfer(bob, INF, provider, 3 ether);
        _retrieve(bob, INF, provider);
        vm.warp(block.timestamp + LOCK);
        _retrieve(bob, INF, provider);
        vm.prank(bob);
        ledger.refund(3 ether); // deletes: nothing left anywhere
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.LedgerNotExists.selector, bob));
        ledger.getLedger(bob);
    }

    function test_DeleteLedgerWithAnEmptyBalance() public {
        _fund(alice, 3 ether);
        _transfer(alice, INF, provider, 3 ether); // available 0, 3 0G in the sub-account
        _retrieve(alice, INF, provider);
        vm.warp(T0 + LOCK);
        _retrieve(alice, INF, provider);
        vm.prank(alice);
        ledger.refund(0); // available 3 0G: refunding nothing keeps the ledger
        vm.prank(alice);
        ledger.refund(3 ether);
        _fund(alice, 3 ether);
        _transfer(alice, INF, provider, 3 ether);
        // Everything spent: totalBalance 0, deleteLedger works without a refund.
        _registerInference(provider, tee);
        _settle(provider, _one(_entry(teeKey, alice, provider, 3 ether, 1)));
        assertEq(ledger.getLedger(alice).totalBalance, 0);
        vm.prank(alice);
        ledger.deleteLedger();
        assertFalse(inference.accountExists(alice, provider));
        // The nonce survives the deletion: the old entry cannot be replayed on a new sub-account.
        _fund(alice, 3 ether);
        _transfer(alice, INF, provider, 3 ether);
        assertEq(inference.getAccount(alice, provider).nonce, 1);
        assertEq(_settle(provider, _one(_entry(teeKey, alice, provider, 3 ether, 1)))[0], 4);
    }

    // ---------------------------------------------------------------------------------------------
    // Services' calls
    // ---------------------------------------------------------------------------------------------

    function test_SpendFund() public {
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.CallerNotRegisteredService.selector, address(this)));
        ledger.spendFund(alice, 1);
        vm.prank(address(inference));
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.LedgerNotExists.selector, alice));
        ledger.spendFund(alice, 1);
        _fund(alice, 3 ether);
        vm.expectEmit(address(ledger));
        emit LedgerManager.FundSpent(alice, address(inference), 7);
        vm.prank(address(inference));
        ledger.spendFund(alice, 7);
    }

    function test_SpendFundsEmitsOneEventPerPair() public {
        bytes memory data = abi.encodePacked(
            LedgerManager.spendFunds.selector, uint256(uint160(alice)), uint256(5), uint256(uint160(bob)), uint256(9), uint8(1)
        );
        (bool success, bytes memory reason) = address(ledger).call(data);
        assertFalse(success);
        assertEq(reason, abi.encodeWithSelector(LedgerManager.CallerNotRegisteredService.selector, address(this)));
        vm.expectEmit(address(ledger));
        emit LedgerManager.FundSpent(alice, address(fineTuning), 5);
        vm.expectEmit(address(ledger));
        emit LedgerManager.FundSpent(bob, address(fineTuning), 9);
        vm.recordLogs();
        vm.prank(address(fineTuning));
        (success,) = address(ledger).call(data);
        assertTrue(success);
        assertEq(vm.getRecordedLogs().length, 2); // the trailing byte is ignored
    }

    // ---------------------------------------------------------------------------------------------
    // Service registry
    // ---------------------------------------------------------------------------------------------

    function test_RegisteredServices() public view {
        ServiceInfo memory info = ledger.getServiceInfo(address(inference));
        assertEq(info.serviceAddress, address(inference));
        assertEq(address(info.serviceContract), address(inference));
        assertEq(info.serviceType, "inference");
        assertEq(info.version, "v1.0");
        assertEq(info.fullName, "inference-v1.0");
        assertEq(info.description, "Inference");
        assertFalse(info.isRecommended);
        assertEq(info.registeredAt, T0);
        assertEq(ledger.getServiceAddressByName(FT), address(fineTuning));
        assertEq(ledger.getServiceAddressByName("nope"), address(0));
        ServiceInfo[] memory all = ledger.getAllActiveServices();
        assertEq(all.length, 2);
        assertEq(all[1].fullName, FT);
        assertEq(ledger.getServiceInfo(alice).serviceAddress, address(0));
    }

    function test_RevertWhen_RegisterServiceIsInvalid() public {
        InferenceServing another = new InferenceServing();
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        ledger.registerService("inference", "v2.0", address(another), "");
        vm.startPrank(owner);
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.InvalidServiceAddress.selector, address(0)));
        ledger.registerService("inference", "v2.0", address(0), "");
        vm.expectRevert(LedgerManager.ServiceTypeRequired.selector);
        ledger.registerService("", "v2.0", address(another), "");
        vm.expectRevert(LedgerManager.VersionRequired.selector);
        ledger.registerService("inference", "", address(another), "");
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.ServiceAlreadyRegistered.selector, address(inference)));
        ledger.registerService("inference", "v2.0", address(inference), "");
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.ServiceNameExists.selector, "inference-v1.0"));
        ledger.registerService("inference", "v1.0", address(another), "");
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.ServiceMustImplementIServing.selector, alice));
        ledger.registerService("inference", "v2.0", alice, "");
        address erc165 = address(new OnlyErc165());
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.ServiceMustImplementIServing.selector, erc165));
        ledger.registerService("inference", "v2.0", erc165, "");
        address iserving = address(new OnlyIServing());
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.ServiceMustImplementIServing.selector, iserving));
        ledger.registerService("inference", "v2.0", iserving, "");
        // With 500 services registered (the array length in slot 6), no more.
        vm.store(address(ledger), bytes32(uint256(6)), bytes32(uint256(500)));
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.ServiceRegistryLimitReached.selector, 500));
        ledger.registerService("inference", "v2.0", address(another), "");
        vm.store(address(ledger), bytes32(uint256(6)), bytes32(uint256(2)));
        vm.expectEmit(address(ledger));
        emit LedgerManager.ServiceRegistered(address(another), "inference-v2.0");
        ledger.registerService("inference", "v2.0", address(another), "");
        vm.stopPrank();
        assertEq(ledger.getAllActiveServices().length, 3);
    }

    function test_RecommendedServices() public {
        InferenceServing v2 = new InferenceServing();
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.NoRecommendedService.selector, "inference"));
        ledger.getRecommendedService("inference");
        vm.startPrank(owner);
        ledger.registerService("inference", "v2.0", address(v2), "");
        vm.expectRevert(abi.encodeWithSelector(LedgerManager.ServiceNotFound.selector, address(0)));
        ledger.setRecommendedService("inference", "v3.0");
        vm.expectEmit(address(ledger));
        emit LedgerManager.RecommendedServiceUpdated("inference", "v1.0", address(inference));
        ledger.setRecommendedService("inference", "v1.0");
        (string memory version, address service) = ledger.getRecommendedService("inference");
        assertEq(version, "v1.0");
        assertEq(service, address(inference));
        ledger.setRecommendedService("inference", "v2.0");
        vm.stopPrank();
        (version, service) = ledger.getRecommendedService("inference");
        assertEq(version, "v2.0");
        assertEq(service, address(v2));
        assertFalse(ledger.isRecommendedVersion("inference", "v1.0"));
        assertTrue(ledger.isRecommendedVersion("inference", "v2.0"));
        assertFalse(ledger.isRecommendedVersion("inference", "v9.0"));
        (string[] memory versions, address[] memory addresses, bool[] memory flags) = ledger.getAllVersions("inference");
        assertEq(versions.length, 2);
        assertEq(versions[0], "v1.0");
        assertEq(addresses[1], address(v2));
        assertFalse(flags[0]);
        assertTrue(flags[1]);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        ledger.setRecommendedService("inference", "v1.0");
        (versions,,) = ledger.getAllVersions("fine-tuning");
        assertEq(versions.length, 1);
    }

    function testFuzz_RefundKeepsZeroOrTheMinimum(uint96 deposit, uint96 amount) public {
        deposit = uint96(bound(deposit, 3 ether, 1_000_000 ether));
        _fund(alice, deposit);
        vm.prank(alice);
        if (amount > deposit) {
            vm.expectRevert(abi.encodeWithSelector(LedgerManager.InsufficientBalance.selector, alice));
            ledger.refund(amount);
        } else if (deposit - amount != 0 && deposit - amount < 3 ether) {
            vm.expectRevert(
                abi.encodeWithSelector(LedgerManager.MinimumDepositRequired.selector, deposit - amount, 3 ether)
            );
            ledger.refund(amount);
        } else {
            ledger.refund(amount);
            assertEq(alice.balance, amount);
            if (amount == deposit) {
                vm.expectRevert(abi.encodeWithSelector(LedgerManager.LedgerNotExists.selector, alice));
                ledger.getLedger(alice);
            } else {
                assertEq(_available(alice), deposit - amount);
            }
        }
    }

    function testFuzz_TransferFundMovesExactly(uint96 deposit, uint96 first, uint96 second) public {
        deposit = uint96(bound(deposit, 4 ether, 1_000_000 ether));
        first = uint96(bound(first, 1 ether, deposit));
        second = uint96(bound(second, 0, deposit - first));
        _fund(alice, deposit);
        _transfer(alice, INF, provider, first);
        _transfer(alice, INF, provider, second);
        assertEq(_available(alice), deposit - first - second);
        assertEq(_inferenceBalance(alice, provider), uint256(first) + second);
        assertEq(ledger.getLedger(alice).totalBalance, deposit);
        assertEq(address(ledger).balance + address(inference).balance, deposit);
    }
}
