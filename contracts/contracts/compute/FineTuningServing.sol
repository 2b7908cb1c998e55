// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILedger} from "./IServing.sol";
import {ServingAccounts} from "./ServingAccounts.sol";

/// @notice A pending refund (0G's fine-tuning `Refund`; `index` is its position, the last field is
///         always false).
struct Refund {
    uint256 index;
    uint256 amount;
    uint256 createdAt;
    bool _deprecated_processed;
}

/// @notice A fine-tuned model the provider delivered to a user.
struct Deliverable {
    string id;
    bytes modelRootHash;
    bytes encryptedSecret;
    bool acknowledged;
    uint248 timestamp;
    bool settled;
}

/// @notice A sub-account in the list views (0G's `AccountSummary`).
struct AccountSummary {
    address user;
    address provider;
    uint256 nonce;
    uint256 balance;
    uint256 pendingRefund;
    string additionalInfo;
    uint256 validRefundsLength;
    uint256 deliverablesCount;
    bool acknowledged;
}

/// @notice A sub-account with its refunds and deliverables (0G's `AccountDetails`).
struct AccountDetails {
    address user;
    address provider;
    uint256 nonce;
    uint256 balance;
    uint256 pendingRefund;
    Refund[] refunds;
    string additionalInfo;
    Deliverable[] deliverables;
    uint256 validRefundsLength;
    uint256 deliverablesHead;
    uint256 deliverablesCount;
    bool acknowledged;
}

/// @notice A provider's machine (0G's `Quota`).
struct Quota {
    uint256 cpuCount;
    uint256 nodeMemory;
    uint256 gpuCount;
    uint256 nodeStorage;
    string gpuType;
}

/// @notice A fine-tuning provider's service (0G's `Service`).
struct Service {
    address provider;
    string url;
    Quota quota;
    uint256 pricePerToken;
    bool occupied;
    string[] models;
    address teeSignerAddress;
    bool teeSignerAcknowledged;
}

/// @notice A deliverable's fee, signed by the provider's TEE (0G's `VerifierInput`).
struct VerifierInput {
    string id;
    bytes encryptedSecret;
    bytes modelRootHash;
    uint256 nonce;
    bytes signature;
    uint256 taskFee;
    address user;
}

