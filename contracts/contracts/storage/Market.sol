// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IMarket} from "./IMarket.sol";

/// @title 0G storage Market: the price of a flow sector
/// @notice The storage SDKs read `flow.market()` and then `pricePerSector()` (selector `0x61ec5082`,
///         as on 0G's `FixedPrice`), and pay `sum(2^height) * pricePerSector` per submission. The Flow
///         charges that fee and sends it, with any excess, to the Reward pool; the Market only holds
///         the price, which its owner may change at any time (so clients read it before each upload).
contract Market is IMarket, Ownable {
    /// @inheritdoc IMarket
    uint256 public pricePerSector;

    /// @notice The owner changed the price per sector.
    event PricePerSectorUpdated(uint256 previousPrice, uint256 newPrice);

    /// @param owner_ The account that may change the price.
    /// @param pricePerSector_ The initial price per sector, in wei (0G mainnet: about 3.07e10).
    constructor(address owner_, uint256 pricePerSector_) Ownable(owner_) {
        pricePerSector = pricePerSector_;
        emit PricePerSectorUpdated(0, pricePerSector_);
    }

    /// @notice Sets the price per sector (owner only).
    function setPricePerSector(uint256 pricePerSector_) external onlyOwner {
        emit PricePerSectorUpdated(pricePerSector, pricePerSector_);
        pricePerSector = pricePerSector_;
    }
}
