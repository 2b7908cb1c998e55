// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILedgerBatch} from "./IServing.sol";
import {ServingAccounts} from "./ServingAccounts.sol";

/// @notice A pending refund (0G's `Refund`; `index` is its position, `processed` is always false).
struct Refund {
    uint256 index;
    uint256 amount;
    uint256 createdAt;
    bool processed;
}

/// @notice A user's sub-account with a provider, as 0G's `getAccount` returns it.
struct Account {
    address user;
    address provider;
    uint256 nonce;
    uint256 balance;
    uint256 pendingRefund;
    Refund[] refunds;
    string additionalInfo;
    bool acknowledged;
    uint256 validRefundsLength;
    uint256 generation;
    uint256 revokedBitmap;
}

/// @notice What a provider registers (0G's `ServiceParams`).
struct ServiceParams {
    string serviceType;
    string url;
    string model;
    string verifiability;
    uint256 inputPrice;
    uint256 outputPrice;
    string additionalInfo;
    address teeSignerAddress;
}

/// @notice A provider's service (0G's `Service`).
struct Service {
    address provider;
    string serviceType;
    string url;
    uint256 inputPrice;
    uint256 outputPrice;
    uint256 updatedAt;
    string model;
    string verifiability;
    string additionalInfo;
    address teeSignerAddress;
    bool teeSignerAcknowledged;
}

/// @notice One user's fees, signed by the provider's TEE (0G's `TEESettlementData`).
struct TEESettlementData {
    address user;
    address provider;
    uint256 totalFee;
    bytes32 requestsHash;
    uint256 nonce;
    bytes signature;
}

/// @notice The outcome of one settlement entry (0G's `SettlementStatus`; `uint8` in the ABI).
enum SettlementStatus {
    SUCCESS,
    PARTIAL,
    PROVIDER_MISMATCH,
    NO_TEE_SIGNER,
    INVALID_NONCE,
    INVALID_SIGNATURE
}

