// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Ownership, one-time initialization and a reentrancy guard, as 0G's serving contracts have them
/// @notice 0G's contracts are OpenZeppelin 4.8 `Ownable` + `ReentrancyGuard` and their own
///         `Initializable` behind a BeaconProxy. Ours are deployed plainly (or placed with `setCode`)
///         and set up by `initialize(...)`, which runs once; the observable behaviour is 0G's: the
///         `owner()` / `transferOwnership` / `renounceOwnership` functions and `OwnershipTransferred`
///         event, OpenZeppelin 4's revert strings (`"Ownable: caller is not the owner"`,
///         `"Ownable: new owner is the zero address"`, `"ReentrancyGuard: reentrant call"`),
///         `initialized()`, `Initialized(1)` and `AlreadyInitialized()`.
///
///         The constructor does nothing: until `initialize` runs the owner is the zero address, so
///         deploy and initialize in a row (the devnet does), or place the runtime code with `setCode`
///         (there are no immutables) and call `initialize`.
abstract contract ComputeBase {
    /// @dev One slot: the owner and the initialized flag.
    address private _owner;
    /// @notice Whether `initialize` has run.
    bool public initialized;

    /// @dev The reentrancy guard, in transient storage (EIP-1153); a full slot, so no read-modify-write.
    uint256 private transient _entered;

    /// @notice Ownership moved from `previousOwner` to `newOwner`.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    /// @notice The contract was initialized (`version` is always 1).
    event Initialized(uint8 version);

    /// @notice `initialize` already ran.
    error AlreadyInitialized();

    /// @dev 0G's `onlyInitializeOnce`: marks the contract initialized, runs the body, emits `Initialized(1)`.
    modifier onlyInitializeOnce() {
        if (initialized) revert AlreadyInitialized();
        initialized = true;
        _;
        emit Initialized(1);
    }

    modifier onlyOwner() {
        _checkOwner();
        _;
    }

    modifier nonReentrant() {
        _enter();
        _;
        _exit();
    }

    /// @notice The account that may call the owner-only functions.
    function owner() public view returns (address) {
        return _owner;
    }

    /// @notice Leaves the contract without an owner (owner only).
    function renounceOwnership() external onlyOwner {
        _transferOwnership(address(0));
    }

    /// @notice Hands ownership to `newOwner` (owner only; not the zero address).
    function transferOwnership(address newOwner) external onlyOwner {
        require(newOwner != address(0), "Ownable: new owner is the zero address");
        _transferOwnership(newOwner);
    }

    function _enter() internal {
        if (_entered != 0) revert("ReentrancyGuard: reentrant call");
        _entered = 1;
    }

    function _exit() internal {
        _entered = 0;
    }

    function _checkOwner() internal view {
        require(msg.sender == _owner, "Ownable: caller is not the owner");
    }

    function _transferOwnership(address newOwner) internal {
        address previous = _owner;
        _owner = newOwner;
        emit OwnershipTransferred(previous, newOwner);
    }
}
