// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {ERC721Utils} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Utils.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {AgentAccountRegistry} from "./AgentAccountRegistry.sol";
import {
    Genesis,
    encodeGenesis,
    genesisSize,
    predictAccount,
    readGenesis,
    readGenesisOwner
} from "./AgentGenesis.sol";
import {IERC7857} from "./interfaces/IERC7857.sol";
import {IERC7857Authorize} from "./interfaces/IERC7857Authorize.sol";
import {IERC7857Cloneable} from "./interfaces/IERC7857Cloneable.sol";
import {
    IERC7857DataVerifier, TransferValidityProof, TransferValidityProofOutput
} from "./interfaces/IERC7857DataVerifier.sol";
import {IERC7857Metadata, IntelligentData} from "./interfaces/IERC7857Metadata.sol";

/// @title Intelligent NFTs (ERC-7857) whose agents own an on-chain account
/// @notice Wire-compatible with 0G's agent-nft `AgentNFT` (after "Better 7857"): the same functions,
///         structs, events and errors (`iTransferFrom`, `iCloneFrom`, `intelligentDatasOf`,
///         `authorizeUsage`, `delegateAccess`, `PublishedSealedKey`, ...) and the same proof messages,
///         checked by a `Verifier`.
///
///         **Intelligent data.** A token carries `IntelligentData{dataDescription, dataHash}` entries: the
///         hash identifies the agent's encrypted data (kept off chain, e.g. on 0G Storage), whose key only
///         the holder (and the oracle) can unseal. A token with data moves only with `iTransferFrom`,
///         which carries one `TransferValidityProof` per entry; a plain ERC-721 transfer of it is refused
///         (`PlainTransferOfIntelligentData`). Tokens without data behave as plain ERC-721 tokens.
///
///         **Agent accounts and operators.** Every token has an agent account (`accountOf`), deployed
///         when the token is minted or cloned at an address fixed by (chain id, this contract, token
///         id). It executes calls and signs only for the token's current holder and its current
///         *agent operator*: the address of the agent key kept inside the encrypted data. Transfers and
///         clones rotate the operator: the oracle generates a new agent key inside the re-encrypted
///         data and commits its address, with the new data hash, in the ownership proof. How, within
///         0G's `TransferValidityProof` ABI: the ownership proof's `nonce`, which the oracle signs, is
///
///             accessNonce (32 bytes: issuedAt | salt) | newDataHash (32 bytes) | newOperator (20 bytes) [| more]
///
///         (the `Verifier` requires it to start with the access proof's nonce). Each entry's proof
///         commits that entry's new data hash and the same new operator (zero: the agent has no key).
///         The token stores the new data hashes and the new operator, so the previous key can no longer
///         act through the account and the old ciphertext no longer matches the token. The `dataHash`
///         fields of both proofs stay 0G's: the hash the token holds before the transfer. A plain
///         transfer of a token without data clears the operator.
///
///         **Authorized users** (`authorizeUsage`, at most 100 per token, cleared on every transfer) may
///         use the agent off chain: the oracle and the SDK check `authorizedUsersOf`. They do not control
///         the account.
/// @dev Deployed plainly (or placed with `setCode`: no immutables), then its `AgentAccountRegistry`
///      (constructed with this contract's address), then set up once with `initialize`. A token's
///      immutable facts (first holder, creator, first operator, minted data) live in its account's code
///      (`AgentGenesis.sol`), which costs far less than storage; later changes are stored here and take
///      precedence.
contract AgentNFT is IERC7857Cloneable, IERC7857Authorize, IERC721Errors {
    using Strings for uint256;

    /// @notice 0G's version string.
    string public constant VERSION = "1.0.0";
    /// @notice At most this many authorized users per token (0G's limit).
    uint256 public constant MAX_AUTHORIZED_USERS = 100;

    /// @dev `TokenState.flags`: the current data hashes are in `_hashes` (not the genesis).
    uint8 private constant F_HASHES = 1;
    /// @dev The current descriptions and count are in `_descriptions` / `TokenState.count`.
    uint8 private constant F_DATA = 2;
    /// @dev The current operator is in `_operators`.
    uint8 private constant F_OPERATOR = 4;
    /// @dev The creator is in `_creators`.
    uint8 private constant F_CREATOR = 8;
    uint8 private constant F_GENESIS_FIELDS = F_DATA | F_OPERATOR | F_CREATOR;

    /// @dev One slot, read by every mint and clone.
    struct Config {
        AgentAccountRegistry registry;
        uint64 nextTokenId;
        bool paused;
        bool hasMintFee;
    }

    /// @dev One slot per token. All zero until the token is first transferred or changed: the holder is
    ///      then the genesis' first holder.
    struct TokenState {
        address owner;
        /// @dev Ownership changes: approvals are only valid for the count they were given at.
        uint32 transfers;
        /// @dev The current set of authorized users (a transfer starts a new, empty one).
        uint32 authEpoch;
        /// @dev The number of entries, with F_DATA.
        uint16 count;
        uint8 flags;
    }

    /// @dev One slot per address: its token count and its delegated access assistant.
    struct Holder {
        uint96 balance;
        address delegate;
    }

    struct TokenApproval {
        address approved;
        uint32 transfers;
    }

    struct AuthorizedUsers {
        address[] users;
        /// @dev 1-based index into `users` (0: not authorized).
        mapping(address user => uint256) position;
    }

    Config private _config;
    IERC7857DataVerifier private _verifier;
    address private _admin;
    uint256 private _mintFee;
    string private _name;
    string private _symbol;
    string private _storageInfo;
    string private _baseURI;

    mapping(uint256 tokenId => TokenState) private _tokens;
    mapping(address holder => Holder) private _holders;
    mapping(uint256 tokenId => TokenApproval) private _approvals;
    mapping(address holder => mapping(address operator => bool)) private _operatorApprovals;
    mapping(uint256 tokenId => address) private _operators;
    mapping(uint256 tokenId => address) private _creators;
    mapping(uint256 tokenId => mapping(uint256 index => bytes32)) private _hashes;
    mapping(uint256 tokenId => mapping(uint256 index => string)) private _descriptions;
    mapping(uint256 tokenId => mapping(uint256 epoch => AuthorizedUsers)) private _authorized;
    mapping(uint256 tokenId => string) private _tokenURIs;

    /// @notice `initialize` ran (`version` is always 1).
    event Initialized(uint64 version);
    /// @notice The admin changed (0G's event).
    event AdminChanged(address indexed _oldAdmin, address indexed _newAdmin);
    /// @notice The creator of `tokenId` was set by the admin (0G's event).
    event CreatorSet(uint256 indexed tokenId, address indexed creator);
    /// @notice The base URI changed (0G's event).
    event BaseURIUpdated(string oldBaseURI, string newBaseURI);
    /// @notice The holder set a URI for `tokenId` (0G's event).
    event TokenURIUpdated(uint256 indexed tokenId, string newURI);
    /// @notice The verifier changed (0G's event).
    event VerifierUpdated(address indexed oldVerifier, address indexed newVerifier);
    /// @notice The mint fee changed (0G's event).
    event MintFeeUpdated(uint256 oldFee, uint256 newFee);
    /// @notice The holder removed every authorized user of `tokenId` (0G's event).
    event AuthorizedUsersCleared(address indexed owner, uint256 indexed tokenId);
    /// @notice Minting and updates were paused by `account`.
    event Paused(address account);
    /// @notice Minting and updates were resumed by `account`.
    event Unpaused(address account);
    /// @notice The agent operator of `tokenId` (the agent key's address that may use its account) is now
    ///         `operator` (zero: none): at mint or clone, at every `iTransferFrom` (the rotated key), when
    ///         the holder sets it, or when a plain transfer clears it.
    event AgentOperatorUpdated(uint256 indexed tokenId, address indexed operator);

    /// @notice `initialize` already ran.
    error AlreadyInitialized();
    /// @notice Only the admin may do this.
    error NotAdmin(address caller);
    /// @notice An address argument was zero.
    error ZeroAddress();
    /// @notice `registry` is not an AgentAccountRegistry deployed for this contract.
    error InvalidAccountRegistry(address registry);
    /// @notice Minting and updates are paused.
    error EnforcedPause();
    /// @notice A mint or update without intelligent data.
    error EmptyIntelligentData();
    /// @notice More intelligent data entries than a token can hold (65,535).
    error TooManyIntelligentData();
    /// @notice `batchAuthorizeUsage` without users.
    error EmptyUsers();
    /// @notice `paid` is less than the mint fee.
    error InsufficientMintFee(uint256 paid, uint256 fee);
    /// @notice Returning the excess payment failed.
    error RefundFailed();
    /// @notice There are no fees to withdraw, or sending them failed.
    error WithdrawFailed();
    /// @notice `tokenId` has intelligent data: it moves only with `iTransferFrom` and proofs.
    error PlainTransferOfIntelligentData(uint256 tokenId);
    /// @notice Proof `index`: its ownership nonce does not carry the 84-byte rotation commitment.
    error InvalidRotationCommitment(uint256 index);
    /// @notice Proof `index` commits a different new operator than proof 0.
    error OperatorMismatch(uint256 index);
    /// @notice The proofs keep the current operator `operator`: a transfer or clone must rotate the key.
    error OperatorNotRotated(address operator);

    modifier onlyAdmin() {
        if (msg.sender != _admin) revert NotAdmin(msg.sender);
        _;
    }

    modifier whenNotPaused() {
        if (_config.paused) revert EnforcedPause();
        _;
    }

    /// @notice Sets the collection up: 0G's `initialize` plus the agent account registry, which must have
    ///         been deployed for this contract (`new AgentAccountRegistry(address(agentNft))`).
    /// @param name_ the ERC-721 name
    /// @param symbol_ the ERC-721 symbol
    /// @param storageInfo_ where the encrypted data lives, 0G's JSON `{"chainURL": ..., "indexerURL": ...}`
    /// @param verifierAddr the proof verifier
    /// @param admin_ the admin (mint fee, verifier, base URI, pause, creators, fee withdrawal)
    /// @param accountRegistry_ the registry that deploys this collection's agent accounts
    function initialize(
        string calldata name_,
        string calldata symbol_,
        string calldata storageInfo_,
        address verifierAddr,
        address admin_,
        address accountRegistry_
    ) external {
        if (_admin != address(0)) revert AlreadyInitialized();
        if (verifierAddr == address(0) || admin_ == address(0)) revert ZeroAddress();
        if (accountRegistry_.code.length == 0 || AgentAccountRegistry(accountRegistry_).nft() != address(this)) {
            revert InvalidAccountRegistry(accountRegistry_);
        }
        _name = name_;
        _symbol = symbol_;
        _storageInfo = storageInfo_;
        _verifier = IERC7857DataVerifier(verifierAddr);
        _admin = admin_;
        _config.registry = AgentAccountRegistry(accountRegistry_);
        emit AdminChanged(address(0), admin_);
        emit VerifierUpdated(address(0), verifierAddr);
        emit Initialized(1);
    }

    // ---------------------------------------------------------------------------------------------
    // Minting
    // ---------------------------------------------------------------------------------------------

    /// @notice Mints a token with `iDatas` for `to`, paying the mint fee (the excess is refunded). The
    ///         sender is its creator; it has no agent operator until one is set or a transfer rotates one
    ///         in. Deploys the token's agent account.
    function mint(IntelligentData[] calldata iDatas, address to) external payable returns (uint256 tokenId) {
        if (iDatas.length == 0) revert EmptyIntelligentData();
        return _mint(to, address(0), iDatas);
    }

    /// @notice `mint`, with `operator` (the address of the agent key inside the encrypted data) as the
    ///         token's first agent operator.
    function mint(IntelligentData[] calldata iDatas, address to, address operator)
        external
        payable
        returns (uint256 tokenId)
    {
        if (iDatas.length == 0) revert EmptyIntelligentData();
        return _mint(to, operator, iDatas);
    }

    /// @notice Mints a token without intelligent data (a plain ERC-721 token, 0G's `mint(address)`).
    function mint(address to) external payable returns (uint256 tokenId) {
        return _mint(to, address(0), new IntelligentData[](0));
    }

    /// @notice Mints a token without intelligent data, with its own token URI (0G's `mint(address,string)`).
    function mint(address to, string calldata uri) external payable returns (uint256 tokenId) {
        tokenId = _mint(to, address(0), new IntelligentData[](0));
        if (bytes(uri).length > 0) _tokenURIs[tokenId] = uri;
    }

    // ---------------------------------------------------------------------------------------------
    // ERC-7857 transfers and clones
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IERC7857
    /// @dev The sender must be the holder or approved. Each proof's access proof must be signed by `_to`
    ///      or its delegate and name `_to`'s key; the new data hashes and operator come from the
    ///      ownership nonces (see the contract notes). Emits `Transfer`, `Updated` (the new data hashes),
    ///      `AgentOperatorUpdated` and `PublishedSealedKey`; clears approvals and authorized users.
    function iTransferFrom(address from, address to, uint256 tokenId, TransferValidityProof[] calldata proofs)
        external
    {
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        (TokenState memory t, Genesis memory g, address owner) = _load(tokenId, F_DATA | F_OPERATOR);
        if (owner == address(0)) revert ERC721NonexistentToken(tokenId);
        if (owner != from) revert ERC721InvalidSender(from);
        _checkAuthorized(owner, msg.sender, tokenId, t.transfers);
        if (proofs.length == 0) revert ERC7857EmptyProof();

        IntelligentData[] memory oldDatas = _datas(tokenId, t, g);
        (bytes[] memory sealedKeys, IntelligentData[] memory newDatas, address newOperator) =
            _verify(to, oldDatas, proofs);
        if (newOperator != address(0) && newOperator == _operator(tokenId, t, g)) {
            revert OperatorNotRotated(newOperator);
        }

        t.owner = to;
        t.transfers++;
        t.authEpoch++;
        t.flags |= F_HASHES | F_OPERATOR;
        _storeState(tokenId, t);
        mapping(uint256 => bytes32) storage hashes = _hashes[tokenId];
        for (uint256 i = 0; i < newDatas.length; i++) {
            hashes[i] = newDatas[i].dataHash;
        }
        _operators[tokenId] = newOperator;
        _holders[from].balance--;
        _holders[to].balance++;

        emit Transfer(from, to, tokenId);
        emit Updated(tokenId, oldDatas, newDatas);
        emit AgentOperatorUpdated(tokenId, newOperator);
        emit PublishedSealedKey(to, tokenId, sealedKeys);
        ERC721Utils.checkOnERC721Received(msg.sender, from, to, tokenId, "");
    }

    /// @inheritdoc IERC7857Cloneable
    /// @dev The sender must be the holder or approved. The clone has `_tokenId`'s descriptions, the new
    ///      data hashes and a fresh operator from the ownership nonces, the source's creator, and its own
    ///      agent account. Emits `Transfer`, `Updated`, `Cloned` and `PublishedSealedKey`.
    function iCloneFrom(address from, address to, uint256 tokenId, TransferValidityProof[] calldata proofs)
        external
        returns (uint256)
    {
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        (TokenState memory t, Genesis memory g, address owner) = _load(tokenId, F_GENESIS_FIELDS);
        if (owner == address(0)) revert ERC721NonexistentToken(tokenId);
        if (owner != from) revert ERC721InvalidSender(from);
        _checkAuthorized(owner, msg.sender, tokenId, t.transfers);
        if (proofs.length == 0) revert ERC7857EmptyProof();

        (bytes[] memory sealedKeys, IntelligentData[] memory newDatas, address newOperator) =
            _verify(to, _datas(tokenId, t, g), proofs);
        if (newOperator != address(0) && newOperator == _operator(tokenId, t, g)) {
            revert OperatorNotRotated(newOperator);
        }

        uint256 newTokenId = _nextTokenId();
        _create(_config.registry, newTokenId, to, _creator(tokenId, t, g), newOperator, newDatas);
        emit Cloned(tokenId, newTokenId, from, to);
        emit PublishedSealedKey(to, newTokenId, sealedKeys);
        ERC721Utils.checkOnERC721Received(msg.sender, address(0), to, newTokenId, "");
        return newTokenId;
    }

    /// @inheritdoc IERC7857
    function delegateAccess(address assistant) external {
        _holders[msg.sender].delegate = assistant;
        emit DelegateAccess(msg.sender, assistant);
    }

    /// @inheritdoc IERC7857
    function getDelegateAccess(address user) external view returns (address) {
        return _holders[user].delegate;
    }

    /// @inheritdoc IERC7857
    function verifier() external view returns (IERC7857DataVerifier) {
        return _verifier;
    }

    /// @inheritdoc IERC7857Metadata
    function intelligentDatasOf(uint256 tokenId) external view returns (IntelligentData[] memory) {
        (TokenState memory t, Genesis memory g, address owner) = _load(tokenId, F_DATA);
        if (owner == address(0)) revert ERC721NonexistentToken(tokenId);
        return _datas(tokenId, t, g);
    }

    /// @notice Replaces the intelligent data of `tokenId` (holder only, not while paused; 0G's `update`).
    ///         The operator stays: set a new one with `setAgentOperator` if the agent key changed.
    function update(uint256 tokenId, IntelligentData[] calldata newDatas) external whenNotPaused {
        (TokenState memory t, Genesis memory g, address owner) = _load(tokenId, F_DATA);
        if (owner != msg.sender) revert ERC721IncorrectOwner(msg.sender, tokenId, owner);
        if (newDatas.length == 0) revert EmptyIntelligentData();
        IntelligentData[] memory oldDatas = _datas(tokenId, t, g);
        _storeDatas(tokenId, t, newDatas);
        emit Updated(tokenId, oldDatas, newDatas);
    }

    // ---------------------------------------------------------------------------------------------
    // Authorized users
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IERC7857Authorize
    function authorizeUsage(uint256 tokenId, address to) external {
        if (to == address(0)) revert ERC7857InvalidAuthorizedUser(address(0));
        (TokenState memory t,, address owner) = _load(tokenId, 0);
        if (owner != msg.sender) revert ERC721IncorrectOwner(msg.sender, tokenId, owner);
        _authorize(tokenId, t.authEpoch, to);
    }

    /// @notice Authorizes every user in `users` to use `tokenId` (holder only; 0G's function).
    function batchAuthorizeUsage(uint256 tokenId, address[] calldata users) external {
        if (users.length == 0) revert EmptyUsers();
        (TokenState memory t,, address owner) = _load(tokenId, 0);
        if (owner != msg.sender) revert ERC721IncorrectOwner(msg.sender, tokenId, owner);
        for (uint256 i = 0; i < users.length; i++) {
            if (users[i] == address(0)) revert ERC7857InvalidAuthorizedUser(address(0));
            _authorize(tokenId, t.authEpoch, users[i]);
        }
    }

    /// @inheritdoc IERC7857Authorize
    function revokeAuthorization(uint256 tokenId, address user) external {
        (TokenState memory t,, address owner) = _load(tokenId, 0);
        if (owner != msg.sender) revert ERC721InvalidSender(msg.sender);
        if (user == address(0)) revert ERC7857InvalidAuthorizedUser(address(0));
        AuthorizedUsers storage set = _authorized[tokenId][t.authEpoch];
        uint256 position = set.position[user];
        if (position == 0) revert ERC7857NotAuthorized();
        uint256 last = set.users.length;
        if (position != last) {
            address moved = set.users[last - 1];
            set.users[position - 1] = moved;
            set.position[moved] = position;
        }
        set.users.pop();
        delete set.position[user];
        emit AuthorizationRevoked(msg.sender, user, tokenId);
    }

    /// @notice Removes every authorized user of `tokenId` (holder only; 0G's function).
    function clearAuthorizedUsers(uint256 tokenId) external {
        (TokenState memory t,, address owner) = _load(tokenId, 0);
        if (owner != msg.sender) revert ERC721IncorrectOwner(msg.sender, tokenId, owner);
        t.authEpoch++;
        _storeState(tokenId, t);
        emit AuthorizedUsersCleared(msg.sender, tokenId);
    }

    /// @inheritdoc IERC7857Authorize
    function authorizedUsersOf(uint256 tokenId) external view returns (address[] memory) {
        (TokenState memory t,, address owner) = _load(tokenId, 0);
        if (owner == address(0)) revert ERC721NonexistentToken(tokenId);
        return _authorized[tokenId][t.authEpoch].users;
    }

    // ---------------------------------------------------------------------------------------------
    // Agent accounts and operators
    // ---------------------------------------------------------------------------------------------

    /// @notice The agent account of `tokenId` (deployed when the token was minted or cloned).
    function accountOf(uint256 tokenId) external view returns (address) {
        return _accountOf(tokenId);
    }

    /// @notice The registry that deploys the agent accounts.
    function accountRegistry() external view returns (address) {
        return address(_config.registry);
    }

    /// @notice The agent operator of `tokenId`: the address of the agent key inside its encrypted data,
    ///         which may use the agent account besides the holder (zero: none).
    function agentOperatorOf(uint256 tokenId) external view returns (address) {
        (TokenState memory t, Genesis memory g, address owner) = _load(tokenId, F_OPERATOR);
        if (owner == address(0)) revert ERC721NonexistentToken(tokenId);
        return _operator(tokenId, t, g);
    }

    /// @notice The holder and the agent operator of `tokenId`: who its account acts for.
    function agentControllersOf(uint256 tokenId) external view returns (address holder, address operator) {
        (TokenState memory t, Genesis memory g, address owner) = _load(tokenId, F_OPERATOR);
        if (owner == address(0)) revert ERC721NonexistentToken(tokenId);
        return (owner, _operator(tokenId, t, g));
    }

    /// @notice Sets the agent operator of `tokenId` (holder only), e.g. after rotating the agent key
    ///         with `update`. Zero removes it.
    function setAgentOperator(uint256 tokenId, address operator) external {
        (TokenState memory t,, address owner) = _load(tokenId, 0);
        if (owner != msg.sender) revert ERC721IncorrectOwner(msg.sender, tokenId, owner);
        if ((t.flags & F_OPERATOR) == 0) {
            t.flags |= F_OPERATOR;
            _storeState(tokenId, t);
        }
        _operators[tokenId] = operator;
        emit AgentOperatorUpdated(tokenId, operator);
    }

    // ---------------------------------------------------------------------------------------------
    // ERC-721
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IERC721
    function balanceOf(address owner) external view returns (uint256) {
        if (owner == address(0)) revert ERC721InvalidOwner(address(0));
        return _holders[owner].balance;
    }

    /// @inheritdoc IERC721
    function ownerOf(uint256 tokenId) external view returns (address) {
        return _requireOwned(tokenId);
    }

    /// @inheritdoc IERC721
    function approve(address to, uint256 tokenId) external {
        (TokenState memory t,, address owner) = _load(tokenId, 0);
        if (owner == address(0)) revert ERC721NonexistentToken(tokenId);
        if (msg.sender != owner && !_operatorApprovals[owner][msg.sender]) revert ERC721InvalidApprover(msg.sender);
        _approvals[tokenId] = TokenApproval(to, t.transfers);
        emit Approval(owner, to, tokenId);
    }

    /// @inheritdoc IERC721
    function getApproved(uint256 tokenId) external view returns (address) {
        (TokenState memory t,, address owner) = _load(tokenId, 0);
        if (owner == address(0)) revert ERC721NonexistentToken(tokenId);
        TokenApproval memory approval = _approvals[tokenId];
        return approval.transfers == t.transfers ? approval.approved : address(0);
    }

    /// @inheritdoc IERC721
    function setApprovalForAll(address operator, bool approved) external {
        if (operator == address(0)) revert ERC721InvalidOperator(address(0));
        _operatorApprovals[msg.sender][operator] = approved;
        emit ApprovalForAll(msg.sender, operator, approved);
    }

    /// @inheritdoc IERC721
    function isApprovedForAll(address owner, address operator) external view returns (bool) {
        return _operatorApprovals[owner][operator];
    }

    /// @inheritdoc IERC721
    /// @dev Only for tokens without intelligent data (else `PlainTransferOfIntelligentData`); clears the
    ///      agent operator.
    function transferFrom(address from, address to, uint256 tokenId) public {
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        (TokenState memory t, Genesis memory g, address owner) = _load(tokenId, F_DATA | F_OPERATOR);
        if (owner == address(0)) revert ERC721NonexistentToken(tokenId);
        _checkAuthorized(owner, msg.sender, tokenId, t.transfers);
        if (owner != from) revert ERC721IncorrectOwner(from, tokenId, owner);
        if ((t.flags & F_DATA != 0 ? t.count : g.datas.length) != 0) revert PlainTransferOfIntelligentData(tokenId);
        address oldOperator = _operator(tokenId, t, g);

        t.owner = to;
        t.transfers++;
        t.authEpoch++;
        t.flags |= F_OPERATOR;
        _storeState(tokenId, t);
        _holders[from].balance--;
        _holders[to].balance++;
        emit Transfer(from, to, tokenId);
        if (oldOperator != address(0)) {
            delete _operators[tokenId];
            emit AgentOperatorUpdated(tokenId, address(0));
        }
    }

    /// @inheritdoc IERC721
    function safeTransferFrom(address from, address to, uint256 tokenId) external {
        transferFrom(from, to, tokenId);
        ERC721Utils.checkOnERC721Received(msg.sender, from, to, tokenId, "");
    }

    /// @inheritdoc IERC721
    function safeTransferFrom(address from, address to, uint256 tokenId, bytes calldata data) external {
        transferFrom(from, to, tokenId);
        ERC721Utils.checkOnERC721Received(msg.sender, from, to, tokenId, data);
    }

    /// @inheritdoc IERC721Metadata
    function name() external view returns (string memory) {
        return _name;
    }

    /// @inheritdoc IERC721Metadata
    function symbol() external view returns (string memory) {
        return _symbol;
    }

    /// @inheritdoc IERC721Metadata
    /// @dev As 0G: the token's own URI, else base URI + token id, else its first data description.
    function tokenURI(uint256 tokenId) external view returns (string memory) {
        (TokenState memory t, Genesis memory g, address owner) = _load(tokenId, F_DATA);
        if (owner == address(0)) revert ERC721NonexistentToken(tokenId);
        string memory uri = _tokenURIs[tokenId];
        if (bytes(uri).length > 0) return uri;
        if (bytes(_baseURI).length > 0) return string.concat(_baseURI, tokenId.toString());
        IntelligentData[] memory datas = _datas(tokenId, t, g);
        return datas.length > 0 ? datas[0].dataDescription : "";
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC165).interfaceId || interfaceId == type(IERC721).interfaceId
            || interfaceId == type(IERC721Metadata).interfaceId || interfaceId == type(IERC7857).interfaceId
            || interfaceId == type(IERC7857Metadata).interfaceId || interfaceId == type(IERC7857Cloneable).interfaceId
            || interfaceId == type(IERC7857Authorize).interfaceId;
    }

    // ---------------------------------------------------------------------------------------------
    // Metadata, creators, fees
    // ---------------------------------------------------------------------------------------------

    /// @notice Where the encrypted data lives: 0G's JSON `{"chainURL": ..., "indexerURL": ...}`.
    function storageInfo() external view returns (string memory) {
        return _storageInfo;
    }

    /// @notice Who created `tokenId`: its minter, the source's creator for a clone, or whom the admin
    ///         set (zero for a token that does not exist).
    function creatorOf(uint256 tokenId) external view returns (address) {
        (TokenState memory t, Genesis memory g,) = _load(tokenId, F_CREATOR);
        return _creator(tokenId, t, g);
    }

    /// @notice Sets the URI of `tokenId` (holder only; 0G's function).
    function setTokenURI(uint256 tokenId, string calldata newURI) external {
        address owner = _ownerOf(tokenId);
        if (owner != msg.sender) revert ERC721IncorrectOwner(msg.sender, tokenId, owner);
        _tokenURIs[tokenId] = newURI;
        emit TokenURIUpdated(tokenId, newURI);
    }

    /// @notice The mint fee, in wei (0G's getter).
    function getMintFee() external view returns (uint256) {
        return _mintFee;
    }

    /// @notice The admin (0G's getter).
    function admin() external view returns (address) {
        return _admin;
    }

    /// @notice Whether minting and updates are paused.
    function paused() external view returns (bool) {
        return _config.paused;
    }

    // ---------------------------------------------------------------------------------------------
    // Admin
    // ---------------------------------------------------------------------------------------------

    /// @notice Hands the admin role to `newAdmin` (0G's function).
    function setAdmin(address newAdmin) external onlyAdmin {
        if (newAdmin == address(0)) revert ZeroAddress();
        emit AdminChanged(_admin, newAdmin);
        _admin = newAdmin;
    }

    /// @notice Sets the proof verifier (0G's function).
    function updateVerifier(address newVerifier) external onlyAdmin {
        if (newVerifier == address(0)) revert ZeroAddress();
        emit VerifierUpdated(address(_verifier), newVerifier);
        _verifier = IERC7857DataVerifier(newVerifier);
    }

    /// @notice Sets the mint fee (0G's function).
    function setMintFee(uint256 newMintFee) external onlyAdmin {
        emit MintFeeUpdated(_mintFee, newMintFee);
        _mintFee = newMintFee;
        _config.hasMintFee = newMintFee != 0;
    }

    /// @notice Sends the collected mint fees to the admin (0G's function).
    function withdrawFees() external onlyAdmin {
        uint256 balance = address(this).balance;
        if (balance == 0) revert WithdrawFailed();
        (bool success,) = payable(_admin).call{value: balance}("");
        if (!success) revert WithdrawFailed();
    }

    /// @notice Sets the base URI (0G's function).
    function setBaseURI(string calldata newBaseURI) external onlyAdmin {
        emit BaseURIUpdated(_baseURI, newBaseURI);
        _baseURI = newBaseURI;
    }

    /// @notice Sets the creator of `tokenId` (0G's function).
    function setCreator(uint256 tokenId, address creator) external onlyAdmin {
        (TokenState memory t,, address owner) = _load(tokenId, 0);
        if (owner == address(0)) revert ERC721NonexistentToken(tokenId);
        if ((t.flags & F_CREATOR) == 0) {
            t.flags |= F_CREATOR;
            _storeState(tokenId, t);
        }
        _creators[tokenId] = creator;
        emit CreatorSet(tokenId, creator);
    }

    /// @notice Pauses minting and updates.
    function pause() external onlyAdmin {
        _config.paused = true;
        emit Paused(msg.sender);
    }

    /// @notice Resumes minting and updates.
    function unpause() external onlyAdmin {
        _config.paused = false;
        emit Unpaused(msg.sender);
    }

    // ---------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------

    function _mint(address to, address operator, IntelligentData[] memory datas) private returns (uint256 tokenId) {
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        Config memory config = _config;
        if (config.paused) revert EnforcedPause();
        uint256 fee = config.hasMintFee ? _mintFee : 0;
        if (msg.value < fee) revert InsufficientMintFee(msg.value, fee);
        tokenId = config.nextTokenId;
        _config.nextTokenId = uint64(tokenId + 1);
        _create(config.registry, tokenId, to, msg.sender, operator, datas);
        ERC721Utils.checkOnERC721Received(msg.sender, address(0), to, tokenId, "");
        if (msg.value > fee) {
            (bool success,) = payable(msg.sender).call{value: msg.value - fee}("");
            if (!success) revert RefundFailed();
        }
    }

    /// @dev Takes the next token id.
    function _nextTokenId() private returns (uint256 tokenId) {
        tokenId = _config.nextTokenId;
        _config.nextTokenId = uint64(tokenId + 1);
    }

    /// @dev Creates `tokenId` for `to`: its balance, its account (with the genesis), its events.
    function _create(
        AgentAccountRegistry registry,
        uint256 tokenId,
        address to,
        address creator,
        address operator,
        IntelligentData[] memory datas
    ) private {
        _holders[to].balance++;
        uint256 size = genesisSize(creator != to, operator != address(0), datas);
        IntelligentData[] memory genesisDatas = datas;
        if (size == type(uint256).max) {
            // Too large for the account's code: the data goes to storage instead.
            genesisDatas = new IntelligentData[](0);
            size = genesisSize(creator != to, operator != address(0), genesisDatas);
            TokenState memory t;
            _storeDatas(tokenId, t, datas);
        }
        registry.createAccount(tokenId, encodeGenesis(size, tokenId, to, creator, operator, genesisDatas));
        emit Transfer(address(0), to, tokenId);
        if (datas.length > 0) emit Updated(tokenId, new IntelligentData[](0), datas);
        if (operator != address(0)) emit AgentOperatorUpdated(tokenId, operator);
    }

    /// @dev Stores `datas` as the current data of `tokenId` (`t` is its state).
    function _storeDatas(uint256 tokenId, TokenState memory t, IntelligentData[] memory datas) private {
        if (datas.length > type(uint16).max) revert TooManyIntelligentData();
        mapping(uint256 => string) storage descriptions = _descriptions[tokenId];
        mapping(uint256 => bytes32) storage hashes = _hashes[tokenId];
        for (uint256 i = 0; i < datas.length; i++) {
            descriptions[i] = datas[i].dataDescription;
            hashes[i] = datas[i].dataHash;
        }
        t.count = uint16(datas.length);
        t.flags |= F_DATA | F_HASHES;
        _storeState(tokenId, t);
    }

    /// @dev Verifies the proofs for moving `oldDatas` to `to` and checks the verifier's outputs against
    ///      the token and the receiver; returns the sealed keys, the new data (old descriptions, committed
    ///      new hashes) and the committed new operator.
    function _verify(address to, IntelligentData[] memory oldDatas, TransferValidityProof[] calldata proofs)
        private
        returns (bytes[] memory sealedKeys, IntelligentData[] memory newDatas, address newOperator)
    {
        if (proofs.length != oldDatas.length) revert ERC7857ProofCountMismatch();
        TransferValidityProofOutput[] memory outputs = _verifier.verifyTransferValidity(proofs);
        if (outputs.length != oldDatas.length) revert ERC7857ProofCountMismatch();
        sealedKeys = new bytes[](outputs.length);
        newDatas = new IntelligentData[](outputs.length);
        for (uint256 i = 0; i < outputs.length; i++) {
            bytes32 newDataHash;
            (newDataHash, newOperator) = _checkOutput(outputs[i], i, oldDatas[i].dataHash, to, newOperator);
            newDatas[i] = IntelligentData(oldDatas[i].dataDescription, newDataHash);
            sealedKeys[i] = outputs[i].sealedKey;
        }
    }

    /// @dev Checks output `index` against the token (its data hash `dataHash`) and the receiver `to` (the
    ///      access proof's signer, the target key) and returns its rotation commitment, whose operator must
    ///      be `previousOperator` (proof 0's) unless it is proof 0.
    function _checkOutput(
        TransferValidityProofOutput memory output,
        uint256 index,
        bytes32 dataHash,
        address to,
        address previousOperator
    ) private view returns (bytes32 newDataHash, address operator) {
        if (output.dataHash != dataHash) revert ERC7857DataHashMismatch();
        address assistant = output.accessAssistant;
        if (assistant == address(0) || (assistant != to && assistant != _holders[to].delegate)) {
            revert ERC7857AccessAssistantMismatch();
        }
        if (output.wantedKey.length == 0) {
            // The receiver's own Ethereum key: a 64-byte uncompressed secp256k1 key whose address is `to`.
            if (output.targetPubkey.length != 64 || address(uint160(uint256(keccak256(output.targetPubkey)))) != to) {
                revert ERC7857WantedReceiverMismatch();
            }
        } else if (keccak256(output.targetPubkey) != keccak256(output.wantedKey)) {
            revert ERC7857TargetPubkeyMismatch();
        }
        (newDataHash, operator) = _rotation(output.ownershipProofNonce, index);
        if (index != 0 && operator != previousOperator) revert OperatorMismatch(index);
    }

    /// @dev The rotation commitment of an ownership nonce: bytes [32, 64) the new data hash, [64, 84) the
    ///      new operator.
    function _rotation(bytes memory nonce, uint256 index) private pure returns (bytes32 newDataHash, address operator) {
        if (nonce.length < 84) revert InvalidRotationCommitment(index);
        assembly ("memory-safe") {
            newDataHash := mload(add(nonce, 0x40))
            operator := shr(96, mload(add(nonce, 0x60)))
        }
    }

    /// @dev Reverts unless `spender` is `owner`, approved for all of `owner`'s tokens, or approved for `tokenId`.
    function _checkAuthorized(address owner, address spender, uint256 tokenId, uint32 transfers) private view {
        if (spender == owner || _operatorApprovals[owner][spender]) return;
        TokenApproval memory approval = _approvals[tokenId];
        if (approval.approved != spender || approval.transfers != transfers) {
            revert ERC721InsufficientApproval(spender, tokenId);
        }
    }

    function _authorize(uint256 tokenId, uint32 epoch, address user) private {
        AuthorizedUsers storage set = _authorized[tokenId][epoch];
        uint256 length = set.users.length;
        if (length >= MAX_AUTHORIZED_USERS) revert ERC7857TooManyAuthorizedUsers();
        if (set.position[user] != 0) revert ERC7857AlreadyAuthorized();
        set.users.push(user);
        set.position[user] = length + 1;
        emit Authorization(msg.sender, user, tokenId);
    }

    /// @dev The state of `tokenId`, its genesis if any of the `need`ed fields (F_DATA, F_OPERATOR,
    ///      F_CREATOR) is not in storage, and its holder (zero: no such token).
    function _load(uint256 tokenId, uint8 need)
        private
        view
        returns (TokenState memory t, Genesis memory g, address owner)
    {
        t = _tokens[tokenId];
        owner = t.owner;
        if ((need & ~t.flags) != 0) {
            g = readGenesis(_accountOf(tokenId));
            if (owner == address(0)) owner = g.firstOwner;
        } else if (owner == address(0)) {
            owner = readGenesisOwner(_accountOf(tokenId));
        }
    }

    /// @dev Writes `t` to `_tokens[tokenId]` with one SSTORE (Solidity would write it field by field).
    function _storeState(uint256 tokenId, TokenState memory t) private {
        uint256 word = uint256(uint160(t.owner)) | (uint256(t.transfers) << 160) | (uint256(t.authEpoch) << 192)
            | (uint256(t.count) << 224) | (uint256(t.flags) << 240);
        assembly ("memory-safe") {
            mstore(0x00, tokenId)
            mstore(0x20, _tokens.slot)
            sstore(keccak256(0x00, 0x40), word)
        }
    }

    function _ownerOf(uint256 tokenId) private view returns (address owner) {
        owner = _tokens[tokenId].owner;
        if (owner == address(0)) owner = readGenesisOwner(_accountOf(tokenId));
    }

    function _requireOwned(uint256 tokenId) private view returns (address owner) {
        owner = _ownerOf(tokenId);
        if (owner == address(0)) revert ERC721NonexistentToken(tokenId);
    }

    function _accountOf(uint256 tokenId) private view returns (address) {
        return predictAccount(address(_config.registry), block.chainid, tokenId);
    }

    /// @dev The current data (`g` must be loaded unless F_DATA).
    function _datas(uint256 tokenId, TokenState memory t, Genesis memory g)
        private
        view
        returns (IntelligentData[] memory datas)
    {
        if ((t.flags & F_DATA) != 0) {
            datas = new IntelligentData[](t.count);
            for (uint256 i = 0; i < datas.length; i++) {
                datas[i] = IntelligentData(_descriptions[tokenId][i], _hashes[tokenId][i]);
            }
            return datas;
        }
        datas = g.datas;
        if ((t.flags & F_HASHES) != 0) {
            mapping(uint256 => bytes32) storage hashes = _hashes[tokenId];
            for (uint256 i = 0; i < datas.length; i++) {
                datas[i].dataHash = hashes[i];
            }
        }
    }

    /// @dev The current operator (`g` must be loaded unless F_OPERATOR).
    function _operator(uint256 tokenId, TokenState memory t, Genesis memory g) private view returns (address) {
        return (t.flags & F_OPERATOR) != 0 ? _operators[tokenId] : g.operator;
    }

    /// @dev The creator (`g` must be loaded unless F_CREATOR).
    function _creator(uint256 tokenId, TokenState memory t, Genesis memory g) private view returns (address) {
        return (t.flags & F_CREATOR) != 0 ? _creators[tokenId] : g.creator;
    }
}
