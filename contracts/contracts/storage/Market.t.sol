// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IMarket} from "./IMarket.sol";
import {Market} from "./Market.sol";

contract MarketTest is Test {
    function test_OwnerSetsThePrice() public {
        address owner = makeAddr("owner");
        vm.expectEmit();
        emit Market.PricePerSectorUpdated(0, 5);
        Market market = new Market(owner, 5);
        assertEq(market.pricePerSector(), 5);
        assertEq(market.owner(), owner);
        vm.prank(owner);
        vm.expectEmit(address(market));
        emit Market.PricePerSectorUpdated(5, 9);
        market.setPricePerSector(9);
        assertEq(market.pricePerSector(), 9);
        assertEq(IMarket.pricePerSector.selector, bytes4(0x61ec5082));
    }

    function test_RevertWhen_NotOwnerSetsThePrice() public {
        Market market = new Market(makeAddr("owner"), 5);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        market.setPricePerSector(1);
    }
}
