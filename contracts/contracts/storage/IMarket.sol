// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title The storage price, as the Flow and the storage SDKs read it
/// @notice The SDKs call `flow.market()` and then `pricePerSector()` (selector `0x61ec5082`), and send
///         `value = sum(2^height) * pricePerSector` with a submission.
interface IMarket {
    /// @notice The fee per flow sector (256 bytes), in wei.
    function pricePerSector() external view returns (uint256);
}
