// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {ComputeBase} from "./ComputeBase.sol";
import {IServing, IServingLedger} from "./IServing.sol";

/// @title The user-provider sub-accounts both 0G serving contracts keep
/// @notice 0G's account model (`InferenceAccount.sol` / `FineTuningAccount.sol`), shared by our
///         InferenceServing and FineTuningServing: a sub-account per `(user, provider)` holding the funds
///         the user moved there from the LedgerManager, a settlement nonce, up to five pending refunds
///         and the user's acknowledgement of the provider's TEE signer.
///
///         - `balance` includes `pendingRefund`; fees are taken from the part not being refunded first,
///           then from pending refunds, most recent first (LIFO), as 0G does.
///         - Refunds are requested for everything not already being refunded (`requestRefundAll`), unlock
///           `lockTime` after they were requested and are collected by `processRefund`, which keeps the
///           still-locked ones in order at the front (0G's compaction). The refund list returned by the
///           views is 0G's `refunds` array exactly, including the stale entries past
///           `validRefundsLength` that 0G's grow-only array keeps.
///         - Deleting a sub-account (only when the user's ledger goes) keeps its nonce (and generation),
///           so old signatures cannot be replayed if it is created again.
///
///         **Storage.** Everything a settlement reads or writes is one slot per sub-account (balance
///         128 bits, nonce 96 bits, flags, refund counts); a nonce of 2^96 or more moves to its own slot.
///         Pending refunds are five fixed slots (amount and time each), and `pendingRefund` is their
///         sum, not a stored copy. A user's sub-accounts form a linked list through a second slot, a
///         provider's are an array, so creating one writes few slots and the per-provider views keep
///         0G's order.
abstract contract ServingAccounts is ComputeBase, IServing, IServingLedger, IERC165 {
    /// @notice The shortest refund lock time the owner may set (0G: 1 hour).
    uint256 public constant MIN_LOCKTIME = 1 hours;
    /// @notice The longest refund lock time the owner may set (0G: 7 days).
    uint256 public constant MAX_LOCKTIME = 7 days;
    /// @notice The stake a provider deposits with its first `addOrUpdateService` (0G: 100 0G).
    uint256 public constant MIN_PROVIDER_STAKE = 100 ether;

    /// @dev 0G's `MAX_REFUNDS_PER_ACCOUNT` and additionalInfo limit.
    uint256 internal constant MAX_REFUNDS_PER_ACCOUNT = 5;
    uint256 internal constant MAX_ADDITIONAL_INFO_LENGTH = 4096;

    // `Acct.hot`, low bits first: balance (128) | nonce (96) | flags (8) | valid refunds (8) | refund slots used (8).
    uint256 internal constant BALANCE_MASK = type(uint128).max;
    uint256 internal constant NONCE_SHIFT = 128;
    uint256 internal constant NONCE_MASK = (1 << 96) - 1;
    uint256 internal constant EXISTS = 1 << 224;
    uint256 internal constant ACK = 1 << 225;
    /// @dev The nonce is 2^96 or more and lives in `Acct.wideNonce`.
    uint256 internal constant WIDE_NONCE = 1 << 226;
    uint256 internal constant VALID_SHIFT = 232;
    uint256 internal constant HWM_SHIFT = 240;
    uint256 internal constant COUNT_MASK = 0xff;
    /// @dev What survives the deletion of a sub-account: its nonce.
    uint256 internal constant KEEP_ON_DELETE = (NONCE_MASK << NONCE_SHIFT) | WIDE_NONCE;

    // `Acct.links`: next provider in the user's list (160) | position in the provider's list (32) | generation (64).
    uint256 internal constant ADDRESS_MASK = type(uint160).max;
    uint256 internal constant POS_SHIFT = 160;
    uint256 internal constant POS_MASK = type(uint32).max;
    uint256 internal constant GEN_SHIFT = 192;
    uint256 internal constant GEN_BITS = uint256(type(uint64).max) << GEN_SHIFT;

    // A refund slot: amount (128) | createdAt (64).
    uint256 internal constant CREATED_SHIFT = 128;

    /// @dev A sub-account.
    struct Acct {
        uint256 hot;
        uint256 links;
        /// @dev InferenceServing: the token revocation bitmap; FineTuningServing: deliverables head and count.
        uint256 aux;
        uint256 wideNonce;
        uint256[5] refunds;
        /// @dev The ledger's additionalInfo when the sub-account was created (0G keeps a copy).
        string info;
    }

    /// @dev One slot: the LedgerManager and the refund lock time.
    address internal _ledger;
    uint64 internal _lockTime;

    mapping(address user => mapping(address provider => Acct)) internal _accounts;
    /// @dev The newest provider of the user's list (160) | the list's length (16).
    mapping(address user => uint256) internal _userHead;
    /// @dev Number of users (64) | 1-based position in `_accountProviders` (64).
    mapping(address provider => uint256) internal _providerMeta;
    mapping(address provider => mapping(uint256 index => address user)) internal _providerUsers;
    /// @dev Every provider that has had a sub-account, in order: the global enumeration.
    address[] internal _accountProviders;
    mapping(address provider => uint256) internal _stake;

    /// @notice `user`'s sub-account with `provider` now holds `amount`, of which `pendingRefund` is
    ///         being refunded.
    event BalanceUpdated(address indexed user, address indexed provider, uint256 amount, uint256 pendingRefund);
    /// @notice A refund was requested at position `index` of the sub-account's refund list.
    event RefundRequested(address indexed user, address indexed provider, uint256 indexed index, uint256 timestamp);
    /// @notice The sub-account was deleted with `refundedAmount` in it (always 0 through the ledger).
    event AccountDeleted(address indexed user, address indexed provider, uint256 refundedAmount);
    /// @notice The owner changed the refund lock time.
    event LockTimeUpdated(uint256 oldLockTime, uint256 newLockTime);
    /// @notice The owner acknowledged (or revoked) the provider's TEE signer.
    event ProviderTEESignerAcknowledged(address indexed provider, address indexed teeSignerAddress, bool acknowledged);
    /// @notice The provider deposited its stake with its first `addOrUpdateService`.
    event ProviderStaked(address indexed provider, uint256 amount);
    /// @notice `removeService` returned the provider's stake.
    event ProviderStakeReturned(address indexed provider, uint256 amount);

    error AccountNotExists(address user, address provider);
    error AccountExists(address user, address provider);
    error TooManyRefunds(address user, address provider);
    error CannotRevokeWithNonZeroBalance(address user, address provider, uint256 balance);
    error CannotAddStakeWhenUpdating();
    error InsufficientStake(uint256 provided, uint256 required);
    error ServiceNotExist(address provider);
    error AdditionalInfoTooLong();
    error DirectDepositsDisabled();
    /// @notice A balance would exceed 2^128 - 1 wei (not in 0G, whose balances are `uint256`).
    error AmountTooLarge(uint256 amount);

    modifier onlyLedger() {
        if (msg.sender != _ledger) _revertCallerNotLedger();
        _;
    }

    // ---------------------------------------------------------------------------------------------
    // Hooks for the two contracts' differences
    // ---------------------------------------------------------------------------------------------

    /// @dev Reverts with the contract's `CallerNotLedger` error.
    function _revertCallerNotLedger() internal view virtual;

    /// @dev Reverts with the contract's error for a failed transfer back to the ledger.
    function _revertRefundTransferFailed() internal pure virtual;

    /// @dev Called when a sub-account is about to be deleted, before its slots are cleared
    ///      (FineTuningServing drops its deliverables).
    function _beforeAccountDeleted(address user, address provider, Acct storage a) internal virtual {}

    // ---------------------------------------------------------------------------------------------
    // Configuration
    // ---------------------------------------------------------------------------------------------

    /// @notice How long a requested refund stays locked, in seconds.
    function lockTime() public view returns (uint256) {
        return _lockTime;
    }

    /// @notice The LedgerManager this contract takes funds from and returns them to.
    function ledgerAddress() public view returns (address) {
        return _ledger;
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view virtual returns (bool) {
        return interfaceId == type(IServing).interfaceId || interfaceId == type(IServingLedger).interfaceId
            || interfaceId == type(IERC165).interfaceId;
    }

    /// @notice Plain transfers are refused: funds arrive through the LedgerManager.
    receive() external payable {
        revert DirectDepositsDisabled();
    }

    // ---------------------------------------------------------------------------------------------
    // IServing (0G's ledger interface)
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IServing
    function accountExists(address user, address provider) public view returns (bool) {
        return _accounts[user][provider].hot & EXISTS != 0;
    }

    /// @inheritdoc IServing
    function getPendingRefund(address user, address provider) public view returns (uint256) {
        (Acct storage a, uint256 hot) = _existing(user, provider);
        return _pendingOf(a, hot);
    }

    /// @inheritdoc IServing
    /// @dev Requests a refund of everything not yet being refunded; emits `RefundRequested` for the
    ///      newest refund whenever there is one (also when nothing new was requested), as 0G does.
    function requestRefundAll(address user, address provider) external onlyLedger {
        (Acct storage a, uint256 hot) = _existing(user, provider);
        hot = _requestRefundAll(a, hot, _pendingOf(a, hot), user, provider);
        a.hot = hot;
        uint256 valid = (hot >> VALID_SHIFT) & COUNT_MASK;
        if (valid > 0) emit RefundRequested(user, provider, valid - 1, block.timestamp);
    }

    /// @inheritdoc IServing
    /// @dev Collects the refunds whose lock time has passed and sends them to the ledger.
    function processRefund(address user, address provider)
        external
        onlyLedger
        returns (uint256 totalAmount, uint256 balance, uint256 pendingRefund)
    {
        (Acct storage a, uint256 hot) = _existing(user, provider);
        (hot, totalAmount, pendingRefund) = _processRefund(a, hot, _lockTime);
        a.hot = hot;
        balance = hot & BALANCE_MASK;
        if (totalAmount > 0) {
            emit BalanceUpdated(user, provider, balance, pendingRefund);
            if (!_send(msg.sender, totalAmount)) _revertRefundTransferFailed();
        }
    }

    /// @inheritdoc IServing
    /// @dev Emits `AccountDeleted` even if there was no such sub-account (with 0), as 0G does.
    function deleteAccount(address user, address provider) external onlyLedger {
        uint256 deleted = _deleteAccount(user, provider, true);
        emit AccountDeleted(user, provider, deleted);
    }

    // ---------------------------------------------------------------------------------------------
    // IServingLedger (our ledger's batched calls)
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IServingLedger
    function ledgerQuote(address user, address provider)
        external
        view
        returns (bool exists, uint256 pendingRefund, uint256 providerCount)
    {
        Acct storage a = _accounts[user][provider];
        uint256 hot = a.hot;
        exists = hot & EXISTS != 0;
        if (exists) pendingRefund = _pendingOf(a, hot);
        providerCount = _userHead[user] >> 160;
    }

    /// @inheritdoc IServingLedger
    function lockedBalance(address user) external view returns (uint256 total) {
        address provider = address(uint160(_userHead[user]));
        while (provider != address(0)) {
            Acct storage a = _accounts[user][provider];
            total += a.hot & BALANCE_MASK;
            provider = address(uint160(a.links));
        }
    }

    /// @inheritdoc IServingLedger
    function userProviders(address user) public view returns (address[] memory providers) {
        uint256 head = _userHead[user];
        uint256 n = head >> 160;
        providers = new address[](n);
        address provider = address(uint160(head));
        // The list runs newest first; fill from the back so the result is oldest first (0G's order).
        while (provider != address(0)) {
            providers[--n] = provider;
            provider = address(uint160(_accounts[user][provider].links));
        }
    }

    /// @inheritdoc IServingLedger
    function retrieveFunds(address user, address[] calldata providers) external onlyLedger returns (uint256 total) {
        uint256 lockTime_ = _lockTime;
        for (uint256 i; i < providers.length; ++i) {
            address provider = providers[i];
            Acct storage a = _accounts[user][provider];
            uint256 hot = a.hot;
            if (hot & EXISTS == 0) continue;
            uint256 released;
            uint256 pending;
            (hot, released, pending) = _processRefund(a, hot, lockTime_);
            if (released > 0) {
                emit BalanceUpdated(user, provider, hot & BALANCE_MASK, pending);
                total += released;
            }
            hot = _requestRefundAll(a, hot, pending, user, provider);
            a.hot = hot;
            uint256 valid = (hot >> VALID_SHIFT) & COUNT_MASK;
            if (valid > 0) emit RefundRequested(user, provider, valid - 1, block.timestamp);
        }
        if (total > 0 && !_send(msg.sender, total)) _revertRefundTransferFailed();
    }

    /// @inheritdoc IServingLedger
    function deleteAccounts(address user) external onlyLedger {
        address[] memory providers = userProviders(user);
        for (uint256 i; i < providers.length; ++i) {
            uint256 deleted = _deleteAccount(user, providers[i], false);
            emit AccountDeleted(user, providers[i], deleted);
        }
        delete _userHead[user];
    }

    // ---------------------------------------------------------------------------------------------
    // User functions
    // ---------------------------------------------------------------------------------------------

    /// @notice Acknowledges (or revokes the acknowledgement of) `provider`'s TEE signer for the
    ///         caller's sub-account. Revoking needs a zero balance. Set automatically when the ledger
    ///         creates or tops up the sub-account.
    function acknowledgeTEESigner(address provider, bool acknowledged) external {
        (Acct storage a, uint256 hot) = _existing(msg.sender, provider);
        if (hot & ACK != 0 && !acknowledged && hot & BALANCE_MASK != 0) {
            revert CannotRevokeWithNonZeroBalance(msg.sender, provider, hot & BALANCE_MASK);
        }
        a.hot = acknowledged ? hot | ACK : hot & ~ACK;
    }

    // ---------------------------------------------------------------------------------------------
    // Internals: sub-accounts
    // ---------------------------------------------------------------------------------------------

    function _existing(address user, address provider) internal view returns (Acct storage a, uint256 hot) {
        a = _accounts[user][provider];
        hot = a.hot;
        if (hot & EXISTS == 0) revert AccountNotExists(user, provider);
    }

    /// @dev Creates the sub-account with `amount`, acknowledged (the ledger's auto-acknowledgement).
    function _addAccount(address user, address provider, uint256 amount, string memory info) internal {
        Acct storage a = _accounts[user][provider];
        uint256 hot = a.hot;
        if (hot & EXISTS != 0) revert AccountExists(user, provider);
        if (amount > BALANCE_MASK) revert AmountTooLarge(amount);
        a.hot = (hot & KEEP_ON_DELETE) | amount | EXISTS | ACK;

        uint256 meta = _providerMeta[provider];
        uint256 position = uint64(meta);
        uint256 head = _userHead[user];
        a.links = (a.links & GEN_BITS) | (head & ADDRESS_MASK) | (position << POS_SHIFT);
        _userHead[user] = (uint256(uint160(provider)) | (head & ~ADDRESS_MASK)) + (1 << 160);

        _providerUsers[provider][position] = user;
        if (meta >> 64 == 0) {
            _accountProviders.push(provider);
            meta |= _accountProviders.length << 64;
        }
        _providerMeta[provider] = meta + 1;
        if (bytes(info).length != 0) a.info = info;
    }

    /// @dev 0G's `depositFund`: cancels up to `cancelAmount` of pending refunds (LIFO), adds `amount`,
    ///      acknowledges the TEE signer. Returns the new balance and pending refund.
    function _depositFund(address user, address provider, uint256 cancelAmount, uint256 amount)
        internal
        returns (uint256 balance, uint256 pending)
    {
        (Acct storage a, uint256 hot) = _existing(user, provider);
        pending = _pendingOf(a, hot);
        if (cancelAmount > 0 && pending > 0) {
            uint256 cancelled = cancelAmount < pending ? cancelAmount : pending;
            hot = _cancelRefunds(a, hot, cancelled);
            pending -= cancelled;
        }
        balance = (hot & BALANCE_MASK) + amount;
        if (balance > BALANCE_MASK) revert AmountTooLarge(balance);
        a.hot = ((hot & ~BALANCE_MASK) | balance) | ACK;
    }

    /// @dev Deletes the sub-account, keeping its nonce and generation; returns the balance it had.
    ///      `unlink` removes it from the user's list (`deleteAccounts` drops the whole list instead).
    function _deleteAccount(address user, address provider, bool unlink) internal returns (uint256 balance) {
        Acct storage a = _accounts[user][provider];
        uint256 hot = a.hot;
        if (hot & EXISTS == 0) return 0;
        balance = hot & BALANCE_MASK;
        _beforeAccountDeleted(user, provider, a);
        a.hot = hot & KEEP_ON_DELETE;
        uint256 links = a.links;
        a.links = links & GEN_BITS;
        a.aux = 0;
        delete a.info;

        // The provider's list: move the last user into the freed position.
        uint256 meta = _providerMeta[provider];
        uint256 last = uint64(meta) - 1;
        uint256 position = (links >> POS_SHIFT) & POS_MASK;
        if (position != last) {
            address moved = _providerUsers[provider][last];
            _providerUsers[provider][position] = moved;
            Acct storage m = _accounts[moved][provider];
            m.links = (m.links & ~(POS_MASK << POS_SHIFT)) | (position << POS_SHIFT);
        }
        delete _providerUsers[provider][last];
        _providerMeta[provider] = meta - 1;

        if (unlink) {
            uint256 head = _userHead[user];
            address next = address(uint160(links));
            if (address(uint160(head)) == provider) {
                _userHead[user] = ((head & ~ADDRESS_MASK) - (1 << 160)) | uint160(next);
            } else {
                address p = address(uint160(head));
                while (p != address(0)) {
                    Acct storage prev = _accounts[user][p];
                    uint256 pl = prev.links;
                    if (address(uint160(pl)) == provider) {
                        prev.links = (pl & ~ADDRESS_MASK) | uint160(next);
                        break;
                    }
                    p = address(uint160(pl));
                }
                _userHead[user] = head - (1 << 160);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Internals: nonce, refunds, fees
    // ---------------------------------------------------------------------------------------------

    function _nonceOf(Acct storage a, uint256 hot) internal view returns (uint256) {
        return hot & WIDE_NONCE == 0 ? (hot >> NONCE_SHIFT) & NONCE_MASK : a.wideNonce;
    }

    /// @dev Returns `hot` with the nonce set to `nonce` (which is larger than the current one).
    function _withNonce(Acct storage a, uint256 hot, uint256 nonce) internal returns (uint256) {
        if (nonce <= NONCE_MASK) return (hot & ~(NONCE_MASK << NONCE_SHIFT)) | (nonce << NONCE_SHIFT);
        a.wideNonce = nonce;
        return hot | WIDE_NONCE;
    }

    /// @dev The sum of the valid refunds: 0G's `pendingRefund`.
    function _pendingOf(Acct storage a, uint256 hot) internal view returns (uint256 pending) {
        uint256 valid = (hot >> VALID_SHIFT) & COUNT_MASK;
        for (uint256 i; i < valid; ++i) {
            pending += a.refunds[i] & BALANCE_MASK;
        }
    }

    /// @dev Takes `amount` (at most the balance) off the balance: from the part not being refunded
    ///      first, then by cancelling pending refunds, most recent first. Returns the new `hot` (not
    ///      stored) and pending refund.
    function _deduct(Acct storage a, uint256 hot, uint256 amount) internal returns (uint256, uint256 pending) {
        if ((hot >> VALID_SHIFT) & COUNT_MASK != 0) {
            pending = _pendingOf(a, hot);
            uint256 free = (hot & BALANCE_MASK) - pending;
            if (amount > free) {
                uint256 fromRefunds = amount - free;
                hot = _cancelRefunds(a, hot, fromRefunds);
                pending -= fromRefunds;
            }
        }
        unchecked {
            return (hot - amount, pending);
        }
    }

    /// @dev Cancels `amount` (at most the pending refund) of refunds, most recent first: 0G's loop,
    ///      which zeroes the amount of a fully cancelled refund and shortens the valid range.
    function _cancelRefunds(Acct storage a, uint256 hot, uint256 amount) internal returns (uint256) {
        uint256 valid = (hot >> VALID_SHIFT) & COUNT_MASK;
        while (valid > 0 && amount > 0) {
            uint256 r = a.refunds[valid - 1];
            uint256 refundAmount = r & BALANCE_MASK;
            if (refundAmount <= amount) {
                amount -= refundAmount;
                a.refunds[valid - 1] = r & ~BALANCE_MASK;
                --valid;
            } else {
                a.refunds[valid - 1] = r - amount;
                amount = 0;
            }
        }
        return (hot & ~(COUNT_MASK << VALID_SHIFT)) | (valid << VALID_SHIFT);
    }

    /// @dev 0G's `requestRefundAll`: a new refund of `balance - pending`, if that is not zero.
    function _requestRefundAll(Acct storage a, uint256 hot, uint256 pending, address user, address provider)
        internal
        returns (uint256)
    {
        uint256 amount = (hot & BALANCE_MASK) - pending;
        if (amount == 0) return hot;
        uint256 valid = (hot >> VALID_SHIFT) & COUNT_MASK;
        if (valid >= MAX_REFUNDS_PER_ACCOUNT) revert TooManyRefunds(user, provider);
        a.refunds[valid] = amount | (block.timestamp << CREATED_SHIFT);
        ++valid;
        uint256 used = (hot >> HWM_SHIFT) & COUNT_MASK;
        if (valid > used) used = valid;
        return (hot & ~((COUNT_MASK << VALID_SHIFT) | (COUNT_MASK << HWM_SHIFT))) | (valid << VALID_SHIFT)
            | (used << HWM_SHIFT);
    }

    /// @dev 0G's `processRefund`: releases the refunds `lockTime_` old, moves the locked ones to the
    ///      front in order, takes the released amount off the balance. Returns the new `hot` (not
    ///      stored), the released amount and what is still pending.
    function _processRefund(Acct storage a, uint256 hot, uint256 lockTime_)
        internal
        returns (uint256, uint256 released, uint256 pending)
    {
        uint256 valid = (hot >> VALID_SHIFT) & COUNT_MASK;
        if (valid == 0) return (hot, 0, 0);
        uint256 kept;
        for (uint256 i; i < valid; ++i) {
            uint256 r = a.refunds[i];
            if (block.timestamp >= (r >> CREATED_SHIFT) + lockTime_) {
                released += r & BALANCE_MASK;
            } else {
                pending += r & BALANCE_MASK;
                if (i != kept) a.refunds[kept] = r;
                ++kept;
            }
        }
        hot = ((hot & ~(COUNT_MASK << VALID_SHIFT)) | (kept << VALID_SHIFT)) - released;
        return (hot, released, pending);
    }

    /// @dev The refund list 0G returns (positions `0 .. used-1`), as `(amount, createdAt)` words.
    function _refundWords(Acct storage a, uint256 hot) internal view returns (uint256[] memory words) {
        uint256 used = (hot >> HWM_SHIFT) & COUNT_MASK;
        words = new uint256[](used);
        for (uint256 i; i < used; ++i) {
            words[i] = a.refunds[i];
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Internals: enumeration (0G's orders: a provider's users and a user's providers in insertion
    // order with swap-and-pop removal; everything grouped by provider)
    // ---------------------------------------------------------------------------------------------

    /// @dev `[offset, end)` of `total`, 0G's paging (`limit` already defaulted by the caller).
    function _page(uint256 offset, uint256 limit, uint256 total) internal pure returns (uint256 start, uint256 end) {
        if (offset >= total) return (0, 0);
        end = offset + limit;
        if (end > total) end = total;
        start = offset;
    }

    /// @dev The users of `provider`'s sub-accounts, `[offset, offset + limit)`, and how many there are.
    function _providerPage(address provider, uint256 offset, uint256 limit)
        internal
        view
        returns (address[] memory users, uint256 total)
    {
        total = uint64(_providerMeta[provider]);
        (uint256 start, uint256 end) = _page(offset, limit, total);
        users = new address[](end - start);
        for (uint256 i = start; i < end; ++i) {
            users[i - start] = _providerUsers[provider][i];
        }
    }

    /// @dev `user`'s providers, `[offset, offset + limit)`, and how many there are.
    function _userPage(address user, uint256 offset, uint256 limit)
        internal
        view
        returns (address[] memory providers, uint256 total)
    {
        address[] memory all = userProviders(user);
        total = all.length;
        (uint256 start, uint256 end) = _page(offset, limit, total);
        providers = new address[](end - start);
        for (uint256 i = start; i < end; ++i) {
            providers[i - start] = all[i];
        }
    }

    /// @dev All sub-accounts, grouped by provider: `(users[i], providers[i])`, and how many there are.
    function _globalPage(uint256 offset, uint256 limit)
        internal
        view
        returns (address[] memory users, address[] memory providers, uint256 total)
    {
        uint256 count = _accountProviders.length;
        for (uint256 i; i < count; ++i) {
            total += uint64(_providerMeta[_accountProviders[i]]);
        }
        (uint256 start, uint256 end) = _page(offset, limit, total);
        users = new address[](end - start);
        providers = new address[](end - start);
        uint256 seen;
        uint256 k;
        for (uint256 i; i < count && seen < end; ++i) {
            address provider = _accountProviders[i];
            uint256 n = uint64(_providerMeta[provider]);
            for (uint256 j; j < n && seen < end; ++j) {
                if (seen >= start) {
                    users[k] = _providerUsers[provider][j];
                    providers[k] = provider;
                    ++k;
                }
                ++seen;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Internals: providers, transfers, signatures
    // ---------------------------------------------------------------------------------------------

    /// @dev 0G's stake rule: the first registration deposits at least `MIN_PROVIDER_STAKE`, updates
    ///      deposit nothing.
    function _takeStake() internal {
        if (_stake[msg.sender] > 0) {
            if (msg.value != 0) revert CannotAddStakeWhenUpdating();
        } else {
            if (msg.value < MIN_PROVIDER_STAKE) revert InsufficientStake(msg.value, MIN_PROVIDER_STAKE);
            _stake[msg.sender] = msg.value;
            emit ProviderStaked(msg.sender, msg.value);
        }
    }

    function _checkLockTime(uint256 lockTime_) internal pure returns (bool) {
        return lockTime_ >= MIN_LOCKTIME && lockTime_ <= MAX_LOCKTIME;
    }

    function _send(address to, uint256 amount) internal returns (bool success) {
        assembly ("memory-safe") {
            success := call(gas(), to, amount, 0, 0, 0, 0)
        }
    }

    /// @dev The EIP-712 domain separator `{name, "1", chainid, this}` for `nameHash = keccak256(name)`.
    function _domainSeparator(bytes32 nameHash) internal view returns (bytes32 separator) {
        // keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
        bytes32 typeHash = 0x8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f;
        bytes32 versionHash = 0xc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc6; // keccak256("1")
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, typeHash)
            mstore(add(p, 0x20), nameHash)
            mstore(add(p, 0x40), versionHash)
            mstore(add(p, 0x60), chainid())
            mstore(add(p, 0x80), address())
            separator := keccak256(p, 0xa0)
        }
    }

    /// @dev The signer of `digest`, or the zero address: OpenZeppelin's `ECDSA.tryRecover` rules
    ///      (65 bytes `r ‖ s ‖ v`, `s` in the lower half order), with the zero address for every failure.
    function _recover(bytes32 digest, bytes calldata signature) internal view returns (address signer) {
        if (signature.length != 65) return address(0);
        assembly ("memory-safe") {
            let s := calldataload(add(signature.offset, 0x20))
            if iszero(gt(s, 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0)) {
                let p := mload(0x40)
                mstore(p, digest)
                mstore(add(p, 0x20), byte(0, calldataload(add(signature.offset, 0x40))))
                mstore(add(p, 0x40), calldataload(signature.offset))
                mstore(add(p, 0x60), s)
                mstore(0x00, 0)
                if staticcall(gas(), 0x01, p, 0x80, 0x00, 0x20) { signer := mload(0x00) }
            }
        }
    }
}
