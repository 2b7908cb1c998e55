// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ComputeBase} from "./ComputeBase.sol";
import {ComputeTestBase, RejectingActor} from "./ComputeTestBase.t.sol";
import {
    AccountDetails,
    AccountSummary,
    Deliverable,
    FineTuningServing,
    Quota,
    Service as FineTuningService,
    VerifierInput
} from "./FineTuningServing.sol";
import {LedgerManager} from "./LedgerManager.sol";
import {ServingAccounts} from "./ServingAccounts.sol";

contract FineTuningServingTest is ComputeTestBase {
    bytes internal constant ROOT = hex"aabbccdd";
    bytes internal constant SECRET = hex"5ec2e7";

    function setUp() public override {
        super.setUp();
        _registerFineTuning(provider, tee);
        _fund(alice, 100 ether);
        _transfer(alice, FT, provider, 10 ether);
    }

    function _add(string memory id) internal {
        vm.prank(provider);
        fineTuning.addDeliverable(alice, id, ROOT);
    }

    function _ack(string memory id) internal {
        vm.prank(alice);
        fineTuning.acknowledgeDeliverable(provider, id);
    }

    function _settleFt(VerifierInput memory input) internal {
        vm.prank(provider);
        fineTuning.settleFees(input);
    }

    // ---------------------------------------------------------------------------------------------
    // Initialization and owner
    // ---------------------------------------------------------------------------------------------

    function test_Initialize() public {
        assertEq(fineTuning.lockTime(), LOCK);
        assertEq(fineTuning.ledgerAddress(), address(ledger));
        assertEq(fineTuning.penaltyPercentage(), PENALTY);
        assertEq(fineTuning.owner(), owner);
        vm.expectRevert(ComputeBase.AlreadyInitialized.selector);
        fineTuning.initialize(LOCK, address(ledger), owner, 0);

        FineTuningServing fresh = new FineTuningServing();
        vm.expectRevert(FineTuningServing.InvalidLedgerAddress.selector);
        fresh.initialize(LOCK, address(0), owner, 0);
        vm.expectRevert(FineTuningServing.InvalidLedgerAddress.selector);
        fresh.initialize(LOCK, alice, owner, 0); // no code
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.PenaltyPercentageTooHigh.selector, 101));
        fresh.initialize(LOCK, address(ledger), owner, 101);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.LockTimeOutOfRange.selector, 8 days));
        fresh.initialize(8 days, address(ledger), owner, 0);
        fresh.initialize(1 hours, address(ledger), alice, 100);
        assertEq(fresh.owner(), alice);
        assertEq(fresh.penaltyPercentage(), 100);
    }

    function test_OwnerParameters() public {
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        fineTuning.updateLockTime(2 hours);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        fineTuning.updatePenaltyPercentage(10);
        vm.startPrank(owner);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.LockTimeOutOfRange.selector, 0));
        fineTuning.updateLockTime(0);
        vm.recordLogs();
        fineTuning.updateLockTime(LOCK); // unchanged: no event
        assertEq(vm.getRecordedLogs().length, 0);
        vm.expectEmit(address(fineTuning));
        emit ServingAccounts.LockTimeUpdated(LOCK, 2 hours);
        fineTuning.updateLockTime(2 hours);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.PenaltyPercentageTooHigh.selector, 101));
        fineTuning.updatePenaltyPercentage(101);
        fineTuning.updatePenaltyPercentage(0);
        vm.stopPrank();
        assertEq(fineTuning.lockTime(), 2 hours);
        assertEq(fineTuning.penaltyPercentage(), 0);
    }

    // ---------------------------------------------------------------------------------------------
    // Providers
    // ---------------------------------------------------------------------------------------------

    function test_Services() public {
        FineTuningService memory s = fineTuning.getService(provider);
        assertEq(s.provider, provider);
        assertEq(s.url, "https://ft.example.com");
        assertEq(s.quota.gpuType, "H100");
        assertEq(s.quota.cpuCount, 8);
        assertEq(s.pricePerToken, 1);
        assertFalse(s.occupied);
        assertEq(s.models.length, 1);
        assertEq(s.models[0], "qwen-2.5-0.5b");
        assertEq(s.teeSignerAddress, tee);
        assertTrue(s.teeSignerAcknowledged);

        string[] memory models = new string[](2);
        models[0] = "a";
        models[1] = "b";
        Quota memory quota = _quota();
        quota.gpuType = "A100";
        vm.expectEmit(address(fineTuning));
        emit FineTuningServing.ServiceUpdated(provider, "https://x", quota, 9, tee, true);
        vm.prank(provider);
        fineTuning.addOrUpdateService("https://x", quota, 9, true, models, tee);
        s = fineTuning.getService(provider);
        assertEq(s.models.length, 2);
        assertEq(s.quota.gpuType, "A100");
        assertTrue(s.occupied);
        assertTrue(s.teeSignerAcknowledged); // same signer: still acknowledged
        vm.prank(provider);
        fineTuning.addOrUpdateService("https://x", quota, 9, true, models, bob);
        assertFalse(fineTuning.getService(provider).teeSignerAcknowledged);

        vm.deal(provider, 1);
        vm.prank(provider);
        vm.expectRevert(ServingAccounts.CannotAddStakeWhenUpdating.selector);
        fineTuning.addOrUpdateService{value: 1}("https://x", quota, 9, true, models, bob);
        vm.deal(bob, 50 ether);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.InsufficientStake.selector, 50 ether, 100 ether));
        fineTuning.addOrUpdateService{value: 50 ether}("https://x", quota, 9, true, models, bob);

        _registerFineTuning(bob, tee);
        assertEq(fineTuning.getAllServices().length, 2);
        uint256 before = provider.balance;
        vm.expectEmit(address(fineTuning));
        emit ServingAccounts.ProviderStakeReturned(provider, 100 ether);
        vm.expectEmit(address(fineTuning));
        emit FineTuningServing.ServiceRemoved(provider);
        vm.prank(provider);
        fineTuning.removeService();
        assertEq(provider.balance, before + 100 ether);
        FineTuningService[] memory all = fineTuning.getAllServices();
        assertEq(all.length, 1);
        assertEq(all[0].provider, bob);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.ServiceNotExist.selector, provider));
        fineTuning.getService(provider);
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.ServiceNotExist.selector, provider));
        fineTuning.removeService();
    }

    function test_RevertWhen_StakeCannotBeReturned() public {
        RejectingActor actor = new RejectingActor();
        vm.deal(address(actor), 100 ether);
        bytes memory register = abi.encodeCall(
            FineTuningServing.addOrUpdateService, ("u", _quota(), 1, false, new string[](0), tee)
        );
        actor.forward(address(fineTuning), register, 100 ether);
        vm.expectRevert(FineTuningServing.ETHTransferFailed.selector);
        actor.forward(address(fineTuning), abi.encodeCall(FineTuningServing.removeService, ()), 0);
    }

    function test_OwnerAcknowledgement() public {
        vm.startPrank(owner);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.ServiceNotExist.selector, bob));
        fineTuning.acknowledgeTEESignerByOwner(bob);
        vm.expectEmit(address(fineTuning));
        emit ServingAccounts.ProviderTEESignerAcknowledged(provider, tee, false);
        fineTuning.revokeTEESignerAcknowledgement(provider);
        vm.stopPrank();
        assertFalse(fineTuning.getService(provider).teeSignerAcknowledged);
    }

    // ---------------------------------------------------------------------------------------------
    // Sub-accounts
    // ---------------------------------------------------------------------------------------------

    function test_OnlyTheLedgerManagesSubAccounts() public {
        vm.expectRevert(FineTuningServing.CallerNotLedger.selector);
        fineTuning.addAccount(bob, provider, "");
        vm.expectRevert(FineTuningServing.CallerNotLedger.selector);
        fineTuning.depositFund(alice, provider, 0);
        vm.expectRevert(FineTuningServing.CallerNotLedger.selector);
        fineTuning.processRefund(alice, provider);
        vm.expectRevert(FineTuningServing.CallerNotLedger.selector);
        fineTuning.requestRefundAll(alice, provider);
        vm.expectRevert(FineTuningServing.CallerNotLedger.selector);
        fineTuning.deleteAccount(alice, provider);
        vm.startPrank(address(ledger));
        vm.expectRevert(ServingAccounts.AdditionalInfoTooLong.selector);
        fineTuning.addAccount(bob, provider, string(new bytes(4097)));
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.AccountExists.selector, alice, provider));
        fineTuning.addAccount(alice, provider, "");
        // Unlike inference, fine-tuning accepts a sub-account with oneself (as 0G's does).
        fineTuning.addAccount(bob, bob, "");
        vm.stopPrank();
        assertTrue(fineTuning.accountExists(bob, bob));
    }

    function test_GetAccountAndLists() public {
        AccountDetails memory d = fineTuning.getAccount(alice, provider);
        assertEq(d.user, alice);
        assertEq(d.provider, provider);
        assertEq(d.balance, 10 ether);
        assertEq(d.deliverables.length, 0);
        assertEq(d.deliverablesCount, 0);
        assertTrue(d.acknowledged);
        _openFt(bob);
        (AccountSummary[] memory list, uint256 total) = fineTuning.getAccountsByProvider(provider, 0, 0);
        assertEq(total, 2);
        assertEq(list[1].user, bob);
        (list, total) = fineTuning.getAccountsByUser(alice, 0, 0);
        assertEq(total, 1);
        assertEq(list[0].balance, 10 ether);
        (list, total) = fineTuning.getAllAccounts(0, 1);
        assertEq(total, 2);
        assertEq(list.length, 1);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.LimitTooLarge.selector, 51));
        fineTuning.getAllAccounts(0, 51);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.LimitTooLarge.selector, 51));
        fineTuning.getAccountsByProvider(provider, 0, 51);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.LimitTooLarge.selector, 51));
        fineTuning.getAccountsByUser(alice, 0, 51);
        address[] memory users = new address[](2);
        users[0] = owner;
        users[1] = bob;
        vm.prank(provider);
        list = fineTuning.getBatchAccountsByUsers(users);
        assertEq(list[0].user, address(0));
        assertEq(list[1].user, bob);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.BatchSizeTooLarge.selector, 51, 50));
        fineTuning.getBatchAccountsByUsers(new address[](51));
    }

    function _openFt(address user) internal {
        _fund(user, 10 ether);
        _transfer(user, FT, provider, 5 ether);
    }

    // ---------------------------------------------------------------------------------------------
    // Deliverables
    // ---------------------------------------------------------------------------------------------

    function test_AddDeliverable() public {
        vm.startPrank(provider);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.DeliverableIdInvalidLength.selector, 0));
        fineTuning.addDeliverable(alice, "", ROOT);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.DeliverableIdInvalidLength.selector, 257));
        fineTuning.addDeliverable(alice, string(new bytes(257)), ROOT);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.AccountNotExists.selector, bob, provider));
        fineTuning.addDeliverable(bob, "t1", ROOT);
        vm.expectEmit(address(fineTuning));
        emit FineTuningServing.DeliverableAdded(alice, provider, "t1", ROOT, T0);
        fineTuning.addDeliverable(alice, "t1", ROOT);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.DeliverableAlreadyExists.selector, "t1"));
        fineTuning.addDeliverable(alice, "t1", ROOT);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.PreviousDeliverableNotAcknowledged.selector, "t1"));
        fineTuning.addDeliverable(alice, "t2", ROOT);
        vm.stopPrank();
        Deliverable memory d = fineTuning.getDeliverable(alice, provider, "t1");
        assertEq(d.id, "t1");
        assertEq(d.modelRootHash, ROOT);
        assertEq(d.encryptedSecret, "");
        assertFalse(d.acknowledged);
        assertEq(d.timestamp, T0);
        assertFalse(d.settled);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.DeliverableNotExists.selector, "t9"));
        fineTuning.getDeliverable(alice, provider, "t9");
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.AccountNotExists.selector, bob, provider));
        fineTuning.getDeliverable(bob, provider, "t1");
    }

    function test_AcknowledgeAndAbandonDeliverables() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.DeliverableNotExists.selector, "t1"));
        fineTuning.acknowledgeDeliverable(provider, "t1");
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.AccountNotExists.selector, bob, provider));
        fineTuning.acknowledgeDeliverable(provider, "t1");
        _add("t1");
        vm.expectEmit(address(fineTuning));
        emit FineTuningServing.DeliverableAcknowledged(alice, provider, "t1", T0);
        _ack("t1");
        assertTrue(fineTuning.getDeliverable(alice, provider, "t1").acknowledged);
        _add("t2");
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.DeliverableNotExists.selector, "t9"));
        fineTuning.abandonDeliverable(alice, "t9");
        vm.expectEmit(address(fineTuning));
        emit FineTuningServing.DeliverableAbandoned(alice, provider, "t2", T0);
        vm.prank(provider);
        fineTuning.abandonDeliverable(alice, "t2");
        Deliverable memory d = fineTuning.getDeliverable(alice, provider, "t2");
        assertTrue(d.acknowledged && d.settled);
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.CannotAbandonSettledDeliverable.selector, "t2"));
        fineTuning.abandonDeliverable(alice, "t2");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.CannotAcknowledgeSettledDeliverable.selector, "t2"));
        fineTuning.acknowledgeDeliverable(provider, "t2");
        _add("t3"); // t2 (abandoned) counts as acknowledged
        // The abandoned deliverable can no longer be settled.
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.DeliverableAlreadySettled.selector, "t2"));
        fineTuning.settleFees(_verifierInput(teeKey, "t2", "", ROOT, 1, 1 ether, alice));
    }

    function test_TheLast20DeliverablesAreKept() public {
        for (uint256 i; i < 20; ++i) {
            string memory id = vm.toString(i);
            _add(id);
            _ack(id);
        }
        assertEq(fineTuning.getAccount(alice, provider).deliverablesCount, 20);
        // The oldest must be settled before it can be evicted.
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.CannotEvictUnsettledDeliverable.selector, "0"));
        fineTuning.addDeliverable(alice, "20", ROOT);
        for (uint256 i; i < 2; ++i) {
            _settleFt(_verifierInput(teeKey, vm.toString(i), SECRET, ROOT, i + 1, 0.1 ether, alice));
        }
        vm.expectEmit(address(fineTuning));
        emit FineTuningServing.DeliverableEvicted(provider, alice, "0", "20", T0);
        _add("20");
        _ack("20");
        _add("21");
        AccountDetails memory details = fineTuning.getAccount(alice, provider);
        assertEq(details.deliverablesCount, 20);
        assertEq(details.deliverablesHead, 2);
        assertEq(details.deliverables[0].id, "2"); // oldest first
        assertEq(details.deliverables[19].id, "21");
        assertEq(fineTuning.getDeliverables(alice, provider).length, 20);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.DeliverableNotExists.selector, "0"));
        fineTuning.getDeliverable(alice, provider, "0");
        // An evicted id can be used again... once the newest is acknowledged and the oldest settled.
        _ack("21");
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.CannotEvictUnsettledDeliverable.selector, "2"));
        fineTuning.addDeliverable(alice, "0", ROOT);
    }

    // ---------------------------------------------------------------------------------------------
    // Fees
    // ---------------------------------------------------------------------------------------------

    function test_SettleFeesOfAnAcknowledgedDeliverable() public {
        _add("t1");
        _ack("t1");
        uint256 before = provider.balance;
        vm.expectEmit(address(fineTuning));
        emit FineTuningServing.FeesSettled(alice, provider, "t1", 2 ether, true, 7);
        vm.expectEmit(address(ledger));
        emit LedgerManager.FundSpent(alice, address(fineTuning), 2 ether);
        vm.expectEmit(address(fineTuning));
        emit ServingAccounts.BalanceUpdated(alice, provider, 8 ether, 0);
        _settleFt(_verifierInput(teeKey, "t1", SECRET, ROOT, 7, 2 ether, alice));
        assertEq(provider.balance, before + 2 ether);
        Deliverable memory d = fineTuning.getDeliverable(alice, provider, "t1");
        assertTrue(d.settled);
        assertEq(d.encryptedSecret, SECRET);
        AccountDetails memory a = fineTuning.getAccount(alice, provider);
        assertEq(a.nonce, 7);
        assertEq(a.balance, 8 ether);
        assertEq(ledger.getLedger(alice).totalBalance, 98 ether);
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.InvalidVerifierInput.selector, "nonce should larger than the current nonce"));
        fineTuning.settleFees(_verifierInput(teeKey, "t1", SECRET, ROOT, 7, 2 ether, alice));
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.DeliverableAlreadySettled.selector, "t1"));
        fineTuning.settleFees(_verifierInput(teeKey, "t1", SECRET, ROOT, 8, 2 ether, alice));
    }

    function test_SettleFeesOfAnUnacknowledgedDeliverablePaysThePenaltyShare() public {
        _add("t1");
        vm.prank(provider);
        vm.expectRevert(FineTuningServing.SecretShouldBeEmpty.selector);
        fineTuning.settleFees(_verifierInput(teeKey, "t1", SECRET, ROOT, 1, 2 ether, alice));
        uint256 before = provider.balance;
        vm.expectEmit(address(fineTuning));
        emit FineTuningServing.FeesSettled(alice, provider, "t1", 0.6 ether, false, 1);
        _settleFt(_verifierInput(teeKey, "t1", "", ROOT, 1, 2 ether, alice));
        assertEq(provider.balance, before + 0.6 ether); // 30 %
        assertEq(fineTuning.getAccount(alice, provider).balance, 9.4 ether);
        Deliverable memory d = fineTuning.getDeliverable(alice, provider, "t1");
        assertTrue(d.settled);
        assertFalse(d.acknowledged);
        assertEq(d.encryptedSecret, "");
        // Settled deliverables cannot be acknowledged any more.
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.CannotAcknowledgeSettledDeliverable.selector, "t1"));
        fineTuning.acknowledgeDeliverable(provider, "t1");
    }

    function test_RevertWhen_SettleFeesIsInvalid() public {
        _add("t1");
        _ack("t1");
        bytes4 invalid = FineTuningServing.InvalidVerifierInput.selector;
        vm.startPrank(provider);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.AccountNotExists.selector, bob, provider));
        fineTuning.settleFees(_verifierInput(teeKey, "t1", SECRET, ROOT, 1, 1, bob));
        vm.expectRevert(FineTuningServing.SecretShouldNotBeEmpty.selector);
        fineTuning.settleFees(_verifierInput(teeKey, "t1", "", ROOT, 1, 1, alice));
        vm.expectRevert(abi.encodeWithSelector(invalid, "insufficient balance"));
        fineTuning.settleFees(_verifierInput(teeKey, "t1", SECRET, ROOT, 1, 10 ether + 1, alice));
        vm.expectRevert(abi.encodeWithSelector(FineTuningServing.DeliverableNotExists.selector, "t9"));
        fineTuning.settleFees(_verifierInput(teeKey, "t9", SECRET, ROOT, 1, 1, alice));
        vm.expectRevert(abi.encodeWithSelector(invalid, "model root hash mismatch"));
        fineTuning.settleFees(_verifierInput(teeKey, "t1", SECRET, hex"00", 1, 1, alice));
        (, uint256 otherKey) = makeAddrAndKey("other");
        vm.expectRevert(abi.encodeWithSelector(invalid, "TEE settlement validation failed"));
        fineTuning.settleFees(_verifierInput(otherKey, "t1", SECRET, ROOT, 1, 1, alice));
        VerifierInput memory tampered = _verifierInput(teeKey, "t1", SECRET, ROOT, 1, 1, alice);
        tampered.taskFee = 2;
        vm.expectRevert(abi.encodeWithSelector(invalid, "TEE settlement validation failed"));
        fineTuning.settleFees(tampered);
        vm.stopPrank();

        // The acknowledgements.
        vm.prank(owner);
        fineTuning.revokeTEESignerAcknowledgement(provider);
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(invalid, "TEE signer not acknowledged"));
        fineTuning.settleFees(_verifierInput(teeKey, "t1", SECRET, ROOT, 1, 1, alice));
        vm.prank(provider);
        fineTuning.removeService();
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(ServingAccounts.ServiceNotExist.selector, provider));
        fineTuning.settleFees(_verifierInput(teeKey, "t1", SECRET, ROOT, 1, 1, alice));
    }

    function test_FeesComeFromPendingRefundsLast() public {
        _add("t1");
        _ack("t1");
        _retrieve(alice, FT, provider); // all 10 0G pending
        _settleFt(_verifierInput(teeKey, "t1", SECRET, ROOT, 1, 4 ether, alice));
        AccountDetails memory a = fineTuning.getAccount(alice, provider);
        assertEq(a.balance, 6 ether);
        assertEq(a.pendingRefund, 6 ether);
        assertEq(a.refunds[0].amount, 6 ether);
        vm.warp(T0 + LOCK);
        _retrieve(alice, FT, provider);
        assertEq(_available(alice), 96 ether);
    }

    function test_DeletingTheSubAccountDropsItsDeliverables() public {
        _add("t1");
        _ack("t1");
        _settleFt(_verifierInput(teeKey, "t1", SECRET, ROOT, 5, 10 ether, alice));
        assertEq(ledger.getLedger(alice).totalBalance, 90 ether);
        vm.prank(alice);
        ledger.refund(90 ether);
        assertFalse(fineTuning.accountExists(alice, provider));
        _fund(alice, 10 ether);
        _transfer(alice, FT, provider, 10 ether);
        AccountDetails memory a = fineTuning.getAccount(alice, provider);
        assertEq(a.deliverablesCount, 0);
        assertEq(a.nonce, 5); // kept against replays
        _add("t1"); // the id is free again
        assertFalse(fineTuning.getDeliverable(alice, provider, "t1").settled);
    }

    function testFuzz_PenaltyShare(uint96 fee, uint8 penalty) public {
        penalty = uint8(bound(penalty, 0, 100));
        fee = uint96(bound(fee, 0, 10 ether));
        vm.prank(owner);
        fineTuning.updatePenaltyPercentage(penalty);
        _add("t1");
        uint256 before = provider.balance;
        _settleFt(_verifierInput(teeKey, "t1", "", ROOT, 1, fee, alice));
        uint256 paid = uint256(fee) * penalty / 100;
        assertEq(provider.balance - before, paid);
        assertEq(fineTuning.getAccount(alice, provider).balance, 10 ether - paid);
        assertEq(address(fineTuning).balance, 100 ether + 10 ether - paid);
    }
}
