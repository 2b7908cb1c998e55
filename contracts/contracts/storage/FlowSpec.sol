// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// @dev Constants and helpers of the 0G storage flow, shared by `Flow`, `Mine` and their tests.
//      (Free functions and file-level constants rather than a library, so nothing extra is deployed
//      or exported.)

// Bytes in a sector (a flow entry, the storage SDKs' "chunk").
uint256 constant BYTES_PER_SECTOR = 256;

// Sectors in a storage segment (256 KiB): a submission that would straddle a segment boundary
// without starting on one is moved to the next segment start.
uint256 constant SECTORS_PER_SEGMENT = 1024;

// Node heights must be below this (0G's `SubmissionLibrary.MAX_DEPTH`).
uint256 constant MAX_NODE_HEIGHT = 64;

// `heights[0] - heights[last]` must be below this (0G's `SubmissionLibrary.MAX_LENGTH`).
uint256 constant MAX_NODE_SPAN = 4;

// The flow never grows beyond `2^64` sectors (4 ZiB), so the tree is at most 64 levels high.
uint256 constant MAX_FLOW_LENGTH = 1 << 64;

// `keccak256("")`: 0G's digest of an epoch without a usable context.
bytes32 constant EMPTY_HASH = 0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470;

// `zeroHash(h)` for `h = 0..64`, 32 bytes each: `zeroHash(0) = keccak256(256 zero bytes)` and
// `zeroHash(h + 1) = keccak256(abi.encode(zeroHash(h), zeroHash(h)))`.
bytes constant ZERO_HASHES =
    hex"d397b3b043d87fcd6fad1291ff0bfd16401c274896d8c63a923727f077b8e0b5"
    hex"f73e6947d7d1628b9976a6e40d7b278a8a16405e96324a68df45b12a51b7cfde"
    hex"a1520264ae93cac619e22e8718fc4fa7ebdd23f493cad602434d2a58ff4868fb"
    hex"de5747106ac1194a1fa9071dbd6cf19dc2bc7964497ef0afec7e4bdbcf08c47e"
    hex"09c7082879180d28c789c05fafe7030871c76cedbe82c948b165d6a1d66ac15b"
    hex"aa7a02bcf29fba687f84123c808b5b48834ff5395abe98e622fadc14e4180c95"
    hex"7608fd46b710b589e0f2ee5a13cd9c41d432858a30d524f84c6d5db37f66273a"
    hex"a5d9a2f7f3573ac9a1366bc484688b4daf934b87ea9b3bf2e703da8fd9f09708"
    hex"6c1779477f4c3fca26b4607398859a43b90a286ce8062500744bd4949981757f"
    hex"45c22df3d952c33d5edce122eed85e5cda3fd61939e7ad7b3e03b6927bb598ea"
    hex"e68d02859bb6211cec64f52368b77d422de3b8eac34bf615942b814b643301b5"
    hex"62d78399b954d51cb9728601738ad13ddc43b2300064660716bb661d2f4d686f"
    hex"6e250d9abdbbb3993fce08de0395cdb56f0483e67d8762a798de011f6a50866a"
    hex"1d1a3a74062fd94078617e33eb901eaf16a830f67c387d8eed342db2ac5e2cc5"
    hex"19b3b3886526917eae8650223d0be20a0301be960eb339696e673ad8a804440f"
    hex"ee9e05df53f10e62a897e5140a3f58732dd849e69cd1d62b21ed80ead711a014"
    hex"2cc7aa6e611a113a34505dc1c96b220f14909b70e2c2c7b1a74655da21013c5e"
    hex"949b52dfece7ca3bad3cb27f7750ecaee64cedb6243a275c35984e92956c530a"
    hex"b2680d060b763b932c150434c3812ba9fbc50937e0ebcf5758de884be81bab65"
    hex"523aebf4a085edbc9c8cdc99c83f46262e5f029b395ff7bf561a48a3f387e6b8"
    hex"c9ab73827ab33c0cedb7ecf0ed2e6e32583c0fe887133a7f381ea4ba84d95b76"
    hex"23eb397dec7e564ebe97f160a5e1081a77d9861f316807079b6be4731beb331e"
    hex"dfa44a274c60f090df034aaf75539fd40e94cfd6362dd53d26ed20c8ad529563"
    hex"15b13ee358e1044a53381243c094e54bf7aceb9b5325a0313d6b85fd44e8b3a5"
    hex"1a7a93871e2daa0f1860aa91d4ece4ccd012dac5fe581176a21b155cfeca6d40"
    hex"b12665fd0b884a7c7d1e0294d369170d7e672d9e125eb87784556305f98292df"
    hex"2a5543b0b2f8cf550524390291774f4d6c8c0a25ff5393b09c44d75c92a5bd8e"
    hex"f9df1841a6e7164b67a1242f1c74975137085ffd9721831f6c469d3a4d5ba42e"
    hex"ba24736b1b48246c1f7803be967be43ca0dddc9c2c0687a2957952249bc89371"
    hex"f3f706b73790c73ca0a8f0460ac3a2a102e280415586b520e70cd5e8264388b4"
    hex"c1f5a9a9f357e1c37814688cf7290c87a264ed3d6174a12b978da1c586f53825"
    hex"766f7702e19ce23d426cdad03e4292a5a42c4669420101fed74400ec7cda3ac6"
    hex"070fec213e105b3e4d9b0434ac2fc7ca721d35093dc741fb9419797003e2394a"
    hex"9a7aade05b49e43f5fd3782571cc8c90eadacd5d660b53842b4e5b63d675ae0c"
    hex"b27b35a8236d0f9b6692820429c025ed58ed378dc98d316b762f0c865c68be6f"
    hex"dc567ad38d9b90cc9bea4e0f82ec05eca10b3aa94eddc7b63c4fd20c001bb53b"
    hex"b208dfc457c8b30661ae49544c8e57399818095aab8dd7a426fb8dd56bb8c559"
    hex"c4a72e1ff84f7a22631f3f95c61c392f98f52050360215a9d7e75d79b0bcd2ca"
    hex"bb093ec8c0d7defb1de668b5b5dd4f2619e5cd92d29cc144862364a83ab993a8"
    hex"e341796f2fe3975012c1e6badfa2e9c4523e43f911dc845082c3f4d7b4ff871d"
    hex"42d356a11a0b39243eca3c3263299cb6f8c3e9728af6d9d8b0ddb6d354f1890d"
    hex"0ce506e834e3a50a33f80074bc7fa16cf3c0712b36a41b69699177ea25de6c30"
    hex"d8fa5bf130aeb7756b1ed09090cc80ed78dae0617978540f0fabd06dfb978938"
    hex"eed69a20fe36eb604f2153efa3b01c0e143cdf02229a1b8f741c9c2719059eb0"
    hex"303c9c566ebf5bfe252796e5c131a99801226152a514688b5ca6883e99031d88"
    hex"c7c3765ba96cfbccf3ae718393fa89791070cc8cd85f280b6ac46aea10d96042"
    hex"1ca65b0a2b8034ee6bfb1fa4526832304e393af835c2c42b4dace58048746800"
    hex"957add5e02350fd47de3a8e1da38fd774ceb31214d5897ed6315740a83cd634a"
    hex"787892cb439d5d358870774e163557cf02ec3cb87be6fde11abf1acee14eeaa4"
    hex"047c0962d4f5c8f60692c587de07739528c4d2059240d61dd34d2a547a438ee6"
    hex"c18727efc9e4df63020dcd90edc17dfd2ad14f02328c912b13898e0b53735556"
    hex"e38b9218987e451effe1648c3c9851ad03b64b052a5a3f5ca30f4d7b1ecf7120"
    hex"0e48ecb1a5418e6218289acc8cf723e67ac6eae3ecb80f644336ab4365a2f2b2"
    hex"d60e66f5b8cd08d71a1a4d7798952a7afa5a6e93a886c587a46a5500ebef4a60"
    hex"5162aa9c31d9105f689cf6e71e19548bc9f0218b7d0f99ff7fa8bc2f19c68462"
    hex"6fa8519b4b0e8fb97a9b618e97627d97b9b9d29d04521fd96472e9c502700568"
    hex"41f5dcf0cdee270a2ad9a5f8130aaaab94b237463e09757c28b0321f09e24eb0"
    hex"87a119239fa90732197108adfd029938b4743874d959d3da79b3a30f4832899e"
    hex"8e96dbaa5c72e84a5297b040ccc1a60750a3201166e3b7740d352837233608a1"
    hex"01605058d167ce967af8c475d2f6c341c3e0b437babf899c9da73a520aa4ecb5"
    hex"04529eb80532c5118949d700d8dfd2aa86850b1c6479b26276b9486784a145ff"
    hex"d191814ad13f27361ae20a46cbac8f6e76c10ebe9af0806d6720492ee2f296f0"
    hex"a28df63f78821060570da371c0be1312188346b92a7965cc4b980b26c134a4d7"
    hex"b48a92d40b61dc995ceecee4cded6415050dcece448b1e0b5e5b6a0e6981f3ef"
    hex"03895ed2674debc896e8327df953a37bcb9be869fa5a324128e41b269f43c495";

