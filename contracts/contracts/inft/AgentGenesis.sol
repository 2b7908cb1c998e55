// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IntelligentData} from "./interfaces/IERC7857Metadata.sol";

/*
 * An agent account is an EIP-1167 minimal proxy (45 bytes) followed by the token's *genesis*: what the
 * token was minted (or cloned) with. Code costs 200 gas a byte to deploy, against 22,100 gas for each
 * fresh 32-byte storage slot, and the account has to be deployed anyway, so this is where a new token's
 * immutable facts live. Whatever changes later (owner, data, operator) is written to AgentNFT storage
 * and takes precedence over the genesis.
 *
 * Genesis layout (packed, big-endian):
 *
 *   [0]       flags: GENESIS_HAS_CREATOR, GENESIS_HAS_OPERATOR
 *   [1, 9)    tokenId (uint64)
 *   [9, 29)   first holder
 *   20 bytes  creator       (only with GENESIS_HAS_CREATOR; otherwise the creator is the first holder)
 *   20 bytes  operator      (only with GENESIS_HAS_OPERATOR; otherwise there is none)
 *   2 bytes   entry count (uint16)
 *   per entry: 32 bytes dataHash, 2 bytes description length (uint16), the description bytes
 *
 * The account's address does not depend on the genesis (see ACCOUNT_CREATION_CODE), only on the
 * registry, the chain id and the token id.
 */

/// @dev The creator differs from the first holder and is stored.
uint8 constant GENESIS_HAS_CREATOR = 1;
/// @dev An agent operator is stored.
uint8 constant GENESIS_HAS_OPERATOR = 2;

/// @dev Where the genesis starts in an account's code: after the 45-byte EIP-1167 proxy.
uint256 constant GENESIS_OFFSET = 45;
/// @dev Offset of the token id inside the genesis.
uint256 constant GENESIS_TOKEN_ID_OFFSET = 1;
/// @dev Offset of the first holder inside the genesis.
uint256 constant GENESIS_OWNER_OFFSET = 9;
/// @dev Largest genesis that fits in an account (EIP-170: 24,576 bytes of code).
uint256 constant GENESIS_MAX_SIZE = 24_576 - 45;

/// @dev The account's creation code, the same for every account, so that CREATE2 addresses depend on
///      (registry, salt) only. It asks its deployer (the registry, CALLER) for the runtime code with an
///      empty STATICCALL and returns what it gets, or reverts with it:
///
///        PUSH0 PUSH0 PUSH0 PUSH0 CALLER GAS STATICCALL     call the registry, no data
///        RETURNDATASIZE PUSH0 PUSH0 RETURNDATACOPY          memory[0..] = the reply
///        PUSH1 0x11 JUMPI                                   success: go to RETURN
///        RETURNDATASIZE PUSH0 REVERT
///        JUMPDEST RETURNDATASIZE PUSH0 RETURN               runtime code = the reply
bytes constant ACCOUNT_CREATION_CODE = hex"5f5f5f5f335afa3d5f5f3e6011573d5ffd5b3d5ff3";

/// @dev keccak256(ACCOUNT_CREATION_CODE).
bytes32 constant ACCOUNT_CREATION_CODE_HASH = keccak256(ACCOUNT_CREATION_CODE);

/// @dev The CREATE2 salt of `tokenId`'s account on chain `chainId`.
function accountSalt(uint256 chainId, uint256 tokenId) pure returns (bytes32 salt) {
    assembly ("memory-safe") {
        mstore(0x00, chainId)
        mstore(0x20, tokenId)
        salt := keccak256(0x00, 0x40)
    }
}

/// @dev The address `registry` deploys `tokenId`'s account at on chain `chainId`.
function predictAccount(address registry, uint256 chainId, uint256 tokenId) pure returns (address account) {
    bytes32 salt = accountSalt(chainId, tokenId);
    bytes32 codeHash = ACCOUNT_CREATION_CODE_HASH;
    assembly ("memory-safe") {
        let ptr := mload(0x40)
        mstore(ptr, registry) // 12 zero bytes, then the address at ptr + 12
        mstore8(add(ptr, 11), 0xff)
        mstore(add(ptr, 0x20), salt)
        mstore(add(ptr, 0x40), codeHash)
        account := and(keccak256(add(ptr, 11), 85), 0xffffffffffffffffffffffffffffffffffffffff)
    }
}

/// @dev The size of the genesis `encodeGenesis` writes, or `type(uint256).max` if it cannot be encoded
///      (more than 65,535 entries or a description longer than 65,535 bytes, or too large for an account).
function genesisSize(bool hasCreator, bool hasOperator, IntelligentData[] memory datas) pure returns (uint256 size) {
    if (datas.length > type(uint16).max) return type(uint256).max;
    size = 31;
    if (hasCreator) size += 20;
    if (hasOperator) size += 20;
    for (uint256 i = 0; i < datas.length; i++) {
        uint256 length = bytes(datas[i].dataDescription).length;
        if (length > type(uint16).max) return type(uint256).max;
        size += 34 + length;
    }
    if (size > GENESIS_MAX_SIZE) return type(uint256).max;
}

