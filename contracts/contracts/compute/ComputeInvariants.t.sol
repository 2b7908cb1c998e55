// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {FineTuningServing} from "./FineTuningServing.sol";
import {Account as InferenceAccount, InferenceServing, ServiceParams, TEESettlementData} from "./InferenceServing.sol";
import {Ledger, LedgerManager} from "./LedgerManager.sol";

/// Drives random ledger, sub-account, refund and settlement operations of a few users against two
/// inference providers (and fine-tuning sub-accounts), and checks each step against its own model.
contract ComputeHandler is Test {
    uint256 internal constant LOCK = 1 days;
    string internal constant INF = "inference-v1.0";
    string internal constant FT = "fine-tuning-v1.0";
    bytes32 internal constant SETTLEMENT_TYPEHASH =
        keccak256("TEESettlement(bytes32 requestsHash,uint256 nonce,address provider,address user,uint256 totalFee)");

    LedgerManager internal immutable ledger;
    InferenceServing internal immutable inference;
    FineTuningServing internal immutable fineTuning;

    address[4] internal users;
    address[2] internal providers;
    uint256[2] internal teeKeys;

    uint256 public deposited;
    uint256 public withdrawn;
    uint256 public paid;
    /// @dev The highest nonce a settlement of `(user, provider)` took.
    mapping(address => mapping(address => uint256)) public lastNonce;
    /// @dev Set when a step breaks its rule (the invariants check they stay empty).
    string public overpaid;
    string public nonceBroken;
    string public refundTooEarly;

    constructor(LedgerManager ledger_, InferenceServing inference_, FineTuningServing fineTuning_, uint256[2] memory keys) {
        ledger = ledger_;
        inference = inference_;
        fineTuning = fineTuning_;
        users = [makeAddr("u0"), makeAddr("u1"), makeAddr("u2"), makeAddr("u3")];
        providers = [makeAddr("p0"), makeAddr("p1")];
        teeKeys = keys;
    }

    function user(uint256 i) external view returns (address) {
        return users[i];
    }

    function provider(uint256 i) external view returns (address) {
        return providers[i];
    }

    // ---------------------------------------------------------------------------------------------
    // Actions
    // ---------------------------------------------------------------------------------------------

    function deposit(uint256 userSeed, uint256 amount) external {
        address who = users[userSeed % 4];
        amount = bound(amount, 3 ether, 1_000 ether);
        vm.deal(who, who.balance + amount);
        vm.prank(who);
        ledger.depositFund{value: amount}();
        deposited += amount;
    }

    function transfer(uint256 userSeed, uint256 providerSeed, bool fineTuningService, uint256 amount) external {
        address who = users[userSeed % 4];
        address p = providers[providerSeed % 2];
        if (!_hasLedger(who)) return;
        uint256 available = ledger.getLedger(who).availableBalance;
        if (available < 1 ether) return;
        amount = bound(amount, 1 ether, available);
        vm.prank(who);
        ledger.transferFund(p, fineTuningService ? FT : INF, amount);
    }

    function retrieve(uint256 userSeed, uint256 providerSeed, bool fineTuningService) external {
        address who = users[userSeed % 4];
        address p = providers[providerSeed % 2];
        if (!_hasLedger(who)) return;
        uint256 expected;
        if (!fineTuningService && inference.accountExists(who, p)) {
            // Our model: exactly the valid refunds `lockTime` old come back.
            InferenceAccount memory a = inference.getAccount(who, p);
            for (uint256 i; i < a.validRefundsLength; ++i) {
                if (block.timestamp >= a.refunds[i].createdAt + inference.lockTime()) expected += a.refunds[i].amount;
            }
        }
        uint256 before = ledger.getLedger(who).availableBalance;
        address[] memory list = new address[](1);
        list[0] = p;
        vm.prank(who);
        try ledger.retrieveFund(list, fineTuningService ? FT : INF) {
            uint256 released = ledger.getLedger(who).availableBalance - before;
            if (!fineTuningService && released != expected) refundTooEarly = "released != unlocked refunds";
        } catch {} // five refunds pending
    }

    function refund(uint256 userSeed, uint256 amount, bool everything) external {
        address who = users[userSeed % 4];
        if (!_hasLedger(who)) return;
        uint256 available = ledger.getLedger(who).availableBalance;
        amount = everything ? available : bound(amount, 0, available);
        if (available - amount != 0 && available - amount < 3 ether) return;
        vm.prank(who);
        ledger.refund(amount);
        withdrawn += amount;
    }

    function deleteLedger(uint256 userSeed) external {
        address who = users[userSeed % 4];
        vm.prank(who);
        try ledger.deleteLedger() {} catch {}
    }

    /// A batch of up to four entries of `provider`: some forged, some replayed, some for other providers.
    function settle(uint256 providerSeed, uint256 seed, uint256 feeSeed) external {
        uint256 pi = providerSeed % 2;
        address p = providers[pi];
        TEESettlementData[] memory list = _batch(pi, seed, feeSeed);
        (uint256[] memory balances, uint256[] memory nonces) = _snapshot(list, p);
        uint256 providerBefore = p.balance;
        vm.prank(p);
        uint8[] memory statuses = inference.settleFeesWithTEE(list);
        uint256 received = p.balance - providerBefore;
        paid += received;
        if (received != _model(list, p, statuses, balances, nonces)) {
            overpaid = "provider received more (or less) than min(fee, balance)";
        }
        for (uint256 i; i < list.length; ++i) {
            if (inference.accountExists(list[i].user, p) && inference.getAccount(list[i].user, p).nonce < nonces[i]) {
                nonceBroken = "a nonce went down";
            }
        }
    }

    function _batch(uint256 pi, uint256 seed, uint256 feeSeed) internal view returns (TEESettlementData[] memory list) {
        address p = providers[pi];
        list = new TEESettlementData[](1 + seed % 4);
        for (uint256 i; i < list.length; ++i) {
            address who = users[(seed >> (8 * i + 8)) % 4];
            uint256 fee = bound(uint256(keccak256(abi.encode(feeSeed, i))), 0, 20 ether);
            uint256 mode = (seed >> (8 * i + 40)) % 8;
            uint256 nonce = lastNonce[who][p] + (mode == 0 ? 0 : 1 + mode); // mode 0 replays
            uint256 key = mode == 1 ? teeKeys[1 - pi] : teeKeys[pi]; // mode 1 forges
            list[i] = _entry(key, who, mode == 2 ? providers[1 - pi] : p, fee, nonce); // mode 2: another provider
        }
    }

    function _snapshot(TEESettlementData[] memory list, address p)
        internal
        view
        returns (uint256[] memory balances, uint256[] memory nonces)
    {
        balances = new uint256[](list.length);
        nonces = new uint256[](list.length);
        for (uint256 i; i < list.length; ++i) {
            if (inference.accountExists(list[i].user, p)) {
                InferenceAccount memory a = inference.getAccount(list[i].user, p);
                balances[i] = a.balance;
                nonces[i] = a.nonce;
            }
        }
    }

    /// What the batch should have paid: entries of one user are settled in order, each paying
    /// `min(totalFee, balance)` with a nonce above the previous one.
    function _model(
        TEESettlementData[] memory list,
        address p,
        uint8[] memory statuses,
        uint256[] memory balances,
        uint256[] memory nonces
    ) internal returns (uint256 expectedPaid) {
        for (uint256 i; i < list.length; ++i) {
            address who = list[i].user;
            uint256 balance = balances[i];
            uint256 nonce = nonces[i];
            for (uint256 j; j < i; ++j) {
                if (list[j].user == who && statuses[j] <= 1) {
                    nonce = list[j].nonce;
                    balance -= list[j].totalFee < balance ? list[j].totalFee : balance;
                }
            }
            if (statuses[i] > 1) continue;
            if (list[i].nonce <= nonce) nonceBroken = "a settlement took a nonce that was not higher";
            if ((statuses[i] == 1) != (list[i].totalFee > balance)) overpaid = "wrong PARTIAL";
            expectedPaid += list[i].totalFee < balance ? list[i].totalFee : balance;
            if (list[i].nonce > lastNonce[who][p]) lastNonce[who][p] = list[i].nonce;
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 2 days));
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    function _hasLedger(address who) internal view returns (bool) {
        try ledger.getLedger(who) {
            return true;
        } catch {
            return false;
        }
    }

    function _entry(uint256 key, address who, address p, uint256 fee, uint256 nonce)
        internal
        view
        returns (TEESettlementData memory)
    {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("0G Inference Serving"),
                keccak256("1"),
                block.chainid,
                address(inference)
            )
        );
        bytes32 requestsHash = keccak256(abi.encode(who, nonce));
        bytes32 digest = keccak256(
            abi.encodePacked("\x19\x01", domain, keccak256(abi.encode(SETTLEMENT_TYPEHASH, requestsHash, nonce, p, who, fee)))
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return TEESettlementData(who, p, fee, requestsHash, nonce, abi.encodePacked(r, s, v));
    }
}

