// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title The interface 0G's LedgerManager requires of a service contract
/// @notice Exactly 0G's `IServing` (`0g-serving-contract:contracts/ledger/LedgerManager.sol`), so its
///         ERC-165 interface id is 0G's. Both serving contracts implement it, with 0G's semantics; only
///         the LedgerManager may call the state-changing functions.
interface IServing {
    function accountExists(address user, address provider) external view returns (bool);

    function getPendingRefund(address user, address provider) external view returns (uint256);

    function addAccount(address user, address provider, string memory additionalInfo) external payable;

    function depositFund(address user, address provider, uint256 cancelRetrievingAmount) external payable;

    function requestRefundAll(address user, address provider) external;

    function processRefund(address user, address provider)
        external
        returns (uint256 totalAmount, uint256 balance, uint256 pendingRefund);

    function deleteAccount(address user, address provider) external;
}

/// @title What our LedgerManager asks of a service besides `IServing`
/// @notice Batched versions of 0G's per-provider calls (one call where 0G makes two or three per
///         provider) and the two views the ledger derives a user's `totalBalance` from. A service must
///         advertise this interface (ERC-165) as well as `IServing` to be registered.
interface IServingLedger {
    /// @notice What `LedgerManager.transferFund` needs to know before it moves funds, in one call.
    /// @return exists Whether the `(user, provider)` sub-account exists.
    /// @return pendingRefund Its pending refunds (0 if it does not exist).
    /// @return providerCount How many sub-accounts `user` has in this service.
    function ledgerQuote(address user, address provider)
        external
        view
        returns (bool exists, uint256 pendingRefund, uint256 providerCount);

    /// @notice The sum of the balances (pending refunds included) of `user`'s sub-accounts here.
    function lockedBalance(address user) external view returns (uint256);

    /// @notice The providers `user` has a sub-account with here, oldest first.
    function userProviders(address user) external view returns (address[] memory);

    /// @notice For each provider with an existing sub-account: `processRefund` then `requestRefundAll`,
    ///         with their events; sends the released total back to the ledger in one transfer.
    function retrieveFunds(address user, address[] calldata providers) external returns (uint256 total);

    /// @notice Deletes every sub-account of `user` here (`AccountDeleted` for each).
    function deleteAccounts(address user) external;
}

/// @title The LedgerManager as the services call it
interface ILedger {
    /// @notice 0G's per-settlement call: `amount` of `user`'s sub-account funds were paid to a provider.
    function spendFund(address user, uint256 amount) external;

    function depositFundFor(address recipient) external payable;
}

/// @title The batched form of `spendFund` our InferenceServing uses once per settlement batch
interface ILedgerBatch {
    /// @notice One `FundSpent(user, msg.sender, amount)` per `(user, amount)` pair, in order. The pairs
    ///         follow the selector in the calldata as 32-byte words (`abi.encodePacked` of
    ///         `uint256(uint160(user)), amount, ...`), without ABI offsets, so the ledger spends no gas
    ///         decoding them; an incomplete trailing pair is ignored.
    function spendFunds() external;
}
