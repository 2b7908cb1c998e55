// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AgentAccount} from "./AgentAccount.sol";
import {ACCOUNT_CREATION_CODE, GENESIS_MAX_SIZE, accountSalt, predictAccount} from "./AgentGenesis.sol";

/// @title The registry of an AgentNFT's agent accounts (ERC-6551 style)
/// @notice Deploys one agent account per token of one AgentNFT, at an address that depends only on
///         this registry (bound to that AgentNFT), the chain id and the token id:
///         `address(keccak256(0xff ++ registry ++ keccak256(abi.encode(chainId, tokenId)) ++
///         keccak256(ACCOUNT_CREATION_CODE)))`. Only the AgentNFT creates accounts, when it mints or
///         clones a token; an account cannot be created twice.
/// @dev Each account is an EIP-1167 minimal proxy to `implementation` followed by the token's genesis
///      (see `AgentGenesis.sol`). The genesis must not change the address, so every account has the
///      same 21-byte creation code, which fetches its runtime code from this registry: `createAccount`
///      puts the runtime code in transient storage (EIP-1153) and the `fallback` hands it out.
contract AgentAccountRegistry {
    /// @notice The AgentNFT whose tokens the accounts are bound to.
    address public immutable nft;
    /// @notice The account logic every account delegates to.
    address public immutable implementation;

    /// @dev Transient slot of the pending runtime code's length; its words follow in the next slots.
    uint256 private constant PENDING_SLOT = uint256(keccak256("0g.inft.AgentAccountRegistry.pending"));

    /// @notice The account of `tokenId` was deployed at `account`.
    event AccountCreated(address indexed account, uint256 indexed tokenId);

    /// @notice Only the AgentNFT creates accounts.
    error NotTokenContract(address caller);
    /// @notice The account of `tokenId` exists already, or its genesis is too large.
    error AccountCreationFailed(uint256 tokenId);

    /// @param nft_ the AgentNFT (its accounts ask it who holds their token)
    constructor(address nft_) {
        nft = nft_;
        implementation = address(new AgentAccount(nft_));
    }

    /// @notice Deploys the account of `tokenId` with `genesis` appended to its code (AgentNFT only).
    /// @return created the account, at `account(tokenId)`
    function createAccount(uint256 tokenId, bytes calldata genesis) external returns (address created) {
        if (msg.sender != nft) revert NotTokenContract(msg.sender);
        if (genesis.length > GENESIS_MAX_SIZE) revert AccountCreationFailed(tokenId);
        address logic = implementation;
        bytes32 salt = accountSalt(block.chainid, tokenId);
        bytes memory creationCode = ACCOUNT_CREATION_CODE;
        uint256 lengthSlot = PENDING_SLOT;
        assembly ("memory-safe") {
            // runtime = 363d3d373d3d3d363d73 <logic> 5af43d82803e903d91602b57fd5bf3 <genesis>
            let runtime := mload(0x40)
            mstore(runtime, 0x363d3d373d3d3d363d7300000000000000000000000000000000000000000000)
            mstore(add(runtime, 10), shl(96, logic))
            mstore(add(runtime, 30), 0x5af43d82803e903d91602b57fd5bf30000000000000000000000000000000000)
            calldatacopy(add(runtime, 45), genesis.offset, genesis.length)
            let length := add(45, genesis.length)
            tstore(lengthSlot, length)
            let slot := lengthSlot
            for { let i := 0 } lt(i, length) { i := add(i, 0x20) } {
                slot := add(slot, 1)
                tstore(slot, mload(add(runtime, i)))
            }
            created := create2(0, add(creationCode, 0x20), mload(creationCode), salt)
            tstore(lengthSlot, 0)
        }
        if (created == address(0)) revert AccountCreationFailed(tokenId);
        emit AccountCreated(created, tokenId);
    }

    /// @notice Where the account of `tokenId` is (or will be) on this chain.
    function account(uint256 tokenId) external view returns (address) {
        return predictAccount(address(this), block.chainid, tokenId);
    }

    /// @notice Where this registry puts the account of `tokenId` on chain `chainId`.
    function account(uint256 chainId, uint256 tokenId) external view returns (address) {
        return predictAccount(address(this), chainId, tokenId);
    }

    /// @dev Serves the pending runtime code to the account being created (empty at any other time).
    fallback() external {
        uint256 slot = PENDING_SLOT;
        assembly {
            let length := tload(slot)
            for { let i := 0 } lt(i, length) { i := add(i, 0x20) } {
                slot := add(slot, 1)
                mstore(i, tload(slot))
            }
            return(0, length)
        }
    }
}
