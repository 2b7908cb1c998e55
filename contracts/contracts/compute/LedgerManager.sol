// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC165Checker} from "@openzeppelin/contracts/utils/introspection/ERC165Checker.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {ComputeBase} from "./ComputeBase.sol";
import {ILedger, ILedgerBatch, IServing, IServingLedger} from "./IServing.sol";

/// @notice A user's ledger, as 0G's `getLedger` returns it. `totalBalance - availableBalance` is what
///         sits in the user's sub-accounts with providers.
struct Ledger {
    address user;
    uint256 availableBalance;
    uint256 totalBalance;
    string additionalInfo;
}

/// @notice A registered service contract (0G's `ServiceInfo`).
struct ServiceInfo {
    address serviceAddress;
    IServing serviceContract;
    string serviceType;
    string version;
    string fullName;
    string description;
    bool isRecommended;
    uint256 registeredAt;
}

/// @title 0G Compute LedgerManager: users' prepaid balances and the registry of service contracts
/// @notice Wire-compatible with 0G's `LedgerManager` (`0g-serving-contract` c9033d3): the same
///         functions, structs, events, errors, constants and revert conditions, so 0G's compute SDK
///         works against it unchanged.
///
///         A user opens a ledger with at least 3 0G (`addLedger`, `depositFund`, `depositFundFor`),
///         moves funds into sub-accounts with providers of a registered service (`transferFund`: at least
///         1 0G to open one, which also acknowledges the provider's TEE signer; a top-up first cancels
///         pending refunds of that sub-account), asks for them back (`retrieveFund`: collects unlocked
///         refunds, then requests a refund of the rest, which unlocks after the service's lock time) and
///         withdraws (`refund`, which must leave 0 or at least 3 0G; a ledger that reaches 0 in total is
///         deleted with its sub-accounts). Services are registered by the owner under
///         `"<serviceType>-<version>"`, e.g. `inference-v1.0`, the name `transferFund` takes.
///
///         **Differences, all internal.** `totalBalance` is not stored: it is `availableBalance` plus
///         the balances of the user's sub-accounts, which the services report (`IServingLedger`), so
///         settling fees does not write to the ledger. `spendFund` is therefore bookkeeping: it checks
///         the caller and the ledger and emits `FundSpent` (it no longer reverts
///         `InsufficientAvailableBalance`, since the service already took the amount off its
///         sub-account), and InferenceServing reports a whole settlement batch in one `spendFunds`
///         call. The services are asked in one call where 0G makes two or three per provider, and
///         return refunds in one transfer. A registered service must also implement `IServingLedger`.
///         Plain deployment + `initialize` instead of a BeaconProxy. Balances are capped at 2^128 - 1
///         wei (`AmountTooLarge`).
contract LedgerManager is ComputeBase, ILedger, ILedgerBatch {
    /// @notice The most providers `retrieveFund` takes.
    uint256 public constant MAX_PROVIDERS_PER_BATCH = 20;
    /// @notice The most service contracts the registry holds.
    uint256 public constant MAX_SERVICES = 500;
    /// @notice The most sub-accounts a user may open in one service.
    uint256 public constant MAX_PROVIDERS_PER_USER_PER_SERVICE = 50;
    /// @notice The longest `additionalInfo`, in bytes.
    uint256 public constant MAX_ADDITIONAL_INFO_LENGTH = 4096;
    /// @notice The smallest ledger (3 0G); a withdrawal must leave 0 or at least this.
    uint256 public constant MIN_ACCOUNT_BALANCE = 3 ether;
    /// @notice The smallest transfer that opens a sub-account (1 0G).
    uint256 public constant MIN_TRANSFER_AMOUNT = 1 ether;

    // A ledger word: available balance (128) | 1-based position in `_users` (64) | sub-accounts (32) | has info.
    uint256 private constant AVAILABLE_MASK = type(uint128).max;
    uint256 private constant POS_SHIFT = 128;
    uint256 private constant POS_BITS = uint256(type(uint64).max) << POS_SHIFT;
    uint256 private constant SUBS_SHIFT = 192;
    uint256 private constant SUBS_MASK = type(uint32).max;
    uint256 private constant HAS_INFO = 1 << 255;
    /// @dev Transient-storage slots of the per-user operation locks: `LOCK_BASE | user`.
    uint256 private constant LOCK_BASE = 1 << 255;

    mapping(address user => uint256) private _ledgers;
    mapping(address user => string) private _info;
    /// @dev Every user with a ledger (swap-and-pop removal, 0G's `EnumerableSet` order).
    address[] private _users;

    mapping(address service => ServiceInfo) private _registered;
    mapping(string fullName => address service) private _serviceByName;
    address[] private _serviceList;
    mapping(bytes32 typeHash => address service) private _recommendedByType;

    event ServiceRegistered(address indexed serviceAddress, string serviceName);
    event RecommendedServiceUpdated(string serviceType, string version, address serviceAddress);
    event LedgerInfoUpdated(address indexed user, string additionalInfo);
    /// @notice `service` paid `amount` of `user`'s sub-account funds to a provider.
    event FundSpent(address indexed user, address indexed service, uint256 amount);

    error LedgerNotExists(address user);
    error LedgerExists(address user);
    error InsufficientBalance(address user);
    error TooManyProviders(uint256 requested, uint256 maximum);
    error TooManyProvidersForService(uint256 current, uint256 maximum);
    /// @notice Declared by 0G, never used.
    error InvalidServiceType(string serviceType);
    /// @notice Declared by 0G, never used.
    error ServiceNotRegistered(address serviceAddress);
    error ServiceNameExists(string serviceName);
    error InvalidServiceAddress(address serviceAddress);
    error LedgerLocked();
    error CallerNotRegisteredService(address caller);
    error ServiceNotFound(address serviceAddress);
    error MinimumDepositRequired(uint256 provided, uint256 required);
    error AdditionalInfoTooLong(uint256 length, uint256 max);
    error ZeroAmountNotAllowed();
    error ZeroAddressNotAllowed();
    error InsufficientAvailableBalance(uint256 available, uint256 required);
    error TransferFailed();
    error CallFailed();
    error MustWithdrawAllFundsFirst(uint256 remainingBalance);
    error ServiceTypeRequired();
    error VersionRequired();
    error ServiceAlreadyRegistered(address serviceAddress);
    error ServiceMustImplementIServing(address serviceAddress);
    error ServiceRegistryLimitReached(uint256 limit);
    error NoRecommendedService(string serviceType);
    error DirectDepositsDisabled();
    /// @notice A balance would exceed 2^128 - 1 wei (not in 0G, whose balances are `uint256`).
    error AmountTooLarge(uint256 amount);

    /// @dev 0G's per-user operation lock (`LedgerLocked` on reentry for the same user), in transient storage.
    modifier withLedgerLock(address user) {
        uint256 slot = LOCK_BASE | uint160(user);
        bool locked;
        assembly ("memory-safe") {
            locked := tload(slot)
        }
        if (locked) revert LedgerLocked();
        assembly ("memory-safe") {
            tstore(slot, 1)
        }
        _;
        assembly ("memory-safe") {
            tstore(slot, 0)
        }
    }

    modifier onlyServing() {
        if (_registered[msg.sender].serviceAddress == address(0)) revert CallerNotRegisteredService(msg.sender);
        _;
    }

    /// @dev Sets nothing (0G's constructor only locks its proxied logic contract); declared because 0G's
    ///      ABI lists a constructor without arguments.
    constructor() {}

    /// @notice Sets the owner. Runs once.
    function initialize(address owner) public onlyInitializeOnce {
        _transferOwnership(owner);
    }

    // ---------------------------------------------------------------------------------------------
    // Ledgers
    // ---------------------------------------------------------------------------------------------

    /// @notice Opens the caller's ledger with `msg.value` (at least 3 0G) and `additionalInfo` (at
    ///         most 4096 bytes; copied into each sub-account the ledger opens).
    /// @return The new available balance and 0.
    function addLedger(string memory additionalInfo)
        external
        payable
        withLedgerLock(msg.sender)
        returns (uint256, uint256)
    {
        if (msg.value < MIN_ACCOUNT_BALANCE) revert MinimumDepositRequired(msg.value, MIN_ACCOUNT_BALANCE);
        uint256 length = bytes(additionalInfo).length;
        if (length > MAX_ADDITIONAL_INFO_LENGTH) revert AdditionalInfoTooLong(length, MAX_ADDITIONAL_INFO_LENGTH);
        if (_ledgers[msg.sender] != 0) revert LedgerExists(msg.sender);
        _create(msg.sender, msg.value, additionalInfo);
        return (msg.value, 0);
    }

    /// @notice Replaces the caller's `additionalInfo` (at most 4096 bytes). Existing sub-accounts keep
    ///         their copy.
    function updateAdditionalInfo(string memory additionalInfo) external withLedgerLock(msg.sender) {
        uint256 length = bytes(additionalInfo).length;
        if (length > MAX_ADDITIONAL_INFO_LENGTH) revert AdditionalInfoTooLong(length, MAX_ADDITIONAL_INFO_LENGTH);
        uint256 word = _existing(msg.sender);
        _info[msg.sender] = additionalInfo;
        _ledgers[msg.sender] = length == 0 ? word & ~HAS_INFO : word | HAS_INFO;
        emit LedgerInfoUpdated(msg.sender, additionalInfo);
    }

    /// @notice Adds `msg.value` to the caller's ledger, opening it (with at least 3 0G) if needed.
    function depositFund() external payable withLedgerLock(msg.sender) {
        _deposit(msg.sender, msg.value);
    }

    /// @notice Adds `msg.value` to `recipient`'s ledger, opening it (with at least 3 0G) if needed.
    function depositFundFor(address recipient) external payable withLedgerLock(recipient) {
        if (recipient == address(0)) revert ZeroAddressNotAllowed();
        _deposit(recipient, msg.value);
    }

    /// @notice Withdraws `amount` of the caller's available balance, which must leave 0 or at least 3
    ///         0G. A ledger left with nothing at all (sub-accounts included) is deleted, with its
    ///         sub-accounts.
    function refund(uint256 amount) external withLedgerLock(msg.sender) {
        uint256 word = _existing(msg.sender);
        uint256 available = word & AVAILABLE_MASK;
        if (available < amount) revert InsufficientBalance(msg.sender);
        uint256 remaining = available - amount;
        if (remaining != 0 && remaining < MIN_ACCOUNT_BALANCE) {
            revert MinimumDepositRequired(remaining, MIN_ACCOUNT_BALANCE);
        }
        if (remaining == 0 && _lockedOf(msg.sender, word) == 0) {
            _delete(msg.sender, word);
        } else {
            _ledgers[msg.sender] = word - amount;
        }
        (bool success,) = msg.sender.call{value: amount}("");
        if (!success) revert TransferFailed();
    }

    /// @notice Moves `amount` of the caller's available balance to its sub-account with `provider` in
    ///         the service named `serviceName` (e.g. `inference-v1.0`). Opening a sub-account takes at
    ///         least 1 0G; topping one up first cancels up to `amount` of its pending refunds (those
    ///         funds are already there), and only the rest leaves the ledger.
    function transferFund(address provider, string memory serviceName, uint256 amount)
        external
        withLedgerLock(msg.sender)
    {
        uint256 word = _existing(msg.sender);
        address service = _serviceByName[serviceName];
        if (service == address(0)) revert ServiceNotFound(service);
        (bool exists, uint256 pending, uint256 providerCount) =
            IServingLedger(service).ledgerQuote(msg.sender, provider);

        uint256 transferAmount = amount;
        bytes memory payload;
        if (exists) {
            uint256 cancel = amount < pending ? amount : pending;
            transferAmount -= cancel;
            payload = abi.encodeCall(IServing.depositFund, (msg.sender, provider, cancel));
        } else {
            if (amount < MIN_TRANSFER_AMOUNT) revert MinimumDepositRequired(amount, MIN_TRANSFER_AMOUNT);
            if (providerCount >= MAX_PROVIDERS_PER_USER_PER_SERVICE) {
                revert TooManyProvidersForService(providerCount, MAX_PROVIDERS_PER_USER_PER_SERVICE);
            }
            string memory info = word & HAS_INFO == 0 ? "" : _info[msg.sender];
            payload = abi.encodeCall(IServing.addAccount, (msg.sender, provider, info));
            word += 1 << SUBS_SHIFT;
        }
        uint256 available = word & AVAILABLE_MASK;
        if (available < transferAmount) revert InsufficientAvailableBalance(available, transferAmount);
        _ledgers[msg.sender] = word - transferAmount;

        (bool success,) = service.call{value: transferAmount}(payload);
        if (!success) revert CallFailed();
    }

    /// @notice For each of up to 20 providers with a sub-account in the service `serviceName`:
    ///         collects its unlocked refunds into the available balance, then requests a refund of the
    ///         rest (unlocked after the service's `lockTime`; call again then).
    function retrieveFund(address[] memory providers, string memory serviceName) external withLedgerLock(msg.sender) {
        if (providers.length > MAX_PROVIDERS_PER_BATCH) {
            revert TooManyProviders(providers.length, MAX_PROVIDERS_PER_BATCH);
        }
        address service = _serviceByName[serviceName];
        if (service == address(0)) revert ServiceNotFound(service);
        uint256 word = _existing(msg.sender);
        uint256 total = IServingLedger(service).retrieveFunds(msg.sender, providers);
        if (total > 0) _ledgers[msg.sender] = _add(word, total);
    }

    /// @notice Deletes the caller's ledger and sub-accounts; everything must have been withdrawn.
    function deleteLedger() external nonReentrant withLedgerLock(msg.sender) {
        uint256 word = _existing(msg.sender);
        uint256 total = (word & AVAILABLE_MASK) + _lockedOf(msg.sender, word);
        if (total != 0) revert MustWithdrawAllFundsFirst(total);
        _delete(msg.sender, word);
    }

    // ---------------------------------------------------------------------------------------------
    // Services' calls
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ILedger
    /// @dev The service has already taken `amount` off the user's sub-account, so `totalBalance` (derived
    ///      from the sub-accounts) is already lower: this checks and emits `FundSpent`.
    function spendFund(address user, uint256 amount) external onlyServing withLedgerLock(user) {
        _existing(user);
        emit FundSpent(user, msg.sender, amount);
    }

    /// @inheritdoc ILedgerBatch
    function spendFunds() external onlyServing {
        bytes32 topic = FundSpent.selector;
        assembly ("memory-safe") {
            for { let p := 0x04 } lt(add(p, 0x3f), calldatasize()) { p := add(p, 0x40) } {
                mstore(0x00, calldataload(add(p, 0x20)))
                log3(0x00, 0x20, topic, shr(96, shl(96, calldataload(p))), caller())
            }
        }
    }

    /// @notice Accepts refunds from registered services; anything else reverts.
    receive() external payable {
        if (_registered[msg.sender].serviceAddress == address(0)) revert DirectDepositsDisabled();
    }

    // ---------------------------------------------------------------------------------------------
    // Service registry (owner)
    // ---------------------------------------------------------------------------------------------

    /// @notice Registers the service contract at `serviceAddress` as `"<serviceType>-<version>"`. It must
    ///         support ERC-165, `IServing` and `IServingLedger`.
    function registerService(
        string memory serviceType,
        string memory version,
        address serviceAddress,
        string memory description
    ) external onlyOwner {
        if (serviceAddress == address(0)) revert InvalidServiceAddress(serviceAddress);
        if (bytes(serviceType).length == 0) revert ServiceTypeRequired();
        if (bytes(version).length == 0) revert VersionRequired();
        if (_registered[serviceAddress].serviceAddress != address(0)) revert ServiceAlreadyRegistered(serviceAddress);
        string memory fullName = string.concat(serviceType, "-", version);
        if (_serviceByName[fullName] != address(0)) revert ServiceNameExists(fullName);
        if (
            !ERC165Checker.supportsInterface(serviceAddress, type(IERC165).interfaceId)
                || !ERC165Checker.supportsInterface(serviceAddress, type(IServing).interfaceId)
                || !ERC165Checker.supportsInterface(serviceAddress, type(IServingLedger).interfaceId)
        ) revert ServiceMustImplementIServing(serviceAddress);
        if (_serviceList.length >= MAX_SERVICES) revert ServiceRegistryLimitReached(MAX_SERVICES);

        _registered[serviceAddress] = ServiceInfo({
            serviceAddress: serviceAddress,
            serviceContract: IServing(serviceAddress),
            serviceType: serviceType,
            version: version,
            fullName: fullName,
            description: description,
            isRecommended: false,
            registeredAt: block.timestamp
        });
        _serviceByName[fullName] = serviceAddress;
        _serviceList.push(serviceAddress);
        emit ServiceRegistered(serviceAddress, fullName);
    }

    /// @notice Makes `"<serviceType>-<version>"` the recommended version of its type.
    function setRecommendedService(string memory serviceType, string memory version) external onlyOwner {
        address service = _serviceByName[string.concat(serviceType, "-", version)];
        if (service == address(0)) revert ServiceNotFound(service);
        bytes32 key = keccak256(bytes(serviceType));
        address old = _recommendedByType[key];
        if (old != address(0) && old != service) _registered[old].isRecommended = false;
        _recommendedByType[key] = service;
        _registered[service].isRecommended = true;
        emit RecommendedServiceUpdated(serviceType, version, service);
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @notice `user`'s ledger (reverts `LedgerNotExists`).
    function getLedger(address user) public view returns (Ledger memory) {
        return _toLedger(user, _existing(user));
    }

    /// @notice The ledgers `[offset, offset + limit)` (`limit` 0 means 50) and how many there are.
    function getAllLedgers(uint256 offset, uint256 limit) public view returns (Ledger[] memory ledgers, uint256 total) {
        total = _users.length;
        if (offset >= total) return (new Ledger[](0), total);
        uint256 end = offset + (limit == 0 ? 50 : limit);
        if (end > total) end = total;
        ledgers = new Ledger[](end - offset);
        for (uint256 i = offset; i < end; ++i) {
            address user = _users[i];
            ledgers[i - offset] = _toLedger(user, _ledgers[user]);
        }
    }

    /// @notice The providers `user` has a sub-account with in the service `serviceName`, oldest first.
    function getLedgerProviders(address user, string memory serviceName) public view returns (address[] memory) {
        address service = _serviceByName[serviceName];
        if (service == address(0)) revert ServiceNotFound(service);
        return IServingLedger(service).userProviders(user);
    }

    function getServiceInfo(address serviceAddress) external view returns (ServiceInfo memory) {
        return _registered[serviceAddress];
    }

    function getServiceAddressByName(string memory serviceName) external view returns (address) {
        return _serviceByName[serviceName];
    }

    function getAllActiveServices() external view returns (ServiceInfo[] memory) {
        uint256 count = _serviceList.length;
        ServiceInfo[] memory services = new ServiceInfo[](count);
        for (uint256 i; i < count; ++i) {
            services[i] = _registered[_serviceList[i]];
        }
        return services;
    }

    /// @notice The recommended version of `serviceType` and its address (reverts `NoRecommendedService`).
    function getRecommendedService(string memory serviceType)
        external
        view
        returns (string memory version, address serviceAddress)
    {
        serviceAddress = _recommendedByType[keccak256(bytes(serviceType))];
        if (serviceAddress == address(0)) revert NoRecommendedService(serviceType);
        version = _registered[serviceAddress].version;
    }

    /// @notice Every registered version of `serviceType`, in registration order.
    function getAllVersions(string memory serviceType)
        external
        view
        returns (string[] memory versions, address[] memory addresses, bool[] memory isRecommendedFlags)
    {
        bytes32 key = keccak256(bytes(serviceType));
        uint256 count = _serviceList.length;
        uint256 matches;
        for (uint256 i; i < count; ++i) {
            if (keccak256(bytes(_registered[_serviceList[i]].serviceType)) == key) ++matches;
        }
        versions = new string[](matches);
        addresses = new address[](matches);
        isRecommendedFlags = new bool[](matches);
        uint256 k;
        for (uint256 i; i < count; ++i) {
            ServiceInfo storage info = _registered[_serviceList[i]];
            if (keccak256(bytes(info.serviceType)) == key) {
                versions[k] = info.version;
                addresses[k] = info.serviceAddress;
                isRecommendedFlags[k++] = info.isRecommended;
            }
        }
    }

    function isRecommendedVersion(string memory serviceType, string memory version) external view returns (bool) {
        address service = _serviceByName[string.concat(serviceType, "-", version)];
        return service != address(0) && _registered[service].isRecommended;
    }

    // ---------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------

    function _existing(address user) private view returns (uint256 word) {
        word = _ledgers[user];
        if (word == 0) revert LedgerNotExists(user);
    }

    function _add(uint256 word, uint256 amount) private pure returns (uint256) {
        uint256 available = (word & AVAILABLE_MASK) + amount;
        if (available > AVAILABLE_MASK) revert AmountTooLarge(available);
        return (word & ~AVAILABLE_MASK) | available;
    }

    function _deposit(address user, uint256 amount) private {
        if (amount == 0) revert ZeroAmountNotAllowed();
        uint256 word = _ledgers[user];
        if (word == 0) {
            if (amount < MIN_ACCOUNT_BALANCE) revert MinimumDepositRequired(amount, MIN_ACCOUNT_BALANCE);
            _create(user, amount, "");
        } else {
            _ledgers[user] = _add(word, amount);
        }
    }

    function _create(address user, uint256 amount, string memory info) private {
        if (amount > AVAILABLE_MASK) revert AmountTooLarge(amount);
        _users.push(user);
        uint256 word = amount | (_users.length << POS_SHIFT);
        if (bytes(info).length != 0) {
            _info[user] = info;
            word |= HAS_INFO;
        }
        _ledgers[user] = word;
    }

    /// @dev Removes the ledger (swap-and-pop) and all its sub-accounts.
    function _delete(address user, uint256 word) private {
        uint256 position = (word & POS_BITS) >> POS_SHIFT;
        uint256 last = _users.length;
        if (position != last) {
            address moved = _users[last - 1];
            _users[position - 1] = moved;
            _ledgers[moved] = (_ledgers[moved] & ~POS_BITS) | (position << POS_SHIFT);
        }
        _users.pop();
        delete _ledgers[user];
        if (word & HAS_INFO != 0) delete _info[user];
        if ((word >> SUBS_SHIFT) & SUBS_MASK != 0) {
            uint256 count = _serviceList.length;
            for (uint256 i; i < count; ++i) {
                // 0G ignores a service that fails to delete; so do we.
                try IServingLedger(_serviceList[i]).deleteAccounts(user) {} catch {}
            }
        }
    }

    /// @dev What `user` holds in sub-accounts: `totalBalance - availableBalance`.
    function _lockedOf(address user, uint256 word) private view returns (uint256 locked) {
        if ((word >> SUBS_SHIFT) & SUBS_MASK == 0) return 0;
        uint256 count = _serviceList.length;
        for (uint256 i; i < count; ++i) {
            locked += IServingLedger(_serviceList[i]).lockedBalance(user);
        }
    }

    function _toLedger(address user, uint256 word) private view returns (Ledger memory) {
        uint256 available = word & AVAILABLE_MASK;
        return Ledger({
            user: user,
            availableBalance: available,
            totalBalance: available + _lockedOf(user, word),
            additionalInfo: word & HAS_INFO == 0 ? "" : _info[user]
        });
    }
}
