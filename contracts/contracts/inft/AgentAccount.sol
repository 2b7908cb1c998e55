// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {IERC1155Receiver} from "@openzeppelin/contracts/token/ERC1155/IERC1155Receiver.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {readGenesisTokenId} from "./AgentGenesis.sol";

/// @notice What an agent account asks its AgentNFT.
interface IAgentControllers {
    /// @notice The holder of `tokenId` and its agent operator (zero: none); reverts if there is no such token.
    function agentControllersOf(uint256 tokenId) external view returns (address holder, address operator);
}

/// @title An agent's on-chain account (ERC-6551 style), bound to one AgentNFT token
/// @notice Each token of an AgentNFT has one of these, deployed when the token is minted or cloned.
///         It holds the agent's native tokens, ERC-20s, ERC-721s and ERC-1155s, executes calls and signs
///         (EIP-1271) for exactly two parties, both read from the AgentNFT at the time of the call:
///         - the current holder of the token, and
///         - the current agent operator: the address of the agent key kept inside the token's encrypted
///           metadata. Every transfer or clone makes the oracle generate a new agent key, and the
///           AgentNFT records its address, so the previous key stops working.
///         The account is bound to the token, not to a holder: whatever it earns moves with the token.
///         It keeps no storage of its own.
/// @dev This contract is the logic behind the accounts' EIP-1167 proxies (`AgentAccountRegistry`);
///      the token id is read from the proxy's own code (the genesis after the proxy). Calling the
///      logic contract directly reverts.
contract AgentAccount is IERC165, IERC1271, IERC721Receiver, IERC1155Receiver {
    /// @notice The AgentNFT this account's token belongs to.
    address public immutable nft;
    address private immutable _self;

    /// @notice `caller` is neither the token's holder nor its agent operator.
    error NotAgentController(address caller);
    /// @notice The logic contract was called directly instead of through an account.
    error NotAnAccount();
    /// @notice An account cannot hold its own token (nobody could ever move it again).
    error OwnTokenRefused();

    constructor(address nft_) {
        nft = nft_;
        _self = address(this);
    }

    modifier onlyAccount() {
        if (address(this) == _self) revert NotAnAccount();
        _;
    }

    /// @notice Native tokens are welcome (an agent's earnings, for example).
    receive() external payable {}

    /// @notice The token this account is bound to (ERC-6551's `token()`).
    function token() external view onlyAccount returns (uint256 chainId, address tokenContract, uint256 tokenId) {
        return (block.chainid, nft, readGenesisTokenId(address(this)));
    }

    /// @notice The current holder of the token.
    function owner() external view onlyAccount returns (address holder) {
        (holder,) = _controllers();
    }

    /// @notice The current agent operator (the agent key's address; zero: none).
    function operator() external view onlyAccount returns (address agentOperator) {
        (, agentOperator) = _controllers();
    }

    /// @notice Whether `signer` may act for this account now: the holder or the agent operator.
    function isController(address signer) public view onlyAccount returns (bool) {
        (address holder, address agentOperator) = _controllers();
        return signer != address(0) && (signer == holder || signer == agentOperator);
    }

    /// @notice ERC-6551's `isValidSigner`: the magic value `0x523e3260` for the holder and the operator.
    function isValidSigner(address signer, bytes calldata) external view returns (bytes4) {
        return isController(signer) ? this.isValidSigner.selector : bytes4(0);
    }

    /// @notice Calls `to` with `value` and `data` as this account (holder or agent operator only) and
    ///         returns what it returned; bubbles up its revert.
    function execute(address to, uint256 value, bytes calldata data)
        external
        payable
        onlyAccount
        returns (bytes memory result)
    {
        if (!isController(msg.sender)) revert NotAgentController(msg.sender);
        bool success;
        (success, result) = to.call{value: value}(data);
        if (!success) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }

    /// @notice EIP-1271: valid if signed by the holder (an EOA signature, or the holder's own EIP-1271
    ///         approval if it is a contract) or by the agent operator's key.
    function isValidSignature(bytes32 hash, bytes calldata signature) external view onlyAccount returns (bytes4) {
        (address holder, address agentOperator) = _controllers();
        if (agentOperator != address(0)) {
            (address signer, ECDSA.RecoverError recoverError,) = ECDSA.tryRecoverCalldata(hash, signature);
            if (recoverError == ECDSA.RecoverError.NoError && signer == agentOperator) return IERC1271.isValidSignature.selector;
        }
        if (holder != address(this) && SignatureChecker.isValidSignatureNow(holder, hash, signature)) {
            return IERC1271.isValidSignature.selector;
        }
        return 0xffffffff;
    }

    /// @notice Accepts ERC-721 tokens, except its own token.
    function onERC721Received(address, address, uint256 tokenId, bytes calldata)
        external
        view
        onlyAccount
        returns (bytes4)
    {
        if (msg.sender == nft && tokenId == readGenesisTokenId(address(this))) revert OwnTokenRefused();
        return this.onERC721Received.selector;
    }

    /// @notice Accepts ERC-1155 tokens.
    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC1155Received.selector;
    }

    /// @notice Accepts ERC-1155 batches.
    function onERC1155BatchReceived(address, address, uint256[] calldata, uint256[] calldata, bytes calldata)
        external
        pure
        returns (bytes4)
    {
        return this.onERC1155BatchReceived.selector;
    }

    /// @notice ERC-165: IERC165, IERC1271, IERC721Receiver, IERC1155Receiver.
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC165).interfaceId || interfaceId == type(IERC1271).interfaceId
            || interfaceId == type(IERC721Receiver).interfaceId || interfaceId == type(IERC1155Receiver).interfaceId;
    }

    function _controllers() private view returns (address holder, address agentOperator) {
        return IAgentControllers(nft).agentControllersOf(readGenesisTokenId(address(this)));
    }
}