/// The root of a subtree of `2^height` empty (all-zero) sectors, `height <= 64`.
function zeroHash(uint256 height) pure returns (bytes32 value) {
    require(height <= MAX_NODE_HEIGHT);
    bytes memory table = ZERO_HASHES;
    assembly ("memory-safe") {
        value := mload(add(add(table, 0x20), shl(5, height)))
    }
}

/// A flow tree inner node: `keccak256(abi.encode(left, right))`.
function hashPair(bytes32 left, bytes32 right) pure returns (bytes32 value) {
    assembly ("memory-safe") {
        mstore(0x00, left)
        mstore(0x20, right)
        value := keccak256(0x00, 0x40)
    }
}

/// `floor(log2(x))` for `x > 0` (0 for `x = 0`).
function log2(uint256 x) pure returns (uint256 r) {
    assembly ("memory-safe") {
        r := shl(7, lt(0xffffffffffffffffffffffffffffffff, x))
        r := or(r, shl(6, lt(0xffffffffffffffff, shr(r, x))))
        r := or(r, shl(5, lt(0xffffffff, shr(r, x))))
        r := or(r, shl(4, lt(0xffff, shr(r, x))))
        r := or(r, shl(3, lt(0xff, shr(r, x))))
        r := or(r, shl(2, lt(0xf, shr(r, x))))
        r := or(r, shl(1, lt(0x3, shr(r, x))))
        r := or(r, lt(0x1, shr(r, x)))
    }
}

/// The number of trailing zero bits of `x > 0` (0 for `x = 0`).
function trailingZeros(uint256 x) pure returns (uint256) {
    unchecked {
        return log2(x & (~x + 1));
    }
}

/// The height of the flow tree over `length` sectors: the smallest `k` with `2^k >= length`.
function treeHeight(uint256 length) pure returns (uint256 k) {
    if (length <= 1) return 0;
    unchecked {
        return log2(length - 1) + 1;
    }
}
