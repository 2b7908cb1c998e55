// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title Wrapped 0G (W0G)
/// @notice Wraps the native 0G token 1:1 into an ERC-20 with ERC-2612 permits.
/// @dev WETH9 semantics (`deposit`, `receive`, `withdraw`, `Deposit` and `Withdrawal` events) on
///      OpenZeppelin's ERC20 + ERC20Permit. Unlike WETH9, `Transfer` events are also emitted from and
///      to the zero address on deposit and withdrawal, and `totalSupply` counts minted tokens (it only
///      differs from this contract's balance if native tokens are forced in without a deposit).
contract WrappedOG is ERC20, ERC20Permit {
    /// @notice Emitted when `dst` wraps `wad` native tokens.
    event Deposit(address indexed dst, uint256 wad);

    /// @notice Emitted when `src` unwraps `wad` tokens.
    event Withdrawal(address indexed src, uint256 wad);

    /// @notice Sending `amount` native tokens to `to` failed (the receiver reverted or ran out of gas).
    error NativeTransferFailed(address to, uint256 amount);

    constructor() ERC20("Wrapped 0G", "W0G") ERC20Permit("Wrapped 0G") {}

    /// @notice Plain native transfers are deposits.
    receive() external payable {
        deposit();
    }

    /// @notice Wraps `msg.value` native tokens into W0G for the sender.
    function deposit() public payable {
        _mint(msg.sender, msg.value);
        emit Deposit(msg.sender, msg.value);
    }

    /// @notice Unwraps `wad` W0G of the sender into native tokens sent back to the sender.
    /// @dev Checks-effects-interactions: the tokens are burned (reverting with
    ///      `ERC20InsufficientBalance` if the sender has too few) before the native transfer, so a
    ///      re-entering receiver can never withdraw the same tokens twice.
    function withdraw(uint256 wad) external {
        _burn(msg.sender, wad);
        emit Withdrawal(msg.sender, wad);
        (bool success,) = payable(msg.sender).call{value: wad}("");
        if (!success) revert NativeTransferFailed(msg.sender, wad);
    }
}
