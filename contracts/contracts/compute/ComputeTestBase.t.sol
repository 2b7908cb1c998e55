// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {FineTuningServing, Quota, VerifierInput} from "./FineTuningServing.sol";
import {InferenceServing, ServiceParams, TEESettlementData} from "./InferenceServing.sol";
import {LedgerManager} from "./LedgerManager.sol";

/// Refuses plain transfers (a provider or user whose payment must fail); forwards calls as itself.
contract RejectingActor {
    receive() external payable {
        revert("no");
    }

    function forward(address target, bytes calldata data, uint256 value) external payable returns (bytes memory) {
        (bool success, bytes memory result) = target.call{value: value}(data);
        if (!success) {
            assembly {
                revert(add(result, 0x20), mload(result))
            }
        }
        return result;
    }
}

/// The three compute contracts deployed and wired as the devnet does (plain deployments, `initialize`,
/// `registerService` as `inference-v1.0` and `fine-tuning-v1.0`), and helpers that sign with an
/// EIP-712 implementation of their own (not the contracts').
abstract contract ComputeTestBase is Test {
    uint256 internal constant LOCK = 1 days;
    uint256 internal constant PENALTY = 30;
    uint256 internal constant T0 = 1_700_000_000;
    string internal constant INF = "inference-v1.0";
    string internal constant FT = "fine-tuning-v1.0";

    bytes32 internal constant SETTLEMENT_TYPEHASH =
        keccak256("TEESettlement(bytes32 requestsHash,uint256 nonce,address provider,address user,uint256 totalFee)");
    bytes32 internal constant VERIFIER_TYPEHASH = keccak256(
        "VerifierMessage(string id,bytes encryptedSecret,bytes modelRootHash,uint256 nonce,uint256 taskFee,address user)"
    );

    LedgerManager internal ledger;
    InferenceServing internal inference;
    FineTuningServing internal fineTuning;

    address internal owner = makeAddr("owner");
    address internal provider = makeAddr("provider");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal tee;
    uint256 internal teeKey;

    function setUp() public virtual {
        vm.warp(T0);
        (tee, teeKey) = makeAddrAndKey("tee");
        ledger = new LedgerManager();
        inference = new InferenceServing();
        fineTuning = new FineTuningServing();
        ledger.initialize(owner);
        inference.initialize(LOCK, address(ledger), owner);
        fineTuning.initialize(LOCK, address(ledger), owner, PENALTY);
        vm.startPrank(owner);
        ledger.registerService("inference", "v1.0", address(inference), "Inference");
        ledger.registerService("fine-tuning", "v1.0", address(fineTuning), "Fine-tuning");
        vm.stopPrank();
    }

    // ---------------------------------------------------------------------------------------------
    // Setup helpers
    // ---------------------------------------------------------------------------------------------

    function _params(address signer) internal pure returns (ServiceParams memory) {
        return ServiceParams({
            serviceType: "chatbot",
            url: "https://provider.example.com",
            model: "qwen-2.5-7b",
            verifiability: "TeeML",
            inputPrice: 5,
            outputPrice: 10,
            additionalInfo: '{"ProviderType":"centralized"}',
            teeSignerAddress: signer
        });
    }

    /// `p` registers an inference service with TEE signer `signer`, acknowledged by the owner.
    function _registerInference(address p, address signer) internal {
        vm.deal(p, p.balance + 100 ether);
        vm.prank(p);
        inference.addOrUpdateService{value: 100 ether}(_params(signer));
        vm.prank(owner);
        inference.acknowledgeTEESignerByOwner(p);
    }

    function _quota() internal pure returns (Quota memory) {
        return Quota({cpuCount: 8, nodeMemory: 64, gpuCount: 1, nodeStorage: 500, gpuType: "H100"});
    }

    /// `p` registers a fine-tuning service with TEE signer `signer`, acknowledged by the owner.
    function _registerFineTuning(address p, address signer) internal {
        vm.deal(p, p.balance + 100 ether);
        string[] memory models = new string[](1);
        models[0] = "qwen-2.5-0.5b";
        vm.prank(p);
        fineTuning.addOrUpdateService{value: 100 ether}("https://ft.example.com", _quota(), 1, false, models, signer);
        vm.prank(owner);
        fineTuning.acknowledgeTEESignerByOwner(p);
    }

    /// `user` deposits `amount` into its ledger (opening it).
    function _fund(address user, uint256 amount) internal {
        vm.deal(user, user.balance + amount);
        vm.prank(user);
        ledger.depositFund{value: amount}();
    }

    function _transfer(address user, string memory service, address p, uint256 amount) internal {
        vm.prank(user);
        ledger.transferFund(p, service, amount);
    }

    /// `user` gets a ledger of `ledgerAmount` and an inference sub-account with `p` of `subAmount`.
    function _openInference(address user, address p, uint256 ledgerAmount, uint256 subAmount) internal {
        _fund(user, ledgerAmount);
        _transfer(user, INF, p, subAmount);
    }

    function _retrieve(address user, string memory service, address p) internal {
        address[] memory providers = new address[](1);
        providers[0] = p;
        vm.prank(user);
        ledger.retrieveFund(providers, service);
    }

    // ---------------------------------------------------------------------------------------------
    // EIP-712
    // ---------------------------------------------------------------------------------------------

    function _domain(string memory name, address verifyingContract) internal view returns (bytes32) {
        return keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256(bytes(name)),
                keccak256("1"),
                block.chainid,
                verifyingContract
            )
        );
    }

    function _signature(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    /// A settlement entry signed by `key`.
    function _entry(uint256 key, address user, address p, uint256 fee, uint256 nonce)
        internal
        view
        returns (TEESettlementData memory entry)
    {
        bytes32 requestsHash = keccak256(abi.encode("requests", user, nonce));
        bytes32 structHash = keccak256(abi.encode(SETTLEMENT_TYPEHASH, requestsHash, nonce, p, user, fee));
        bytes32 digest =
            keccak256(abi.encodePacked("\x19\x01", _domain("0G Inference Serving", address(inference)), structHash));
        entry = TEESettlementData({
            user: user,
            provider: p,
            totalFee: fee,
            requestsHash: requestsHash,
            nonce: nonce,
            signature: _signature(key, digest)
        });
    }

    function _one(TEESettlementData memory entry) internal pure returns (TEESettlementData[] memory list) {
        list = new TEESettlementData[](1);
        list[0] = entry;
    }

    /// Settles `list` as `p`, returning the statuses.
    function _settle(address p, TEESettlementData[] memory list) internal returns (uint8[] memory) {
        vm.prank(p);
        return inference.settleFeesWithTEE(list);
    }

    /// A fine-tuning `VerifierInput` signed by `key`.
    function _verifierInput(
        uint256 key,
        string memory id,
        bytes memory secret,
        bytes memory root,
        uint256 nonce,
        uint256 fee,
        address user
    ) internal view returns (VerifierInput memory input) {
        bytes32 structHash = keccak256(
            abi.encode(VERIFIER_TYPEHASH, keccak256(bytes(id)), keccak256(secret), keccak256(root), nonce, fee, user)
        );
        bytes32 digest =
            keccak256(abi.encodePacked("\x19\x01", _domain("0G Fine-Tuning Serving", address(fineTuning)), structHash));
        input = VerifierInput({
            id: id,
            encryptedSecret: secret,
            modelRootHash: root,
            nonce: nonce,
            signature: _signature(key, digest),
            taskFee: fee,
            user: user
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Accounting
    // ---------------------------------------------------------------------------------------------

    function _available(address user) internal view returns (uint256) {
        return ledger.getLedger(user).availableBalance;
    }

    function _inferenceBalance(address user, address p) internal view returns (uint256) {
        return inference.getAccount(user, p).balance;
    }
}
