// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {InftTestBase} from "./InftTestBase.t.sol";
import {Verifier, ethSignedHexDigest, hexDigits} from "./Verifier.sol";
import {
    AccessProof,
    OracleType,
    OwnershipProof,
    TransferValidityProof,
    TransferValidityProofOutput
} from "./interfaces/IERC7857DataVerifier.sol";

contract VerifierTest is InftTestBase {
    bytes32 internal constant HASH = keccak256("agent data");

    /// A proof for `HASH` to alice, as the verifier sees it (called directly by this test contract).
    function _aliceSpec() internal returns (Spec memory spec) {
        spec = Spec({
            receiverKey: aliceKey,
            accessSignerKey: aliceKey,
            oracleSignerKey: oracleKey,
            dataHash: HASH,
            newDataHash: keccak256(abi.encode("new", block.timestamp, gasleft())),
            newOperator: _newOperator(),
            issuedAt: uint64(block.timestamp),
            salt: bytes24(keccak256(abi.encode("salt", gasleft()))),
            explicitWantedKey: false
        });
    }

    function _key(bytes memory nonce) internal view returns (bytes32) {
        return keccak256(abi.encode(nonce, address(this)));
    }

    // ---------------------------------------------------------------------------------------------
    // Setup and admin
    // ---------------------------------------------------------------------------------------------

    function test_Initialize() public {
        assertEq(verifier.admin(), admin);
        assertEq(verifier.teeOracleAddress(), oracle);
        assertEq(verifier.maxProofAge(), 7 days);
        assertEq(verifier.maxProofAgeCeiling(), 7 days);
        assertFalse(verifier.paused());
        assertFalse(verifier.isPaused());
        assertEq(verifier.VERSION(), "1.0.0");
        vm.expectRevert(Verifier.AlreadyInitialized.selector);
        verifier.initialize(alice, alice);

        Verifier fresh = new Verifier();
        vm.expectRevert(Verifier.ZeroAddress.selector);
        fresh.initialize(address(0), oracle);
        vm.expectRevert(Verifier.ZeroAddress.selector);
        fresh.initialize(admin, address(0));
        vm.expectEmit(address(fresh));
        emit Verifier.AdminChanged(address(0), alice);
        vm.expectEmit(address(fresh));
        emit Verifier.OracleAddressUpdated(address(0), bob);
        vm.expectEmit(address(fresh));
        emit Verifier.MaxProofAgeUpdated(0, 7 days);
        vm.expectEmit(address(fresh));
        emit Verifier.Initialized(1);
        fresh.initialize(alice, bob);
    }

    function test_AdminFunctions() public {
        bytes memory notAdmin = abi.encodeWithSelector(Verifier.NotAdmin.selector, alice);
        vm.startPrank(alice);
        vm.expectRevert(notAdmin);
        verifier.setAdmin(alice);
        vm.expectRevert(notAdmin);
        verifier.updateOracleAddress(alice);
        vm.expectRevert(notAdmin);
        verifier.updateMaxProofAge(1 days);
        vm.expectRevert(notAdmin);
        verifier.pause();
        vm.expectRevert(notAdmin);
        verifier.unpause();
        vm.stopPrank();

        vm.startPrank(admin);
        vm.expectRevert(Verifier.ZeroAddress.selector);
        verifier.updateOracleAddress(address(0));
        vm.expectEmit(address(verifier));
        emit Verifier.OracleAddressUpdated(oracle, bob);
        verifier.updateOracleAddress(bob);
        assertEq(verifier.teeOracleAddress(), bob);

        vm.expectRevert(abi.encodeWithSelector(Verifier.InvalidMaxProofAge.selector, 0));
        verifier.updateMaxProofAge(0);
        vm.expectRevert(abi.encodeWithSelector(Verifier.InvalidMaxProofAge.selector, 365 days + 1));
        verifier.updateMaxProofAge(365 days + 1);
        vm.expectEmit(address(verifier));
        emit Verifier.MaxProofAgeUpdated(7 days, 30 days);
        verifier.updateMaxProofAge(30 days);
        verifier.updateMaxProofAge(1 hours);
        assertEq(verifier.maxProofAge(), 1 hours);
        assertEq(verifier.maxProofAgeCeiling(), 30 days, "the ceiling only grows");

        vm.expectEmit(address(verifier));
        emit Verifier.Paused(admin);
        verifier.pause();
        assertTrue(verifier.isPaused());
        vm.expectEmit(address(verifier));
        emit Verifier.Unpaused(admin);
        verifier.unpause();

        vm.expectRevert(Verifier.ZeroAddress.selector);
        verifier.setAdmin(address(0));
        vm.expectEmit(address(verifier));
        emit Verifier.AdminChanged(admin, carol);
        verifier.setAdmin(carol);
        vm.expectRevert(abi.encodeWithSelector(Verifier.NotAdmin.selector, admin));
        verifier.pause();
        vm.stopPrank();
        assertEq(verifier.admin(), carol);
    }

    function test_RevertWhen_Paused() public {
        vm.prank(admin);
        verifier.pause();
        TransferValidityProof[] memory proofs = _one(_aliceSpec());
        vm.expectRevert(Verifier.EnforcedPause.selector);
        verifier.verifyTransferValidity(proofs);
        vm.prank(admin);
        verifier.unpause();
        verifier.verifyTransferValidity(proofs);
    }

    // ---------------------------------------------------------------------------------------------
    // Valid proofs
    // ---------------------------------------------------------------------------------------------

    function test_AcceptsAValidProof_AndReturnsWhatItProves() public {
        Spec memory spec = _aliceSpec();
        spec.accessSignerKey = bobKey; // an assistant: the verifier reports the signer, the token judges it
        TransferValidityProof[] memory proofs = _one(spec);
        TransferValidityProofOutput[] memory outputs = verifier.verifyTransferValidity(proofs);
        assertEq(outputs.length, 1);
        assertEq(outputs[0].dataHash, HASH);
        assertEq(outputs[0].sealedKey, proofs[0].ownershipProof.sealedKey);
        assertEq(outputs[0].targetPubkey, _pubkey(aliceKey));
        assertEq(outputs[0].wantedKey, "");
        assertEq(outputs[0].accessAssistant, bob);
        assertEq(outputs[0].accessProofNonce, proofs[0].accessProof.nonce);
        assertEq(outputs[0].ownershipProofNonce, proofs[0].ownershipProof.nonce);

        // One record, under 0G's key for the access nonce and this caller.
        bytes32 key = _key(proofs[0].accessProof.nonce);
        assertEq(verifier.proofKey(proofs[0].accessProof.nonce, address(this)), key);
        assertTrue(verifier.isProofUsed(key));
        assertEq(verifier.proofIssuedAt(key), block.timestamp);
        assertFalse(verifier.isProofUsed(_key(proofs[0].ownershipProof.nonce)));
    }

    function test_AcceptsSeveralProofs() public {
        TransferValidityProof[] memory proofs = new TransferValidityProof[](3);
        for (uint256 i = 0; i < 3; i++) {
            proofs[i] = _build(_aliceSpec());
        }
        TransferValidityProofOutput[] memory outputs = verifier.verifyTransferValidity(proofs);
        assertEq(outputs.length, 3);
        for (uint256 i = 0; i < 3; i++) {
            assertEq(outputs[i].accessAssistant, alice);
            assertTrue(verifier.isProofUsed(_key(proofs[i].accessProof.nonce)));
        }
        assertEq(verifier.verifyTransferValidity(new TransferValidityProof[](0)).length, 0);
    }

    function test_SupportsInterface() public view {
        assertTrue(verifier.supportsInterface(0x01ffc9a7));
        assertTrue(verifier.supportsInterface(bytes4(keccak256(
            "verifyTransferValidity(((bytes32,bytes,bytes,bytes),(uint8,bytes32,bytes,bytes,bytes,bytes))[])"
        ))));
        assertFalse(verifier.supportsInterface(0xffffffff));
    }

    function test_VerifyTEESignature() public view {
        bytes32 digest = keccak256("anything");
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(oracleKey, digest);
        assertTrue(verifier.verifyTEESignature(digest, abi.encodePacked(r, s, v)));
        (v, r, s) = vm.sign(aliceKey, digest);
        assertFalse(verifier.verifyTEESignature(digest, abi.encodePacked(r, s, v)));
        assertFalse(verifier.verifyTEESignature(digest, abi.encodePacked(r, s)));
    }

    // ---------------------------------------------------------------------------------------------
    // Forged and mismatched proofs
    // ---------------------------------------------------------------------------------------------

    function test_RevertWhen_OwnershipProofNotByTheOracle() public {
        Spec memory spec = _aliceSpec();
        spec.oracleSignerKey = malloryKey;
        TransferValidityProof[] memory proofs = _one(spec);
        vm.expectRevert(abi.encodeWithSelector(Verifier.InvalidOwnershipProof.selector, 0));
        verifier.verifyTransferValidity(proofs);
    }

    function test_RevertWhen_OwnershipFieldTamperedAfterSigning() public {
        TransferValidityProof[] memory proofs = _one(_aliceSpec());
        proofs[0].ownershipProof.sealedKey = _sealedKey(bytes24(0)); // another key than the oracle sealed
        vm.expectRevert(abi.encodeWithSelector(Verifier.InvalidOwnershipProof.selector, 0));
        verifier.verifyTransferValidity(proofs);

        proofs = _one(_aliceSpec());
        proofs[0].ownershipProof.targetPubkey = _pubkey(malloryKey); // re-targeted to mallory
        vm.expectRevert(abi.encodeWithSelector(Verifier.InvalidOwnershipProof.selector, 0));
        verifier.verifyTransferValidity(proofs);

        proofs = _one(_aliceSpec());
        bytes memory nonce = proofs[0].ownershipProof.nonce;
        nonce[83] = bytes1(uint8(nonce[83]) ^ 1); // another new operator than the oracle committed
        proofs[0].ownershipProof.nonce = nonce;
        vm.expectRevert(abi.encodeWithSelector(Verifier.InvalidOwnershipProof.selector, 0));
        verifier.verifyTransferValidity(proofs);
    }

    function test_RevertWhen_SignatureMalformed() public {
        TransferValidityProof[] memory proofs = _one(_aliceSpec());
        proofs[0].accessProof.proof = hex"1234";
        vm.expectRevert(abi.encodeWithSelector(Verifier.InvalidAccessProof.selector, 0));
        verifier.verifyTransferValidity(proofs);

        proofs = _one(_aliceSpec());
        bytes memory sig = proofs[0].ownershipProof.proof;
        sig[64] = bytes1(uint8(5)); // v neither 27 nor 28
        proofs[0].ownershipProof.proof = sig;
        vm.expectRevert(abi.encodeWithSelector(Verifier.InvalidOwnershipProof.selector, 0));
        verifier.verifyTransferValidity(proofs);
    }

    function test_RevertWhen_TheProofsAreAboutDifferentData() public {
        TransferValidityProof[] memory proofs = _one(_aliceSpec());
        Spec memory other = _aliceSpec();
        other.dataHash = keccak256("other data");
        proofs[0].ownershipProof = _build(other).ownershipProof;
        vm.expectRevert(abi.encodeWithSelector(Verifier.ProofDataHashMismatch.selector, 0));
        verifier.verifyTransferValidity(proofs);
    }

    function test_RevertWhen_ZkpOwnershipProof() public {
        TransferValidityProof[] memory proofs = _one(_aliceSpec());
        proofs[0].ownershipProof.oracleType = OracleType.ZKP;
        vm.expectRevert(abi.encodeWithSelector(Verifier.UnsupportedOracleType.selector, 0));
        verifier.verifyTransferValidity(proofs);
    }

    function test_ReportsTheIndexOfTheBadProof() public {
        TransferValidityProof[] memory proofs = new TransferValidityProof[](3);
        proofs[0] = _build(_aliceSpec());
        Spec memory forged = _aliceSpec();
        forged.oracleSignerKey = malloryKey;
        proofs[1] = _build(forged);
        proofs[2] = _build(_aliceSpec());
        vm.expectRevert(abi.encodeWithSelector(Verifier.InvalidOwnershipProof.selector, 1));
        verifier.verifyTransferValidity(proofs);
    }

    // ---------------------------------------------------------------------------------------------
    // Nonces: format, single use, expiry, pruning
    // ---------------------------------------------------------------------------------------------

    function test_RevertWhen_Replayed() public {
        TransferValidityProof[] memory proofs = _one(_aliceSpec());
        verifier.verifyTransferValidity(proofs);
        vm.expectRevert(abi.encodeWithSelector(Verifier.ProofAlreadyUsed.selector, _key(proofs[0].accessProof.nonce)));
        verifier.verifyTransferValidity(proofs);
    }

    function test_RevertWhen_AccessNonceReusedWithAFreshOwnershipProof() public {
        Spec memory spec = _aliceSpec();
        TransferValidityProof[] memory first = _one(spec);
        verifier.verifyTransferValidity(first);
        // The oracle answers the same access proof again, for other data keys.
        spec.newDataHash = keccak256("yet another encryption");
        TransferValidityProof[] memory second = _one(spec);
        vm.expectRevert(abi.encodeWithSelector(Verifier.ProofAlreadyUsed.selector, _key(first[0].accessProof.nonce)));
        verifier.verifyTransferValidity(second);
    }

    function test_RevertWhen_OwnershipProofReusedWithAnotherAccessProof() public {
        TransferValidityProof[] memory first = _one(_aliceSpec());
        verifier.verifyTransferValidity(first);
        // A fresh access proof (new nonce) paired with the oracle's used ownership proof.
        TransferValidityProof[] memory second = _one(_aliceSpec());
        second[0].ownershipProof = first[0].ownershipProof;
        vm.expectRevert(abi.encodeWithSelector(Verifier.InvalidNonce.selector, 0));
        verifier.verifyTransferValidity(second);
    }

    function test_RevertWhen_SameNonceTwiceInOneCall() public {
        Spec memory spec = _aliceSpec();
        TransferValidityProof[] memory proofs = new TransferValidityProof[](2);
        proofs[0] = _build(spec);
        spec.newDataHash = keccak256("second entry");
        proofs[1] = _build(spec);
        vm.expectRevert(abi.encodeWithSelector(Verifier.ProofAlreadyUsed.selector, _key(proofs[0].accessProof.nonce)));
        verifier.verifyTransferValidity(proofs);
    }

    function test_NoncesAreScopedToTheCaller() public {
        TransferValidityProof[] memory proofs = _one(_aliceSpec());
        verifier.verifyTransferValidity(proofs);
        vm.prank(bob); // another token contract: 0G's key includes the caller
        verifier.verifyTransferValidity(proofs);
        assertTrue(verifier.isProofUsed(keccak256(abi.encode(proofs[0].accessProof.nonce, bob))));
    }

    function test_RevertWhen_NonceMalformed() public {
        Spec memory spec = _aliceSpec();
        TransferValidityProof[] memory proofs = _one(spec);
        // access nonce not 32 bytes
        bytes memory shortNonce = abi.encodePacked(uint64(block.timestamp), bytes23(0));
        proofs[0].accessProof = _accessProof(aliceKey, HASH, "", shortNonce);
        vm.expectRevert(abi.encodeWithSelector(Verifier.InvalidNonce.selector, 0));
        verifier.verifyTransferValidity(proofs);
        // issuedAt zero
        spec.issuedAt = 0;
        proofs = _one(spec);
        vm.expectRevert(abi.encodeWithSelector(Verifier.InvalidNonce.selector, 0));
        verifier.verifyTransferValidity(proofs);
        // ownership nonce that does not start with the access nonce
        spec = _aliceSpec();
        proofs = _one(spec);
        bytes memory accessNonce = proofs[0].accessProof.nonce;
        proofs[0].ownershipProof = _ownershipProof(
            oracleKey, HASH, _sealedKey(spec.salt), _pubkey(aliceKey), abi.encodePacked(bytes32(0), spec.newDataHash, spec.newOperator)
        );
        vm.expectRevert(abi.encodeWithSelector(Verifier.InvalidNonce.selector, 0));
        verifier.verifyTransferValidity(proofs);
        // ownership nonce shorter than the access nonce
        proofs[0].ownershipProof = _ownershipProof(oracleKey, HASH, _sealedKey(spec.salt), _pubkey(aliceKey), hex"01");
        vm.expectRevert(abi.encodeWithSelector(Verifier.InvalidNonce.selector, 0));
        verifier.verifyTransferValidity(proofs);
        // the access nonce alone as the ownership nonce is fine for the verifier (the token wants more)
        proofs[0].ownershipProof = _ownershipProof(oracleKey, HASH, _sealedKey(spec.salt), _pubkey(aliceKey), accessNonce);
        verifier.verifyTransferValidity(proofs);
    }

    function test_Expiry_Boundaries() public {
        Spec memory spec = _aliceSpec();
        spec.issuedAt = uint64(block.timestamp - 7 days); // exactly maxProofAge old: still fine
        verifier.verifyTransferValidity(_one(spec));

        spec = _aliceSpec();
        spec.issuedAt = uint64(block.timestamp - 7 days - 1);
        TransferValidityProof[] memory expired = _one(spec);
        vm.expectRevert(abi.encodeWithSelector(Verifier.ProofExpired.selector, spec.issuedAt));
        verifier.verifyTransferValidity(expired);

        spec = _aliceSpec();
        spec.issuedAt = uint64(block.timestamp + 15 minutes); // the clock skew allowance
        verifier.verifyTransferValidity(_one(spec));

        spec = _aliceSpec();
        spec.issuedAt = uint64(block.timestamp + 15 minutes + 1);
        TransferValidityProof[] memory future = _one(spec);
        vm.expectRevert(abi.encodeWithSelector(Verifier.ProofNotYetValid.selector, spec.issuedAt));
        verifier.verifyTransferValidity(future);
    }

    function test_RevertWhen_ExpiredAfterWaiting() public {
        TransferValidityProof[] memory proofs = _one(_aliceSpec());
        skip(7 days + 1);
        vm.expectRevert(abi.encodeWithSelector(Verifier.ProofExpired.selector, T0));
        verifier.verifyTransferValidity(proofs);
    }

    function test_CleanExpiredProofs() public {
        TransferValidityProof[] memory proofs = _one(_aliceSpec());
        verifier.verifyTransferValidity(proofs);
        bytes32 key = _key(proofs[0].accessProof.nonce);
        bytes32[] memory keys = new bytes32[](2);
        keys[0] = key;
        keys[1] = keccak256("never used");

        skip(7 days);
        verifier.cleanExpiredProofs(keys); // not yet: the proof could still be accepted
        assertTrue(verifier.isProofUsed(key));

        skip(1);
        vm.prank(mallory); // anyone may clean
        verifier.cleanExpiredProofs(keys);
        assertFalse(verifier.isProofUsed(key));
        assertEq(verifier.proofIssuedAt(key), 0);

        // The record is gone, but the proof has expired: it still cannot be replayed.
        vm.expectRevert(abi.encodeWithSelector(Verifier.ProofExpired.selector, T0));
        verifier.verifyTransferValidity(proofs);
    }

    function test_CleanExpiredProofs_WaitsForTheLargestMaxAgeEverSet() public {
        TransferValidityProof[] memory proofs = _one(_aliceSpec());
        verifier.verifyTransferValidity(proofs);
        bytes32[] memory keys = new bytes32[](1);
        keys[0] = _key(proofs[0].accessProof.nonce);
        vm.startPrank(admin);
        verifier.updateMaxProofAge(30 days);
        verifier.updateMaxProofAge(1 days);
        vm.stopPrank();

        skip(7 days + 1);
        verifier.cleanExpiredProofs(keys);
        assertTrue(verifier.isProofUsed(keys[0]), "kept: the admin might raise maxProofAge to 30 days again");

        // Had it been cleaned, raising the age back would have let it through; it is still recorded:
        vm.prank(admin);
        verifier.updateMaxProofAge(30 days);
        vm.expectRevert(abi.encodeWithSelector(Verifier.ProofAlreadyUsed.selector, keys[0]));
        verifier.verifyTransferValidity(proofs);

        skip(23 days);
        verifier.cleanExpiredProofs(keys);
        assertFalse(verifier.isProofUsed(keys[0]));
    }

    // ---------------------------------------------------------------------------------------------
    // The message format
    // ---------------------------------------------------------------------------------------------

    function test_EthSignedHexDigest_Example() public pure {
        bytes32 inner = 0x00ff10a0b0c0d0e0f0123456789abcdef0fedcba98765432100123456789abcd;
        assertEq(
            ethSignedHexDigest(inner),
            keccak256(
                bytes(
                    "\x19Ethereum Signed Message:\n660x00ff10a0b0c0d0e0f0123456789abcdef0fedcba98765432100123456789abcd"
                )
            )
        );
    }

    function testFuzz_HexDigits_MatchForgesHexString(bytes32 value) public pure {
        string memory expected = vm.toString(value); // "0x" + 64 lowercase digits
        bytes memory digits = abi.encodePacked(hexDigits(bytes16(value)), hexDigits(bytes16(value << 128)));
        assertEq(string.concat("0x", string(digits)), expected);
        assertEq(ethSignedHexDigest(value), _ethSignedHex(value));
    }

    function testFuzz_RevertWhen_OwnershipSignedByAnyOtherKey(uint256 key) public {
        key = bound(key, 1, SECP256K1_ORDER - 1);
        vm.assume(key != oracleKey);
        Spec memory spec = _aliceSpec();
        spec.oracleSignerKey = key;
        TransferValidityProof[] memory proofs = _one(spec);
        vm.expectRevert(abi.encodeWithSelector(Verifier.InvalidOwnershipProof.selector, 0));
        verifier.verifyTransferValidity(proofs);
    }

    function testFuzz_AccessAssistantIsWhoeverSigned(uint256 key) public {
        key = bound(key, 1, SECP256K1_ORDER - 1);
        Spec memory spec = _aliceSpec();
        spec.accessSignerKey = key;
        assertEq(verifier.verifyTransferValidity(_one(spec))[0].accessAssistant, vm.addr(key));
    }

    function testFuzz_Freshness(uint64 issuedAt, uint32 maxAge, uint32 elapsed) public {
        maxAge = uint32(bound(maxAge, 1, 365 days));
        vm.prank(admin);
        verifier.updateMaxProofAge(maxAge);
        issuedAt = uint64(bound(issuedAt, 1, T0 + 1 days));
        vm.warp(T0 + bound(elapsed, 0, 2 * 365 days));
        Spec memory spec = _aliceSpec();
        spec.issuedAt = issuedAt;
        TransferValidityProof[] memory proofs = _one(spec);
        if (issuedAt > block.timestamp + 15 minutes) {
            vm.expectRevert(abi.encodeWithSelector(Verifier.ProofNotYetValid.selector, issuedAt));
        } else if (block.timestamp > uint256(issuedAt) + maxAge) {
            vm.expectRevert(abi.encodeWithSelector(Verifier.ProofExpired.selector, issuedAt));
        }
        verifier.verifyTransferValidity(proofs);
    }

}