/// @title 0G Compute inference serving: providers, user sub-accounts, TEE-signed fee settlement
/// @notice Wire-compatible with 0G's `InferenceServing` (`0g-serving-contract` c9033d3): the same
///         functions, structs, events, errors, constants and revert conditions, so 0G's compute SDK and
///         provider broker work against it unchanged.
///
///         **Providers** register with `addOrUpdateService` (100 0G stake the first time; an update
///         that changes the service type, model, verifiability, additionalInfo or TEE signer clears the
///         owner's acknowledgement of the TEE signer) and leave with `removeService` (stake returned).
///
///         **Settlement.** `settleFeesWithTEE` takes up to 50 entries from the provider (`msg.sender`),
///         each an EIP-712 `TEESettlement(bytes32 requestsHash,uint256 nonce,address provider,address
///         user,uint256 totalFee)` under the domain `{"0G Inference Serving", "1", chainid, this}`,
///         signed by the service's `teeSignerAddress`, and returns a status per entry: 2 if the entry
///         names another provider, 5 if the user has no sub-account, 2 if the provider has no service, 3
///         unless the owner and the user both acknowledged the TEE signer (and it is set), 4 unless the
///         nonce is above the account's, 5 unless the signature recovers to the signer; otherwise the
///         nonce is taken and `min(totalFee, balance)` is paid: 0 if that is all of it, 1 (partial)
///         if not. Fees come from the balance not being refunded first, then from pending refunds,
///         most recent first. Each entry emits `TEESettlementResult(user, status, unsettled)`, each paid
///         one `BalanceUpdated`; the provider gets one transfer per batch.
///
///         **Differences, all internal.** Storage (one slot per sub-account on the settlement path),
///         one batched call to the ledger per settlement (its `FundSpent` events come after this
///         contract's events instead of between them), no reentrancy guard on `settleFeesWithTEE`
///         (its external calls come after all its state changes), plain deployment + `initialize`
///         instead of a BeaconProxy, and `getAllAccounts` lists sub-accounts grouped by provider.
///         Balances and refunds are capped at 2^128 - 1 wei (`AmountTooLarge`).
contract InferenceServing is ServingAccounts {
    /// @notice The most entries `settleFeesWithTEE` and `previewSettlementResults` take.
    uint256 internal constant MAX_SETTLEMENTS = 50;
    uint256 internal constant MAX_PAGE = 50;
    uint256 internal constant MAX_BATCH_USERS = 500;
    /// @dev `_settleFast`'s answer when the entry needs the general path (`_settle`).
    uint256 internal constant FALLBACK = 0xff;

    bytes32 internal constant NAME_HASH = keccak256("0G Inference Serving");
    bytes32 internal constant SETTLEMENT_TYPEHASH =
        keccak256("TEESettlement(bytes32 requestsHash,uint256 nonce,address provider,address user,uint256 totalFee)");

    // `Svc.hot`: TEE signer (160) | exists | acknowledged | updatedAt (64) at 168 | 1-based position (24) at 232.
    uint256 internal constant S_EXISTS = 1 << 160;
    uint256 internal constant S_ACK = 1 << 161;
    uint256 internal constant UPDATED_SHIFT = 168;
    uint256 internal constant S_POS_SHIFT = 232;

    struct Svc {
        uint256 hot;
        uint256 inputPrice;
        uint256 outputPrice;
        /// @dev keccak256 of the fields whose change needs a new acknowledgement (signer aside).
        bytes32 criticalHash;
        string serviceType;
        string url;
        string model;
        string verifiability;
        string additionalInfo;
    }

    mapping(address provider => Svc) internal _services;
    address[] internal _serviceList;

    event ServiceUpdated(
        address indexed service,
        string serviceType,
        string url,
        uint256 inputPrice,
        uint256 outputPrice,
        uint256 updatedAt,
        string model,
        string verifiability
    );
    event ServiceRemoved(address indexed service);
    /// @notice One per settlement entry: its status and the part of `totalFee` that was not paid.
    event TEESettlementResult(address indexed user, SettlementStatus status, uint256 unsettledAmount);
    /// @notice Declared by 0G and never emitted there either.
    event BatchBalanceUpdated(address[] users, uint256[] balances, uint256[] pendingRefunds);
    event TokenRevoked(address indexed user, address indexed provider, uint8 tokenId);
    event TokensRevoked(address indexed user, address indexed provider, uint8[] tokenIds);
    event AllTokensRevoked(address indexed user, address indexed provider, uint256 newGeneration);
    event ContractInitialized(address indexed owner, uint256 lockTime, address ledgerAddress);

    /// @notice Declared by 0G, never used (invalid signatures are a status, not a revert).
    error InvalidTEESignature(string reason);
    error LockTimeOutOfRange(uint256 lockTime, uint256 min, uint256 max);
    error CallerNotLedger(address caller);
    error LimitTooLarge(uint256 limit, uint256 max);
    error InvalidAddress(address addr);
    error TransferFailed();
    error NoSettlementsProvided();
    error TooManySettlements(uint256 count, uint256 max);
    error ProviderCannotBeUser();
    error BatchSizeTooLarge(uint256 size, uint256 max);

    // ---------------------------------------------------------------------------------------------
    // Owner
    // ---------------------------------------------------------------------------------------------

    /// @dev Sets nothing (0G's constructor only locks its proxied logic contract); declared because 0G's
    ///      ABI lists a constructor without arguments.
    constructor() {}

    /// @notice Sets the owner, the refund lock time (1 hour to 7 days) and the LedgerManager. Runs once.
    function initialize(uint256 _locktime, address _ledgerAddress, address owner) public onlyInitializeOnce {
        _transferOwnership(owner);
        if (!_checkLockTime(_locktime)) revert LockTimeOutOfRange(_locktime, MIN_LOCKTIME, MAX_LOCKTIME);
        _lockTime = uint64(_locktime);
        _ledger = _ledgerAddress;
        emit ContractInitialized(owner, _locktime, _ledgerAddress);
    }

    /// @notice Sets the refund lock time (owner only, 1 hour to 7 days). Applies to pending refunds too.
    function updateLockTime(uint256 _locktime) public onlyOwner {
        if (!_checkLockTime(_locktime)) revert LockTimeOutOfRange(_locktime, MIN_LOCKTIME, MAX_LOCKTIME);
        uint256 old = _lockTime;
        _lockTime = uint64(_locktime);
        emit LockTimeUpdated(old, _locktime);
    }

    /// @notice The owner acknowledges `provider`'s TEE signer; settlements need this and the user's.
    function acknowledgeTEESignerByOwner(address provider) external onlyOwner {
        Svc storage s = _existingService(provider);
        uint256 hot = s.hot | S_ACK;
        s.hot = hot;
        emit ProviderTEESignerAcknowledged(provider, address(uint160(hot)), true);
    }

    /// @notice The owner withdraws its acknowledgement of `provider`'s TEE signer.
    function revokeTEESignerAcknowledgement(address provider) external onlyOwner {
        Svc storage s = _existingService(provider);
        uint256 hot = s.hot & ~S_ACK;
        s.hot = hot;
        emit ProviderTEESignerAcknowledged(provider, address(uint160(hot)), false);
    }

    // ---------------------------------------------------------------------------------------------
    // Ledger
    // ---------------------------------------------------------------------------------------------

    /// @notice Creates `user`'s sub-account with `provider` holding `msg.value`, with the TEE signer
    ///         acknowledged (LedgerManager only).
    function addAccount(address user, address provider, string memory additionalInfo) external payable onlyLedger {
        _checkParties(user, provider);
        _addAccount(user, provider, msg.value, additionalInfo);
        emit BalanceUpdated(user, provider, msg.value, 0);
    }

    /// @notice Adds `msg.value` to the sub-account after cancelling `cancelRetrievingAmount` of its
    ///         pending refunds, most recent first (LedgerManager only).
    function depositFund(address user, address provider, uint256 cancelRetrievingAmount) external payable onlyLedger {
        _checkParties(user, provider);
        (uint256 balance, uint256 pending) = _depositFund(user, provider, cancelRetrievingAmount, msg.value);
        emit BalanceUpdated(user, provider, balance, pending);
    }

    // ---------------------------------------------------------------------------------------------
    // Users: session token revocation
    // ---------------------------------------------------------------------------------------------

    /// @notice Revokes the caller's persistent session token `tokenId` for `provider`.
    function revokeToken(address provider, uint8 tokenId) external {
        (Acct storage a,) = _existing(msg.sender, provider);
        a.aux |= 1 << tokenId;
        emit TokenRevoked(msg.sender, provider, tokenId);
    }

    /// @notice Revokes several of the caller's session tokens for `provider`.
    function revokeTokens(address provider, uint8[] calldata tokenIds) external {
        (Acct storage a,) = _existing(msg.sender, provider);
        uint256 bitmap = a.aux;
        for (uint256 i; i < tokenIds.length; ++i) {
            bitmap |= 1 << tokenIds[i];
        }
        a.aux = bitmap;
        emit TokensRevoked(msg.sender, provider, tokenIds);
    }

    /// @notice Revokes all of the caller's session tokens for `provider`: bumps the generation and
    ///         clears the bitmap.
    function revokeAllTokens(address provider) external {
        (Acct storage a,) = _existing(msg.sender, provider);
        uint256 links = a.links;
        uint256 generation = (links >> GEN_SHIFT) + 1;
        a.links = (links & ~GEN_BITS) | (generation << GEN_SHIFT);
        a.aux = 0;
        emit AllTokensRevoked(msg.sender, provider, generation);
    }

    /// @notice Whether `user` revoked session token `tokenId` for `provider` (in this generation).
    function isTokenRevoked(address user, address provider, uint8 tokenId) external view returns (bool) {
        (Acct storage a,) = _existing(user, provider);
        return a.aux & (1 << tokenId) != 0;
    }

    // ---------------------------------------------------------------------------------------------
    // Providers
    // ---------------------------------------------------------------------------------------------

    /// @notice Registers or updates the caller's service. The first call stakes `msg.value` (at least
    ///         100 0G); later calls must send nothing. Changing the service type, model, verifiability,
    ///         additionalInfo (at most 4096 bytes) or TEE signer clears the owner's acknowledgement.
    function addOrUpdateService(ServiceParams calldata params) external payable {
        _takeStake();
        if (bytes(params.additionalInfo).length > MAX_ADDITIONAL_INFO_LENGTH) revert AdditionalInfoTooLong();
        Svc storage s = _services[msg.sender];
        uint256 hot = s.hot;
        bytes32 critical =
            keccak256(abi.encode(params.serviceType, params.model, params.verifiability, params.additionalInfo));
        uint256 signer = uint160(params.teeSignerAddress);
        if (hot & S_EXISTS == 0) {
            _serviceList.push(msg.sender);
            hot = S_EXISTS | (_serviceList.length << S_POS_SHIFT);
            _writeCritical(s, params, critical);
        } else {
            bool changed = uint160(hot) != signer;
            if (critical != s.criticalHash) {
                changed = true;
                _writeCritical(s, params, critical);
            }
            hot &= ~(ADDRESS_MASK | (uint256(type(uint64).max) << UPDATED_SHIFT));
            if (changed) hot &= ~S_ACK;
        }
        s.hot = hot | signer | (block.timestamp << UPDATED_SHIFT);
        s.url = params.url;
        s.inputPrice = params.inputPrice;
        s.outputPrice = params.outputPrice;
        emit ServiceUpdated(
            msg.sender,
            params.serviceType,
            params.url,
            params.inputPrice,
            params.outputPrice,
            block.timestamp,
            params.model,
            params.verifiability
        );
    }

    /// @notice Removes the caller's service and returns its stake. Its sub-accounts stay.
    function removeService() external nonReentrant {
        Svc storage s = _existingService(msg.sender);
        uint256 position = s.hot >> S_POS_SHIFT;
        uint256 last = _serviceList.length;
        if (position != last) {
            address moved = _serviceList[last - 1];
            _serviceList[position - 1] = moved;
            Svc storage m = _services[moved];
            m.hot = (m.hot & ~(uint256(type(uint24).max) << S_POS_SHIFT)) | (position << S_POS_SHIFT);
        }
        _serviceList.pop();
        s.hot = 0;
        uint256 stake = _stake[msg.sender];
        if (stake > 0) {
            _stake[msg.sender] = 0;
            emit ProviderStakeReturned(msg.sender, stake);
            emit ServiceRemoved(msg.sender);
            if (!_send(msg.sender, stake)) revert TransferFailed();
        } else {
            emit ServiceRemoved(msg.sender);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Settlement
    // ---------------------------------------------------------------------------------------------

    /// @notice Settles up to 50 TEE-signed fee entries for the caller (the provider) and pays it once.
    /// @dev No reentrancy guard (0G has one): every state change is made before the only external
    ///      calls, one to the ledger (our own code) and the payment to the caller, at the very end; a
    ///      reentrant call finds a settled batch. Saves the guard's ~400 gas per batch.
    /// @return statuses One `SettlementStatus` per entry, in order.
    function settleFeesWithTEE(TEESettlementData[] calldata settlements) external returns (uint8[] memory statuses) {
        uint256 n = settlements.length;
        if (n == 0) revert NoSettlementsProvided();
        if (n > MAX_SETTLEMENTS) revert TooManySettlements(n, MAX_SETTLEMENTS);
        uint256 ctx = _newBatch(n);
        uint256 base;
        assembly ("memory-safe") {
            base := settlements.offset
        }
        for (uint256 i; i < n; ++i) {
            uint256 head;
            assembly ("memory-safe") {
                head := add(base, calldataload(add(base, shl(5, i))))
                if gt(add(head, 0xc0), calldatasize()) { revert(0x00, 0x00) }
                if shr(160, or(calldataload(head), calldataload(add(head, 0x20)))) { revert(0x00, 0x00) }
            }
            uint256 status = _settleFast(ctx, head);
            if (status == FALLBACK) status = _settleGeneral(ctx, head);
            assembly ("memory-safe") {
                mstore(add(add(ctx, 0xc4), add(shl(6, n), shl(5, i))), status)
            }
        }
        _pay(ctx);
        assembly ("memory-safe") {
            return(add(ctx, add(0x84, shl(6, n))), add(0x40, shl(5, n)))
        }
    }

    /// @notice What `settleFeesWithTEE` would do with `settlements` now, for the caller as provider,
    ///         without changing anything. Entries of a user appearing twice are previewed independently.
    /// @return failedUsers The users of entries with status 2 to 5, in order.
    /// @return failureReasons Their statuses.
    /// @return partialUsers The users of entries that would be paid partially.
    /// @return partialAmounts What would stay unpaid of each.
    function previewSettlementResults(TEESettlementData[] calldata settlements)
        external
        view
        returns (
            address[] memory failedUsers,
            SettlementStatus[] memory failureReasons,
            address[] memory partialUsers,
            uint256[] memory partialAmounts
        )
    {
        uint256 n = settlements.length;
        if (n == 0) revert NoSettlementsProvided();
        if (n > MAX_SETTLEMENTS) revert TooManySettlements(n, MAX_SETTLEMENTS);
        failedUsers = new address[](n);
        failureReasons = new SettlementStatus[](n);
        partialUsers = new address[](n);
        partialAmounts = new uint256[](n);
        uint256 failed;
        uint256 partial_;
        uint256 service = _services[msg.sender].hot;
        bytes32 domain = _domainSeparator(NAME_HASH);
        for (uint256 i; i < n; ++i) {
            TEESettlementData calldata entry = settlements[i];
            (SettlementStatus status,, uint256 hot) = _check(entry, service, domain);
            if (status == SettlementStatus.SUCCESS) {
                uint256 balance = hot & BALANCE_MASK;
                if (entry.totalFee <= balance) continue;
                partialUsers[partial_] = entry.user;
                partialAmounts[partial_++] = entry.totalFee - balance;
            } else {
                failedUsers[failed] = entry.user;
                failureReasons[failed++] = status;
            }
        }
        assembly ("memory-safe") {
            mstore(failedUsers, failed)
            mstore(failureReasons, failed)
            mstore(partialUsers, partial_)
            mstore(partialAmounts, partial_)
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @notice `user`'s sub-account with `provider` (reverts `AccountNotExists`).
    function getAccount(address user, address provider) public view returns (Account memory) {
        (Acct storage a, uint256 hot) = _existing(user, provider);
        return _toAccount(user, provider, a, hot);
    }

    /// @notice All sub-accounts, grouped by provider, at most 50 (`limit` 0 means 50).
    function getAllAccounts(uint256 offset, uint256 limit) public view returns (Account[] memory accounts, uint256 total) {
        (address[] memory users, address[] memory providers, uint256 count) = _globalPage(offset, _limit(limit));
        accounts = new Account[](users.length);
        for (uint256 i; i < users.length; ++i) {
            accounts[i] = _load(users[i], providers[i]);
        }
        total = count;
    }

    /// @notice `provider`'s sub-accounts in 0G's order, at most 50 (`limit` 0 means 50).
    function getAccountsByProvider(address provider, uint256 offset, uint256 limit)
        public
        view
        returns (Account[] memory accounts, uint256 total)
    {
        address[] memory users;
        (users, total) = _providerPage(provider, offset, _limit(limit));
        accounts = new Account[](users.length);
        for (uint256 i; i < users.length; ++i) {
            accounts[i] = _load(users[i], provider);
        }
    }

    /// @notice `user`'s sub-accounts, oldest first, at most 50 (`limit` 0 means 50).
    function getAccountsByUser(address user, uint256 offset, uint256 limit)
        public
        view
        returns (Account[] memory accounts, uint256 total)
    {
        address[] memory providers;
        (providers, total) = _userPage(user, offset, _limit(limit));
        accounts = new Account[](providers.length);
        for (uint256 i; i < providers.length; ++i) {
            accounts[i] = _load(user, providers[i]);
        }
    }

    /// @notice The caller's (as provider) sub-accounts with each of `users` (at most 500); an empty
    ///         `Account` where there is none.
    function getBatchAccountsByUsers(address[] calldata users) external view returns (Account[] memory accounts) {
        if (users.length > MAX_BATCH_USERS) revert BatchSizeTooLarge(users.length, MAX_BATCH_USERS);
        accounts = new Account[](users.length);
        for (uint256 i; i < users.length; ++i) {
            Acct storage a = _accounts[users[i]][msg.sender];
            uint256 hot = a.hot;
            if (hot & EXISTS != 0) accounts[i] = _toAccount(users[i], msg.sender, a, hot);
        }
    }

    /// @notice Whether `provider` has a service.
    function serviceExists(address provider) public view returns (bool) {
        return _services[provider].hot & S_EXISTS != 0;
    }

    /// @notice `provider`'s service (reverts `ServiceNotExist`).
    function getService(address provider) public view returns (Service memory service) {
        _existingService(provider);
        return _toService(provider);
    }

    /// @notice All services, in registration order with swap-and-pop removal, at most 50 (`limit` 0
    ///         means 50).
    function getAllServices(uint256 offset, uint256 limit) public view returns (Service[] memory services, uint256 total) {
        (uint256 start, uint256 end) = _page(offset, _limit(limit), total = _serviceList.length);
        services = new Service[](end - start);
        for (uint256 i = start; i < end; ++i) {
            services[i - start] = _toService(_serviceList[i]);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------

    function _revertCallerNotLedger() internal view override {
        revert CallerNotLedger(msg.sender);
    }

    function _revertRefundTransferFailed() internal pure override {
        revert TransferFailed();
    }

    function _checkParties(address user, address provider) internal pure {
        if (user == address(0)) revert InvalidAddress(user);
        if (provider == address(0)) revert InvalidAddress(provider);
        if (user == provider) revert ProviderCannotBeUser();
    }

    function _limit(uint256 limit) internal pure returns (uint256) {
        if (limit > MAX_PAGE) revert LimitTooLarge(limit, MAX_PAGE);
        return limit == 0 ? MAX_PAGE : limit;
    }

    function _existingService(address provider) internal view returns (Svc storage s) {
        s = _services[provider];
        if (s.hot & S_EXISTS == 0) revert ServiceNotExist(provider);
    }

    function _writeCritical(Svc storage s, ServiceParams calldata params, bytes32 critical) internal {
        s.criticalHash = critical;
        s.serviceType = params.serviceType;
        s.model = params.model;
        s.verifiability = params.verifiability;
        s.additionalInfo = params.additionalInfo;
    }

    // A batch's memory (`ctx`): service slot (0x00), domain separator (0x20), total paid (0x40),
    // number of payments (0x60), the calldata of the ledger's `spendFunds()` from 0x80 (selector, then
    // `(user, amount)` pairs from 0x84), then the ABI-encoded return value at `0x84 + 0x40 * n`
    // (offset 0x20, length n, the statuses).

    /// @dev Allocates and fills a batch's memory for `n` entries.
    function _newBatch(uint256 n) internal view returns (uint256 ctx) {
        uint256 service = _services[msg.sender].hot;
        bytes32 domain = _domainSeparator(NAME_HASH);
        bytes4 selector = ILedgerBatch.spendFunds.selector;
        assembly ("memory-safe") {
            ctx := mload(0x40)
            let out := add(ctx, add(0x84, shl(6, n)))
            mstore(0x40, add(out, add(0x40, shl(5, n))))
            mstore(ctx, service)
            mstore(add(ctx, 0x20), domain)
            mstore(add(ctx, 0x40), 0)
            mstore(add(ctx, 0x60), 0)
            mstore(add(ctx, 0x80), selector)
            mstore(out, 0x20)
            mstore(add(out, 0x20), n)
        }
    }

    /// @dev `_settle` for the entry at calldata `head`, recorded like `_settleFast` records.
    function _settleGeneral(uint256 ctx, uint256 head) internal returns (uint256) {
        TEESettlementData calldata entry;
        uint256 service;
        bytes32 domain;
        assembly ("memory-safe") {
            entry := head
            service := mload(ctx)
            domain := mload(add(ctx, 0x20))
        }
        (SettlementStatus status, uint256 unsettled, uint256 paid) = _settle(entry, service, domain);
        bytes32 topic = TEESettlementResult.selector;
        assembly ("memory-safe") {
            let user := calldataload(head)
            if paid {
                mstore(add(ctx, 0x40), add(mload(add(ctx, 0x40)), paid))
                let count := mload(add(ctx, 0x60))
                let q := add(ctx, add(0x84, shl(6, count)))
                mstore(q, user)
                mstore(add(q, 0x20), paid)
                mstore(add(ctx, 0x60), add(count, 1))
            }
            mstore(0x00, status)
            mstore(0x20, unsettled)
            log2(0x00, 0x40, topic, user)
        }
        return uint256(status);
    }

    /// @dev Ends a batch: one `spendFunds` call to the ledger (its revert bubbles up) and one transfer
    ///      to the provider, if anything was paid.
    function _pay(uint256 ctx) internal {
        uint256 total;
        assembly ("memory-safe") {
            total := mload(add(ctx, 0x40))
        }
        if (total == 0) return;
        address ledger = _ledger;
        assembly ("memory-safe") {
            if iszero(call(gas(), ledger, 0, add(ctx, 0x80), add(0x04, shl(6, mload(add(ctx, 0x60)))), 0x00, 0x00)) {
                returndatacopy(0x00, 0x00, returndatasize())
                revert(0x00, returndatasize())
            }
        }
        if (!_send(msg.sender, total)) revert TransferFailed();
    }

    /// @dev Settles the entry at calldata `head` (its user and provider already checked to be clean
    ///      addresses) when it is the common case: it names the caller, whose service has an
    ///      acknowledged TEE signer, and an existing, acknowledged sub-account without pending refunds
    ///      or a nonce of 2^96 or more. Then it does what `_settle` does (with the `BalanceUpdated`
    ///      event), records the payment for the ledger, emits `TEESettlementResult` and returns the
    ///      status, without Solidity's calldata decoding; otherwise it returns `FALLBACK`, having
    ///      changed nothing. Offsets are checked against the calldata size only: a malformed encoding
    ///      that Solidity's decoder would reject may instead read other bytes of the caller's own
    ///      calldata, which can never carry a valid TEE signature (so at worst a failure status).
    function _settleFast(uint256 ctx, uint256 head) internal returns (uint256 status) {
        // Literals (PUSH32) instead of constants: `SETTLEMENT_TYPEHASH`, `BalanceUpdated.selector` and
        // `TEESettlementResult.selector`; the Solidity tests check they are equal.
        assembly ("memory-safe") {
            let paid := 0
            status := 2 // PROVIDER_MISMATCH
            if eq(calldataload(add(head, 0x20)), caller()) {
                status := 0xff // FALLBACK
                mstore(0x00, calldataload(head))
                mstore(0x20, _accounts.slot)
                mstore(0x20, keccak256(0x00, 0x40))
                mstore(0x00, caller())
                let slot := keccak256(0x00, 0x40)
                let hot := sload(slot)
                let service := mload(ctx)
                // hot: EXISTS (224) and ACK (225) set, WIDE_NONCE (226) clear, no valid refunds (232-239);
                // service: S_EXISTS (160) and S_ACK (161) set, a TEE signer.
                if and(
                    eq(and(hot, shl(224, 0xff07)), shl(224, 3)),
                    and(eq(and(shr(160, service), 3), 3), iszero(iszero(shl(96, service))))
                ) {
                    let nonce := calldataload(add(head, 0x80))
                    switch gt(nonce, and(shr(128, hot), 0xffffffffffffffffffffffff))
                    case 0 { status := 4 } // INVALID_NONCE
                    default {
                        // Nonces of 2^96 or more take the general path.
                        if iszero(shr(96, nonce)) {
                            status := 5 // INVALID_SIGNATURE, unless it checks out
                            let sig := add(head, calldataload(add(head, 0xa0)))
                            if gt(add(sig, 0x20), calldatasize()) { revert(0x00, 0x00) }
                            if gt(add(add(sig, 0x20), calldataload(sig)), calldatasize()) { revert(0x00, 0x00) }
                            let p := mload(0x40)
                            mstore(add(p, 0x60), calldataload(add(sig, 0x40))) // s
                            if and(
                                eq(calldataload(sig), 65),
                                iszero(gt(mload(add(p, 0x60)), 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0))
                            ) {
                                mstore(add(p, 0x80), 0x6e525043a6c7323bdf60ce222f35127cdd9d8e867ec6350c83fcc254ed18b756)
                                mstore(add(p, 0xa0), calldataload(add(head, 0x60))) // requestsHash
                                mstore(add(p, 0xc0), nonce)
                                mstore(add(p, 0xe0), caller()) // provider
                                mstore(add(p, 0x100), calldataload(head)) // user
                                mstore(add(p, 0x120), calldataload(add(head, 0x40))) // totalFee
                                mstore(add(p, 0x40), keccak256(add(p, 0x80), 0xc0)) // structHash
                                mstore(add(p, 0x20), mload(add(ctx, 0x20))) // domain
                                mstore(p, 0x1901)
                                mstore(p, keccak256(add(p, 0x1e), 0x42)) // digest
                                mstore(add(p, 0x20), byte(0, calldataload(add(sig, 0x60)))) // v
                                mstore(add(p, 0x40), calldataload(add(sig, 0x20))) // r
                                mstore(0x00, 0)
                                if staticcall(gas(), 0x01, p, 0x80, 0x00, 0x20) {
                                    if eq(mload(0x00), and(service, 0xffffffffffffffffffffffffffffffffffffffff)) {
                                        paid := calldataload(add(head, 0x40))
                                        status := 0 // SUCCESS
                                        if gt(paid, and(hot, 0xffffffffffffffffffffffffffffffff)) {
                                            paid := and(hot, 0xffffffffffffffffffffffffffffffff)
                                            status := 1 // PARTIAL
                                        }
                                        hot := sub(or(and(hot, not(shl(128, 0xffffffffffffffffffffffff))), shl(128, nonce)), paid)
                                        sstore(slot, hot)
                                        if paid {
                                            mstore(0x00, and(hot, 0xffffffffffffffffffffffffffffffff))
                                            mstore(0x20, 0)
                                            log3(0x00, 0x40, 0x526824944047da5b81071fb6349412005c5da81380b336103fbe5dd34556c776, calldataload(head), caller())
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if iszero(eq(status, 0xff)) {
                let user := calldataload(head)
                if paid {
                    mstore(add(ctx, 0x40), add(mload(add(ctx, 0x40)), paid))
                    let count := mload(add(ctx, 0x60))
                    let q := add(ctx, add(0x84, shl(6, count)))
                    mstore(q, user)
                    mstore(add(q, 0x20), paid)
                    mstore(add(ctx, 0x60), add(count, 1))
                }
                mstore(0x00, status)
                mstore(0x20, sub(calldataload(add(head, 0x40)), paid))
                log2(0x00, 0x40, 0x1f69e5b87fd0ce34b3760ba6e5d8aa95a36e316c3ba44e1e65a9d0eb9e96d0bf, user)
            }
        }
    }

    /// @dev The checks of one settlement entry, in 0G's order; `SUCCESS` if it may be paid.
    ///      `service` is the caller's service slot, `domain` the EIP-712 domain separator.
    function _check(TEESettlementData calldata entry, uint256 service, bytes32 domain)
        internal
        view
        returns (SettlementStatus status, Acct storage a, uint256 hot)
    {
        a = _accounts[entry.user][msg.sender];
        if (entry.provider != msg.sender) return (SettlementStatus.PROVIDER_MISMATCH, a, 0);
        hot = a.hot;
        if (hot & EXISTS == 0) return (SettlementStatus.INVALID_SIGNATURE, a, hot);
        if (service & S_EXISTS == 0) return (SettlementStatus.PROVIDER_MISMATCH, a, hot);
        address signer = address(uint160(service));
        if (hot & ACK == 0 || service & S_ACK == 0 || signer == address(0)) {
            return (SettlementStatus.NO_TEE_SIGNER, a, hot);
        }
        if (_nonceOf(a, hot) >= entry.nonce) return (SettlementStatus.INVALID_NONCE, a, hot);
        if (_recover(_settlementDigest(domain, entry), entry.signature) != signer) {
            return (SettlementStatus.INVALID_SIGNATURE, a, hot);
        }
    }

    /// @dev Checks and, if it passes, settles one entry: takes the nonce, pays `min(totalFee,
    ///      balance)` from the sub-account (`BalanceUpdated`). Returns the status, the unpaid part of
    ///      the fee and the paid part.
    function _settle(TEESettlementData calldata entry, uint256 service, bytes32 domain)
        internal
        returns (SettlementStatus status, uint256 unsettled, uint256 paid)
    {
        Acct storage a;
        uint256 hot;
        (status, a, hot) = _check(entry, service, domain);
        unsettled = entry.totalFee;
        if (status != SettlementStatus.SUCCESS) return (status, unsettled, 0);
        hot = _withNonce(a, hot, entry.nonce);
        uint256 balance = hot & BALANCE_MASK;
        if (unsettled > balance) {
            paid = balance;
            status = SettlementStatus.PARTIAL;
        } else {
            paid = unsettled;
        }
        unchecked {
            unsettled -= paid;
        }
        if (paid > 0) {
            uint256 pending;
            (hot, pending) = _deduct(a, hot, paid);
            emit BalanceUpdated(entry.user, msg.sender, hot & BALANCE_MASK, pending);
        }
        a.hot = hot;
    }

    /// @dev The EIP-712 digest of `entry` under `domain`.
    function _settlementDigest(bytes32 domain, TEESettlementData calldata entry) internal pure returns (bytes32 digest) {
        bytes32 typeHash = SETTLEMENT_TYPEHASH;
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, typeHash)
            mstore(add(p, 0x20), calldataload(add(entry, 0x60))) // requestsHash
            mstore(add(p, 0x40), calldataload(add(entry, 0x80))) // nonce
            mstore(add(p, 0x60), calldataload(add(entry, 0x20))) // provider
            mstore(add(p, 0x80), calldataload(entry)) // user
            mstore(add(p, 0xa0), calldataload(add(entry, 0x40))) // totalFee
            let structHash := keccak256(p, 0xc0)
            mstore(p, 0x1901)
            mstore(add(p, 0x20), domain)
            mstore(add(p, 0x40), structHash)
            digest := keccak256(add(p, 0x1e), 0x42)
        }
    }

    function _load(address user, address provider) internal view returns (Account memory) {
        Acct storage a = _accounts[user][provider];
        return _toAccount(user, provider, a, a.hot);
    }

    function _toAccount(address user, address provider, Acct storage a, uint256 hot)
        internal
        view
        returns (Account memory account)
    {
        uint256[] memory words = _refundWords(a, hot);
        Refund[] memory refunds = new Refund[](words.length);
        for (uint256 i; i < words.length; ++i) {
            refunds[i] = Refund(i, words[i] & BALANCE_MASK, words[i] >> CREATED_SHIFT, false);
        }
        account.user = user;
        account.provider = provider;
        account.nonce = _nonceOf(a, hot);
        account.balance = hot & BALANCE_MASK;
        account.pendingRefund = _pendingOf(a, hot);
        account.refunds = refunds;
        account.additionalInfo = a.info;
        account.acknowledged = hot & ACK != 0;
        account.validRefundsLength = (hot >> VALID_SHIFT) & COUNT_MASK;
        account.generation = a.links >> GEN_SHIFT;
        account.revokedBitmap = a.aux;
    }

    function _toService(address provider) internal view returns (Service memory service) {
        Svc storage s = _services[provider];
        uint256 hot = s.hot;
        service.provider = provider;
        service.serviceType = s.serviceType;
        service.url = s.url;
        service.inputPrice = s.inputPrice;
        service.outputPrice = s.outputPrice;
        service.updatedAt = uint64(hot >> UPDATED_SHIFT);
        service.model = s.model;
        service.verifiability = s.verifiability;
        service.additionalInfo = s.additionalInfo;
        service.teeSignerAddress = address(uint160(hot));
        service.teeSignerAcknowledged = hot & S_ACK != 0;
    }
}
