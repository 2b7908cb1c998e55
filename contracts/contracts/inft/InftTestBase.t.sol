// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {AgentAccount} from "./AgentAccount.sol";
import {AgentAccountRegistry} from "./AgentAccountRegistry.sol";
import {AgentNFT} from "./AgentNFT.sol";
import {Verifier} from "./Verifier.sol";
import {IntelligentData} from "./interfaces/IERC7857Metadata.sol";
import {AccessProof, OracleType, OwnershipProof, TransferValidityProof} from "./interfaces/IERC7857DataVerifier.sol";

/// The INFT contracts deployed and wired as the devnet does (Verifier + `initialize`, AgentNFT, its
/// registry, `AgentNFT.initialize`), and proof builders written from the wire format alone: EIP-191 over
/// `vm.toString(keccak256(packed fields))` (forge's hex string, not the contracts' encoder).
abstract contract InftTestBase is Test {
    uint256 internal constant T0 = 1_700_000_000;
    string internal constant STORAGE_INFO = '{"chainURL":"http://127.0.0.1:8545","indexerURL":"http://127.0.0.1:5678"}';

    Verifier internal verifier;
    AgentNFT internal nft;
    AgentAccountRegistry internal registry;

    address internal admin = makeAddr("admin");
    address internal oracle;
    uint256 internal oracleKey;
    address internal alice;
    uint256 internal aliceKey;
    address internal bob;
    uint256 internal bobKey;
    address internal carol;
    uint256 internal carolKey;
    address internal mallory;
    uint256 internal malloryKey;

    /// Distinct salts and operator keys for every proof a test builds.
    uint256 private _seed;

    function setUp() public virtual {
        vm.warp(T0);
        (oracle, oracleKey) = makeAddrAndKey("oracle");
        (alice, aliceKey) = makeAddrAndKey("alice");
        (bob, bobKey) = makeAddrAndKey("bob");
        (carol, carolKey) = makeAddrAndKey("carol");
        (mallory, malloryKey) = makeAddrAndKey("mallory");
        verifier = new Verifier();
        verifier.initialize(admin, oracle);
        nft = new AgentNFT();
        registry = new AgentAccountRegistry(address(nft));
        nft.initialize("0G Agent NFT", "0GI", STORAGE_INFO, address(verifier), admin, address(registry));
        vm.deal(alice, 100 ether);
        vm.deal(bob, 100 ether);
        for (uint256 i = 0; i < 4; i++) {
            uint256 key = [aliceKey, bobKey, carolKey, malloryKey][i];
            assertEq(address(uint160(uint256(keccak256(_pubkey(key))))), vm.addr(key), "test public key table");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Data and minting
    // ---------------------------------------------------------------------------------------------

    function _datas(uint256 count, string memory label) internal pure returns (IntelligentData[] memory datas) {
        datas = new IntelligentData[](count);
        for (uint256 i = 0; i < count; i++) {
            datas[i] = IntelligentData(
                string.concat(label, " part ", vm.toString(i)), keccak256(abi.encode(label, "data", i))
            );
        }
    }

    /// Mints `count` entries to `to` as `to` (the creator), with `operator` as the first agent operator.
    function _mint(address to, uint256 count, address operator) internal returns (uint256 tokenId) {
        vm.prank(to);
        tokenId = nft.mint(_datas(count, string.concat("token of ", vm.toString(to), vm.toString(_seed++))), to, operator);
    }

    function _mint(address to) internal returns (uint256) {
        return _mint(to, 1, address(0));
    }

    function _hashes(uint256 tokenId) internal view returns (bytes32[] memory hashes) {
        IntelligentData[] memory datas = nft.intelligentDatasOf(tokenId);
        hashes = new bytes32[](datas.length);
        for (uint256 i = 0; i < datas.length; i++) {
            hashes[i] = datas[i].dataHash;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Proofs
    // ---------------------------------------------------------------------------------------------

    /// What one proof says; `_build` signs it.
    struct Spec {
        uint256 receiverKey; // whose public key the oracle seals to
        uint256 accessSignerKey; // who signs the access proof (the receiver or its delegate)
        uint256 oracleSignerKey; // who signs the ownership proof (the oracle)
        bytes32 dataHash; // the token's current hash, in both proofs
        bytes32 newDataHash;
        address newOperator;
        uint64 issuedAt;
        bytes24 salt;
        bool explicitWantedKey; // the access proof names the receiver's key instead of leaving it empty
    }

    function _ethSignedHex(bytes32 inner) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n66", vm.toString(inner)));
    }

    function _sign(uint256 key, bytes32 inner) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, _ethSignedHex(inner));
        return abi.encodePacked(r, s, v);
    }

    /// The 64-byte uncompressed public keys of the named test keys (Hardhat has no `vm.createWallet`;
    /// computed with viem's `privateKeyToAccount(keccak256(name)).publicKey`).
    function _pubkey(uint256 key) internal view returns (bytes memory) {
        if (key == aliceKey) {
            return hex"5eed5fa3a67696c334762bb4823e585e2ee579aba3558d9955296d6c04541b426078dbd48d74af1fd0c72aa1a05147cf17be6b60bdbed6ba19b08ec28445b0ca";
        }
        if (key == bobKey) {
            return hex"347746ccb908e583927285fa4bd202f08e2f82f09c920233d89c47c79e48f937d049130e3d1c14cf7b21afefc057f71da73dec8e8ff74ff47dc6a574ccd5d570";
        }
        if (key == carolKey) {
            return hex"de88a681364281bf16b54502d467b603ac67526b10e42c69c987b056e43b6b05decb52cf271b50624559d0bb1726515541604da2a5f18b0df36285f8b7253135";
        }
        if (key == malloryKey) {
            return hex"3815434894b490e17287542a3c7e8898467e229b00d6e215a22d01cea470b058426116127e8787e823c0badf751d914815d50d5e8d58e8d562f8128e63508bda";
        }
        revert("no public key for this test key");
    }

    function _accessNonce(uint64 issuedAt, bytes24 salt) internal pure returns (bytes memory) {
        return abi.encodePacked(issuedAt, salt);
    }

    function _accessProof(uint256 signerKey, bytes32 dataHash, bytes memory wantedKey, bytes memory nonce)
        internal
        pure
        returns (AccessProof memory)
    {
        return AccessProof(dataHash, wantedKey, nonce, _sign(signerKey, keccak256(abi.encodePacked(dataHash, wantedKey, nonce))));
    }

    function _ownershipProof(
        uint256 signerKey,
        bytes32 dataHash,
        bytes memory sealedKey,
        bytes memory targetPubkey,
        bytes memory nonce
    ) internal pure returns (OwnershipProof memory) {
        return OwnershipProof(
            OracleType.TEE,
            dataHash,
            sealedKey,
            targetPubkey,
            nonce,
            _sign(signerKey, keccak256(abi.encodePacked(dataHash, sealedKey, targetPubkey, nonce)))
        );
    }

    function _sealedKey(bytes24 salt) internal pure returns (bytes memory) {
        return abi.encodePacked(bytes1(0x04), keccak256(abi.encode(salt, 1)), keccak256(abi.encode(salt, 2)), keccak256(abi.encode(salt, 3)), keccak256(abi.encode(salt, 4)));
    }

    function _build(Spec memory spec) internal returns (TransferValidityProof memory proof) {
        bytes memory targetPubkey = _pubkey(spec.receiverKey);
        bytes memory accessNonce = _accessNonce(spec.issuedAt, spec.salt);
        proof.accessProof =
            _accessProof(spec.accessSignerKey, spec.dataHash, spec.explicitWantedKey ? targetPubkey : bytes(""), accessNonce);
        proof.ownershipProof = _ownershipProof(
            spec.oracleSignerKey,
            spec.dataHash,
            _sealedKey(spec.salt),
            targetPubkey,
            abi.encodePacked(accessNonce, spec.newDataHash, spec.newOperator)
        );
    }

    /// A fresh spec for entry `index` of `tokenId` to the holder of `receiverKey`, signed by it and the oracle.
    function _spec(uint256 tokenId, uint256 index, uint256 receiverKey, address newOperator)
        internal
        returns (Spec memory spec)
    {
        uint256 seed = _seed++;
        spec = Spec({
            receiverKey: receiverKey,
            accessSignerKey: receiverKey,
            oracleSignerKey: oracleKey,
            dataHash: _hashes(tokenId)[index],
            newDataHash: keccak256(abi.encode("rotated", tokenId, index, seed)),
            newOperator: newOperator,
            issuedAt: uint64(block.timestamp),
            salt: bytes24(keccak256(abi.encode("salt", seed))),
            explicitWantedKey: false
        });
    }

    /// Valid proofs for every entry of `tokenId` to the holder of `receiverKey`, rotating to `newOperator`.
    function _proofs(uint256 tokenId, uint256 receiverKey, address newOperator)
        internal
        returns (TransferValidityProof[] memory proofs)
    {
        uint256 count = nft.intelligentDatasOf(tokenId).length;
        proofs = new TransferValidityProof[](count);
        for (uint256 i = 0; i < count; i++) {
            proofs[i] = _build(_spec(tokenId, i, receiverKey, newOperator));
        }
    }

    /// One proof from `spec`, as an array.
    function _one(Spec memory spec) internal returns (TransferValidityProof[] memory proofs) {
        proofs = new TransferValidityProof[](1);
        proofs[0] = _build(spec);
    }

    /// A fresh agent key address.
    function _newOperator() internal returns (address) {
        return vm.addr(uint256(keccak256(abi.encode("operator", _seed++))));
    }

    /// The key the Verifier records a nonce under when the AgentNFT verifies it.
    function _nonceKey(bytes memory nonce) internal view returns (bytes32) {
        return keccak256(abi.encode(nonce, address(nft)));
    }
}