/// @dev Encodes a genesis of `size` bytes (from `genesisSize`). `creator` is only written if it differs
///      from `firstOwner`, `operator` only if it is not zero.
function encodeGenesis(
    uint256 size,
    uint256 tokenId,
    address firstOwner,
    address creator,
    address operator,
    IntelligentData[] memory datas
) pure returns (bytes memory genesis) {
    genesis = new bytes(size);
    uint256 flags = (creator != firstOwner ? GENESIS_HAS_CREATOR : 0) | (operator != address(0) ? GENESIS_HAS_OPERATOR : 0);
    uint256 count = datas.length;
    assembly ("memory-safe") {
        // Every mstore below writes a whole word from `p`; later writes overwrite its tail. The last one
        // may spill past the end of `genesis`, into memory that is still free.
        let p := add(genesis, 0x20)
        mstore(p, or(shl(248, flags), or(shl(184, tokenId), shl(24, firstOwner))))
        p := add(p, 29)
        if and(flags, GENESIS_HAS_CREATOR) {
            mstore(p, shl(96, creator))
            p := add(p, 20)
        }
        if and(flags, GENESIS_HAS_OPERATOR) {
            mstore(p, shl(96, operator))
            p := add(p, 20)
        }
        mstore(p, shl(240, count))
        p := add(p, 2)
        for { let i := 0 } lt(i, count) { i := add(i, 1) } {
            let data := mload(add(add(datas, 0x20), shl(5, i))) // IntelligentData memory
            let description := mload(data)
            let length := mload(description)
            mstore(p, mload(add(data, 0x20))) // dataHash
            mstore(add(p, 0x20), shl(240, length))
            mcopy(add(p, 0x22), add(description, 0x20), length)
            p := add(p, add(0x22, length))
        }
    }
}

/// @dev The token's genesis, decoded.
struct Genesis {
    /// @dev Zero if the account does not exist (no such token).
    address firstOwner;
    address creator;
    address operator;
    IntelligentData[] datas;
}

/// @dev Reads the first holder from `account`'s genesis (zero if there is no account).
function readGenesisOwner(address account) view returns (address owner) {
    assembly ("memory-safe") {
        mstore(0x00, 0)
        extcodecopy(account, 12, add(GENESIS_OFFSET, GENESIS_OWNER_OFFSET), 20)
        owner := mload(0x00)
    }
}

/// @dev Reads the token id from `account`'s genesis.
function readGenesisTokenId(address account) view returns (uint256 tokenId) {
    assembly ("memory-safe") {
        mstore(0x00, 0)
        extcodecopy(account, 24, add(GENESIS_OFFSET, GENESIS_TOKEN_ID_OFFSET), 8)
        tokenId := mload(0x00)
    }
}

/// @dev Reads and decodes `account`'s genesis (all zero and empty if there is no account).
function readGenesis(address account) view returns (Genesis memory g) {
    uint256 codeSize = account.code.length;
    if (codeSize < GENESIS_OFFSET + 31) return g;
    uint256 size = codeSize - GENESIS_OFFSET;
    bytes memory raw = new bytes(size);
    uint256 flags;
    uint256 p;
    assembly ("memory-safe") {
        extcodecopy(account, add(raw, 0x20), GENESIS_OFFSET, size)
        p := add(raw, 0x20)
        let head := mload(p)
        flags := shr(248, head)
        mstore(g, shr(96, shl(72, head))) // firstOwner: bytes [9, 29)
        mstore(add(g, 0x20), mload(g)) // creator defaults to the first holder
        p := add(p, 29)
        if and(flags, GENESIS_HAS_CREATOR) {
            mstore(add(g, 0x20), shr(96, mload(p)))
            p := add(p, 20)
        }
        if and(flags, GENESIS_HAS_OPERATOR) {
            mstore(add(g, 0x40), shr(96, mload(p)))
            p := add(p, 20)
        }
    }
    uint256 count;
    assembly ("memory-safe") {
        count := shr(240, mload(p))
        p := add(p, 2)
    }
    IntelligentData[] memory datas = new IntelligentData[](count);
    for (uint256 i = 0; i < count; i++) {
        bytes32 dataHash;
        uint256 length;
        assembly ("memory-safe") {
            dataHash := mload(p)
            length := shr(240, mload(add(p, 0x20)))
        }
        bytes memory description = new bytes(length);
        assembly ("memory-safe") {
            mcopy(add(description, 0x20), add(p, 0x22), length)
            p := add(p, add(0x22, length))
        }
        datas[i] = IntelligentData(string(description), dataHash);
    }
    g.datas = datas;
}