contract ComputeInvariantTest is Test {
    LedgerManager internal ledger;
    InferenceServing internal inference;
    FineTuningServing internal fineTuning;
    ComputeHandler internal handler;

    function setUp() public {
        vm.warp(1_700_000_000);
        address owner = makeAddr("owner");
        ledger = new LedgerManager();
        inference = new InferenceServing();
        fineTuning = new FineTuningServing();
        ledger.initialize(owner);
        inference.initialize(1 days, address(ledger), owner);
        fineTuning.initialize(1 days, address(ledger), owner, 30);
        vm.startPrank(owner);
        ledger.registerService("inference", "v1.0", address(inference), "");
        ledger.registerService("fine-tuning", "v1.0", address(fineTuning), "");
        vm.stopPrank();

        (address tee0, uint256 key0) = makeAddrAndKey("tee0");
        (address tee1, uint256 key1) = makeAddrAndKey("tee1");
        handler = new ComputeHandler(ledger, inference, fineTuning, [key0, key1]);
        address[2] memory tees = [tee0, tee1];
        for (uint256 i; i < 2; ++i) {
            address p = handler.provider(i);
            vm.deal(p, 100 ether);
            vm.prank(p);
            inference.addOrUpdateService{value: 100 ether}(
                ServiceParams("chatbot", "https://p", "m", "TeeML", 1, 1, "", tees[i])
            );
            vm.prank(owner);
            inference.acknowledgeTEESignerByOwner(p);
        }
        targetContract(address(handler));
    }

    /// No settlement pays a provider more than the sub-account held: each step paid exactly
    /// `min(totalFee, balance)` per settled entry, and in total no more than was ever deposited.
    function invariant_NoSettlementPaysMoreThanTheBalance() public view {
        assertEq(handler.overpaid(), "");
        assertLe(handler.paid(), handler.deposited());
    }

    /// Every settlement took a nonce above the sub-account's, and no nonce ever went down (also
    /// across the deletion and re-creation of a sub-account).
    function invariant_NoncesOnlyIncrease() public view {
        assertEq(handler.nonceBroken(), "");
        for (uint256 i; i < 4; ++i) {
            for (uint256 j; j < 2; ++j) {
                address u = handler.user(i);
                address p = handler.provider(j);
                if (inference.accountExists(u, p)) assertEq(inference.getAccount(u, p).nonce, handler.lastNonce(u, p));
            }
        }
    }

    /// `retrieveFund` returned exactly the refunds whose lock time had passed.
    function invariant_RefundsUnlockOnlyAfterTheLockTime() public view {
        assertEq(handler.refundTooEarly(), "");
    }

    /// The ledger holds the available balances, the services the sub-account balances (and the
    /// stakes); `totalBalance` is their sum per user; what came in minus what went out is what is held.
    function invariant_BalancesAddUp() public view {
        uint256 available;
        uint256 inInference;
        uint256 inFineTuning;
        for (uint256 i; i < 4; ++i) {
            address u = handler.user(i);
            uint256 subs;
            for (uint256 j; j < 2; ++j) {
                address p = handler.provider(j);
                if (inference.accountExists(u, p)) {
                    InferenceAccount memory a = inference.getAccount(u, p);
                    assertLe(a.pendingRefund, a.balance);
                    subs += a.balance;
                    inInference += a.balance;
                }
                if (fineTuning.accountExists(u, p)) {
                    uint256 b = fineTuning.getAccount(u, p).balance;
                    subs += b;
                    inFineTuning += b;
                }
            }
            try ledger.getLedger(u) returns (Ledger memory l) {
                available += l.availableBalance;
                assertEq(l.totalBalance, l.availableBalance + subs);
            } catch {
                assertEq(subs, 0);
            }
        }
        assertEq(address(ledger).balance, available);
        assertEq(address(inference).balance, inInference + 200 ether);
        assertEq(address(fineTuning).balance, inFineTuning);
        assertEq(
            handler.deposited() - handler.withdrawn() - handler.paid(), available + inInference + inFineTuning
        );
    }
}