/// @title 0G Compute fine-tuning serving: providers, user sub-accounts, deliverables, TEE-signed fees
/// @notice Wire-compatible with 0G's `FineTuningServing` (`0g-serving-contract` c9033d3): the same
///         functions, structs, events, errors, constants and revert conditions.
///
///         **Deliverables.** The provider adds a deliverable per finished task (`addDeliverable(user,
///         id, modelRootHash)`; ids 1-256 bytes, unique per sub-account); a new one needs the previous one
///         acknowledged by the user (`acknowledgeDeliverable`) or abandoned by the provider
///         (`abandonDeliverable`: acknowledged and settled with no fee). The last 20 are kept; adding a
///         21st evicts the oldest, which must be settled.
///
///         **Fees.** `settleFees(VerifierInput)` checks an EIP-712 `VerifierMessage(string id,bytes
///         encryptedSecret,bytes modelRootHash,uint256 nonce,uint256 taskFee,address user)` under the
///         domain `{"0G Fine-Tuning Serving", "1", chainid, this}` signed by the service's TEE signer
///         (acknowledged by the owner and the user), a nonce above the account's, a balance of at least
///         `taskFee` and the deliverable's root hash. If the user acknowledged the deliverable, the
///         encrypted secret must be given and is stored, and the whole fee is paid; if not, the secret
///         must be empty and `taskFee * penaltyPercentage / 100` is paid. Fees come from the balance not
///         being refunded first, then from pending refunds, most recent first.
///
///         **Differences, all internal.** Storage layout, plain deployment + `initialize` instead of a
///         BeaconProxy, `getAllAccounts` grouped by provider, balances capped at 2^128 - 1 wei.
contract FineTuningServing is ServingAccounts {
    uint256 internal constant MAX_PAGE = 50;
    uint256 internal constant MAX_BATCH_USERS = 50;
    uint256 internal constant MAX_DELIVERABLES_PER_ACCOUNT = 20;
    uint256 internal constant MAX_DELIVERABLE_ID_LENGTH = 256;

    bytes32 internal constant NAME_HASH = keccak256("0G Fine-Tuning Serving");
    bytes32 internal constant MESSAGE_TYPEHASH = keccak256(
        "VerifierMessage(string id,bytes encryptedSecret,bytes modelRootHash,uint256 nonce,uint256 taskFee,address user)"
    );

    // `Svc.hot`: TEE signer (160) | exists | acknowledged | 1-based position (24) at 232.
    uint256 internal constant S_EXISTS = 1 << 160;
    uint256 internal constant S_ACK = 1 << 161;
    uint256 internal constant S_POS_SHIFT = 232;

    // `Acct.aux`: deliverables head (8) | count (8).
    uint256 internal constant D_COUNT_SHIFT = 8;

    struct Svc {
        uint256 hot;
        string url;
        Quota quota;
        uint256 pricePerToken;
        bool occupied;
        string[] models;
    }

    struct Deliverables {
        string[20] ids;
        mapping(string id => Deliverable) items;
    }

    uint256 internal _penalty;
    mapping(address provider => Svc) internal _services;
    address[] internal _serviceList;
    mapping(address user => mapping(address provider => Deliverables)) internal _deliverables;

    event ServiceUpdated(
        address indexed provider, string url, Quota quota, uint256 pricePerToken, address teeSignerAddress, bool occupied
    );
    event ServiceRemoved(address indexed provider);
    event DeliverableAdded(
        address indexed user, address indexed provider, string deliverableId, bytes modelRootHash, uint256 timestamp
    );
    event DeliverableAcknowledged(address indexed user, address indexed provider, string deliverableId, uint256 timestamp);
    event DeliverableEvicted(
        address indexed provider,
        address indexed user,
        string evictedDeliverableId,
        string newDeliverableId,
        uint256 timestamp
    );
    event FeesSettled(
        address indexed user, address indexed provider, string deliverableId, uint256 fee, bool acknowledged, uint256 nonce
    );
    event DeliverableAbandoned(address indexed user, address indexed provider, string deliverableId, uint256 timestamp);

    error InvalidVerifierInput(string reason);
    error InvalidLedgerAddress();
    error CallerNotLedger();
    error PenaltyPercentageTooHigh(uint256 percentage);
    error LockTimeOutOfRange(uint256 lockTime);
    error LimitTooLarge(uint256 limit);
    error TransferToLedgerFailed();
    error ETHTransferFailed();
    error SecretShouldNotBeEmpty();
    error SecretShouldBeEmpty();
    error DeliverableAlreadySettled(string id);
    error CannotAbandonSettledDeliverable(string id);
    error DeliverableNotExists(string id);
    error DeliverableAlreadyExists(string id);
    error DeliverableIdInvalidLength(uint256 length);
    error PreviousDeliverableNotAcknowledged(string id);
    error CannotAcknowledgeSettledDeliverable(string id);
    error BatchSizeTooLarge(uint256 size, uint256 maxSize);
    error CannotEvictUnsettledDeliverable(string id);

    // ---------------------------------------------------------------------------------------------
    // Owner
    // ---------------------------------------------------------------------------------------------

    /// @notice Sets the refund lock time (1 hour to 7 days), the LedgerManager (a contract), the owner
    ///         and the share of a fee (0-100 %) paid for an unacknowledged deliverable. Runs once.
    function initialize(uint256 _locktime, address _ledgerAddress, address owner, uint256 _penaltyPercentage)
        public
        onlyInitializeOnce
    {
        if (_ledgerAddress == address(0) || _ledgerAddress.code.length == 0) revert InvalidLedgerAddress();
        if (_penaltyPercentage > 100) revert PenaltyPercentageTooHigh(_penaltyPercentage);
        _transferOwnership(owner);
        if (!_checkLockTime(_locktime)) revert LockTimeOutOfRange(_locktime);
        _lockTime = uint64(_locktime);
        _ledger = _ledgerAddress;
        _penalty = _penaltyPercentage;
    }

    /// @notice Sets the refund lock time (owner only, 1 hour to 7 days). Applies to pending refunds too.
    function updateLockTime(uint256 _locktime) public onlyOwner {
        if (!_checkLockTime(_locktime)) revert LockTimeOutOfRange(_locktime);
        uint256 old = _lockTime;
        if (old != _locktime) {
            _lockTime = uint64(_locktime);
            emit LockTimeUpdated(old, _locktime);
        }
    }

    /// @notice Sets the share of the fee paid for unacknowledged deliverables (owner only, 0-100).
    function updatePenaltyPercentage(uint256 _penaltyPercentage) public onlyOwner {
        if (_penaltyPercentage > 100) revert PenaltyPercentageTooHigh(_penaltyPercentage);
        _penalty = _penaltyPercentage;
    }

    /// @notice The share of the fee (percent) paid for a deliverable the user never acknowledged.
    function penaltyPercentage() public view returns (uint256) {
        return _penalty;
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
    ///         acknowledged (LedgerManager only; `additionalInfo` at most 4096 bytes).
    function addAccount(address user, address provider, string memory additionalInfo) external payable onlyLedger {
        if (bytes(additionalInfo).length > MAX_ADDITIONAL_INFO_LENGTH) revert AdditionalInfoTooLong();
        _addAccount(user, provider, msg.value, additionalInfo);
        emit BalanceUpdated(user, provider, msg.value, 0);
    }

    /// @notice Adds `msg.value` to the sub-account after cancelling `cancelRetrievingAmount` of its
    ///         pending refunds, most recent first (LedgerManager only).
    function depositFund(address user, address provider, uint256 cancelRetrievingAmount) external payable onlyLedger {
        (uint256 balance, uint256 pending) = _depositFund(user, provider, cancelRetrievingAmount, msg.value);
        emit BalanceUpdated(user, provider, balance, pending);
    }

    // ---------------------------------------------------------------------------------------------
    // Providers
    // ---------------------------------------------------------------------------------------------

    /// @notice Registers or updates the caller's service. The first call stakes `msg.value` (at least
    ///         100 0G); later calls must send nothing. Changing the TEE signer clears the owner's
    ///         acknowledgement.
    function addOrUpdateService(
        string calldata url,
        Quota memory quota,
        uint256 pricePerToken,
        bool occupied,
        string[] memory models,
        address teeSignerAddress
    ) external payable {
        _takeStake();
        Svc storage s = _services[msg.sender];
        uint256 hot = s.hot;
        if (hot & S_EXISTS == 0) {
            _serviceList.push(msg.sender);
            hot = S_EXISTS | (_serviceList.length << S_POS_SHIFT);
        } else {
            if (uint160(hot) != uint160(teeSignerAddress)) hot &= ~S_ACK;
            hot &= ~ADDRESS_MASK;
        }
        s.hot = hot | uint160(teeSignerAddress);
        s.url = url;
        s.quota = quota;
        s.pricePerToken = pricePerToken;
        s.occupied = occupied;
        s.models = models;
        emit ServiceUpdated(msg.sender, url, quota, pricePerToken, teeSignerAddress, occupied);
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
            if (!_send(msg.sender, stake)) revert ETHTransferFailed();
        } else {
            emit ServiceRemoved(msg.sender);
        }
    }

    /// @notice Adds deliverable `id` (1-256 bytes) for `user`'s sub-account with the caller. The
    ///         previous deliverable must be acknowledged; with 20 kept, the oldest (which must be
    ///         settled) is evicted.
    function addDeliverable(address user, string calldata id, bytes memory modelRootHash) external {
        uint256 idLength = bytes(id).length;
        if (idLength == 0 || idLength > MAX_DELIVERABLE_ID_LENGTH) revert DeliverableIdInvalidLength(idLength);
        (Acct storage a,) = _existing(user, msg.sender);
        Deliverables storage d = _deliverables[user][msg.sender];
        if (bytes(d.items[id].id).length != 0) revert DeliverableAlreadyExists(id);

        uint256 headCount = a.aux;
        uint256 head = headCount & 0xff;
        uint256 count = headCount >> D_COUNT_SHIFT;
        if (count > 0) {
            uint256 latest =
                count == MAX_DELIVERABLES_PER_ACCOUNT ? (head + MAX_DELIVERABLES_PER_ACCOUNT - 1) % MAX_DELIVERABLES_PER_ACCOUNT : count - 1;
            string memory latestId = d.ids[latest];
            if (!d.items[latestId].acknowledged) revert PreviousDeliverableNotAcknowledged(latestId);
        }

        bool evicted;
        string memory evictedId;
        if (count < MAX_DELIVERABLES_PER_ACCOUNT) {
            d.ids[count] = id;
            ++count;
        } else {
            evictedId = d.ids[head];
            if (!d.items[evictedId].settled) revert CannotEvictUnsettledDeliverable(evictedId);
            delete d.items[evictedId];
            d.ids[head] = id;
            head = (head + 1) % MAX_DELIVERABLES_PER_ACCOUNT;
            evicted = true;
        }
        a.aux = head | (count << D_COUNT_SHIFT);
        Deliverable storage item = d.items[id];
        item.id = id;
        item.modelRootHash = modelRootHash;
        item.timestamp = uint248(block.timestamp);

        if (evicted) emit DeliverableEvicted(msg.sender, user, evictedId, id, block.timestamp);
        emit DeliverableAdded(user, msg.sender, id, modelRootHash, block.timestamp);
    }

    /// @notice Gives up deliverable `id` of `user` (unsettled): it counts as acknowledged and settled,
    ///         with no fee, so the next task can start.
    function abandonDeliverable(address user, string calldata id) external {
        _existing(user, msg.sender);
        Deliverable storage item = _deliverable(user, msg.sender, id);
        if (item.settled) revert CannotAbandonSettledDeliverable(id);
        item.acknowledged = true;
        item.settled = true;
        emit DeliverableAbandoned(user, msg.sender, id, block.timestamp);
    }

    /// @notice Settles the fee of a deliverable with the TEE's signature; see the contract notes.
    function settleFees(VerifierInput calldata verifierInput) external nonReentrant {
        (Acct storage a, uint256 hot, Deliverable storage item) = _checkSettlement(verifierInput);
        uint256 fee = verifierInput.taskFee;
        bool acknowledged = item.acknowledged;
        if (acknowledged) {
            if (verifierInput.encryptedSecret.length == 0) revert SecretShouldNotBeEmpty();
            item.encryptedSecret = verifierInput.encryptedSecret;
        } else {
            if (verifierInput.encryptedSecret.length != 0) revert SecretShouldBeEmpty();
            fee = (fee * _penalty) / 100;
        }
        hot = _withNonce(a, hot, verifierInput.nonce);
        item.settled = true;
        emit FeesSettled(verifierInput.user, msg.sender, verifierInput.id, fee, acknowledged, verifierInput.nonce);
        _pay(a, hot, verifierInput.user, fee);
    }

    /// @dev `settleFees`'s checks, in 0G's order.
    function _checkSettlement(VerifierInput calldata verifierInput)
        internal
        view
        returns (Acct storage a, uint256 hot, Deliverable storage item)
    {
        address user = verifierInput.user;
        (a, hot) = _existing(user, msg.sender);
        uint256 service = _existingService(msg.sender).hot;
        address signer = address(uint160(service));
        if (hot & ACK == 0 || service & S_ACK == 0 || signer == address(0)) {
            revert InvalidVerifierInput("TEE signer not acknowledged");
        }
        if (_nonceOf(a, hot) >= verifierInput.nonce) {
            revert InvalidVerifierInput("nonce should larger than the current nonce");
        }
        if (hot & BALANCE_MASK < verifierInput.taskFee) revert InvalidVerifierInput("insufficient balance");
        item = _deliverable(user, msg.sender, verifierInput.id);
        if (item.settled) revert DeliverableAlreadySettled(verifierInput.id);
        if (keccak256(item.modelRootHash) != keccak256(verifierInput.modelRootHash)) {
            revert InvalidVerifierInput("model root hash mismatch");
        }
        uint256 idLength = bytes(verifierInput.id).length;
        if (idLength == 0 || idLength > MAX_DELIVERABLE_ID_LENGTH) revert DeliverableIdInvalidLength(idLength);
        if (_recover(_verifierDigest(verifierInput), verifierInput.signature) != signer) {
            revert InvalidVerifierInput("TEE settlement validation failed");
        }
    }

    /// @dev Takes `fee` off the sub-account (refunds last, LIFO), reports it and pays the provider.
    function _pay(Acct storage a, uint256 hot, address user, uint256 fee) internal {
        uint256 pending;
        (hot, pending) = _deduct(a, hot, fee);
        a.hot = hot;
        ILedger(_ledger).spendFund(user, fee);
        emit BalanceUpdated(user, msg.sender, hot & BALANCE_MASK, pending);
        if (!_send(msg.sender, fee)) revert ETHTransferFailed();
    }

    // ---------------------------------------------------------------------------------------------
    // Users
    // ---------------------------------------------------------------------------------------------

    /// @notice Acknowledges deliverable `id` from `provider` (before it is settled): its fee will be
    ///         paid in full, with the encrypted secret.
    function acknowledgeDeliverable(address provider, string calldata id) external {
        _existing(msg.sender, provider);
        Deliverable storage item = _deliverable(msg.sender, provider, id);
        if (item.settled) revert CannotAcknowledgeSettledDeliverable(id);
        item.acknowledged = true;
        emit DeliverableAcknowledged(msg.sender, provider, id, block.timestamp);
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @notice `user`'s sub-account with `provider`, with refunds and deliverables (oldest first).
    function getAccount(address user, address provider) public view returns (AccountDetails memory) {
        AccountDetails memory details;
        (Acct storage a, uint256 hot) = _existing(user, provider);
        uint256[] memory words = _refundWords(a, hot);
        Refund[] memory refunds = new Refund[](words.length);
        for (uint256 i; i < words.length; ++i) {
            refunds[i] = Refund(i, words[i] & BALANCE_MASK, words[i] >> CREATED_SHIFT, false);
        }
        details.user = user;
        details.provider = provider;
        details.nonce = _nonceOf(a, hot);
        details.balance = hot & BALANCE_MASK;
        details.pendingRefund = _pendingOf(a, hot);
        details.refunds = refunds;
        details.additionalInfo = a.info;
        details.deliverables = _deliverablesOf(user, provider, a.aux);
        details.validRefundsLength = (hot >> VALID_SHIFT) & COUNT_MASK;
        details.deliverablesHead = a.aux & 0xff;
        details.deliverablesCount = a.aux >> D_COUNT_SHIFT;
        details.acknowledged = hot & ACK != 0;
        return details;
    }

    /// @notice All sub-accounts, grouped by provider, at most 50 (`limit` 0 means 50).
    function getAllAccounts(uint256 offset, uint256 limit)
        public
        view
        returns (AccountSummary[] memory accounts, uint256 total)
    {
        (address[] memory users, address[] memory providers, uint256 count) = _globalPage(offset, _limit(limit));
        accounts = new AccountSummary[](users.length);
        for (uint256 i; i < users.length; ++i) {
            accounts[i] = _summary(users[i], providers[i]);
        }
        total = count;
    }

    /// @notice `provider`'s sub-accounts in 0G's order, at most 50 (`limit` 0 means 50).
    function getAccountsByProvider(address provider, uint256 offset, uint256 limit)
        public
        view
        returns (AccountSummary[] memory accounts, uint256 total)
    {
        address[] memory users;
        (users, total) = _providerPage(provider, offset, _limit(limit));
        accounts = new AccountSummary[](users.length);
        for (uint256 i; i < users.length; ++i) {
            accounts[i] = _summary(users[i], provider);
        }
    }

    /// @notice `user`'s sub-accounts, oldest first, at most 50 (`limit` 0 means 50).
    function getAccountsByUser(address user, uint256 offset, uint256 limit)
        public
        view
        returns (AccountSummary[] memory accounts, uint256 total)
    {
        address[] memory providers;
        (providers, total) = _userPage(user, offset, _limit(limit));
        accounts = new AccountSummary[](providers.length);
        for (uint256 i; i < providers.length; ++i) {
            accounts[i] = _summary(user, providers[i]);
        }
    }

    /// @notice The caller's (as provider) sub-accounts with each of `users` (at most 50); an empty
    ///         summary where there is none.
    function getBatchAccountsByUsers(address[] calldata users) external view returns (AccountSummary[] memory accounts) {
        if (users.length > MAX_BATCH_USERS) revert BatchSizeTooLarge(users.length, MAX_BATCH_USERS);
        accounts = new AccountSummary[](users.length);
        for (uint256 i; i < users.length; ++i) {
            if (accountExists(users[i], msg.sender)) accounts[i] = _summary(users[i], msg.sender);
        }
    }

    /// @notice Deliverable `id` of `user`'s sub-account with `provider`.
    function getDeliverable(address user, address provider, string calldata id)
        public
        view
        returns (Deliverable memory)
    {
        _existing(user, provider);
        return _deliverable(user, provider, id);
    }

    /// @notice The deliverables kept for `user`'s sub-account with `provider`, oldest first.
    function getDeliverables(address user, address provider) public view returns (Deliverable[] memory) {
        (Acct storage a,) = _existing(user, provider);
        return _deliverablesOf(user, provider, a.aux);
    }

    /// @notice `provider`'s service (reverts `ServiceNotExist`).
    function getService(address provider) public view returns (Service memory service) {
        _existingService(provider);
        return _toService(provider);
    }

    /// @notice Every service, in registration order with swap-and-pop removal.
    function getAllServices() public view returns (Service[] memory services) {
        uint256 count = _serviceList.length;
        services = new Service[](count);
        for (uint256 i; i < count; ++i) {
            services[i] = _toService(_serviceList[i]);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------

    function _revertCallerNotLedger() internal pure override {
        revert CallerNotLedger();
    }

    function _revertRefundTransferFailed() internal pure override {
        revert TransferToLedgerFailed();
    }

    /// @dev A deleted sub-account loses its deliverables (0G deletes them so ids can be reused).
    function _beforeAccountDeleted(address user, address provider, Acct storage a) internal override {
        uint256 headCount = a.aux;
        uint256 head = headCount & 0xff;
        uint256 count = headCount >> D_COUNT_SHIFT;
        Deliverables storage d = _deliverables[user][provider];
        for (uint256 i; i < count; ++i) {
            delete d.items[d.ids[(head + i) % MAX_DELIVERABLES_PER_ACCOUNT]];
        }
    }

    function _limit(uint256 limit) internal pure returns (uint256) {
        if (limit > MAX_PAGE) revert LimitTooLarge(limit);
        return limit == 0 ? MAX_PAGE : limit;
    }

    function _existingService(address provider) internal view returns (Svc storage s) {
        s = _services[provider];
        if (s.hot & S_EXISTS == 0) revert ServiceNotExist(provider);
    }

    function _deliverable(address user, address provider, string calldata id)
        internal
        view
        returns (Deliverable storage item)
    {
        item = _deliverables[user][provider].items[id];
        if (bytes(item.id).length == 0) revert DeliverableNotExists(id);
    }

    function _deliverablesOf(address user, address provider, uint256 headCount)
        internal
        view
        returns (Deliverable[] memory list)
    {
        uint256 head = headCount & 0xff;
        uint256 count = headCount >> D_COUNT_SHIFT;
        Deliverables storage d = _deliverables[user][provider];
        list = new Deliverable[](count);
        for (uint256 i; i < count; ++i) {
            list[i] = d.items[d.ids[(head + i) % MAX_DELIVERABLES_PER_ACCOUNT]];
        }
    }

    /// @dev The EIP-712 digest of the `VerifierMessage` in `input`.
    function _verifierDigest(VerifierInput calldata input) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                MESSAGE_TYPEHASH,
                keccak256(bytes(input.id)),
                keccak256(input.encryptedSecret),
                keccak256(input.modelRootHash),
                input.nonce,
                input.taskFee,
                input.user
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", _domainSeparator(NAME_HASH), structHash));
    }

    function _summary(address user, address provider) internal view returns (AccountSummary memory summary) {
        Acct storage a = _accounts[user][provider];
        uint256 hot = a.hot;
        summary.user = user;
        summary.provider = provider;
        summary.nonce = _nonceOf(a, hot);
        summary.balance = hot & BALANCE_MASK;
        summary.pendingRefund = _pendingOf(a, hot);
        summary.additionalInfo = a.info;
        summary.validRefundsLength = (hot >> VALID_SHIFT) & COUNT_MASK;
        summary.deliverablesCount = a.aux >> D_COUNT_SHIFT;
        summary.acknowledged = hot & ACK != 0;
    }

    function _toService(address provider) internal view returns (Service memory service) {
        Svc storage s = _services[provider];
        uint256 hot = s.hot;
        service.provider = provider;
        service.url = s.url;
        service.quota = s.quota;
        service.pricePerToken = s.pricePerToken;
        service.occupied = s.occupied;
        service.models = s.models;
        service.teeSignerAddress = address(uint160(hot));
        service.teeSignerAcknowledged = hot & S_ACK != 0;
    }
}
