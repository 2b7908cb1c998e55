// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {Flow} from "./Flow.sol";
import {Submission, SubmissionNode} from "./IFlow.sol";
import {Market} from "./Market.sol";
import {Mine} from "./Mine.sol";
import {Reward} from "./Reward.sol";

/// An independent flow tree for the tests: the placed nodes in a list, the root recomputed top-down
/// from scratch each time (no frontier), zero subtrees hashed on the fly. Placement follows 0G's rules
/// (align to the first node; move to the next 1024-sector segment if the file would straddle one).
contract FlowTreeReference {
    struct Node {
        uint256 start;
        uint256 height;
        bytes32 root;
    }

    Node[] internal _nodes;
    uint256 public length = 1;

    function place(uint256[] memory heights, bytes32[] memory roots) external returns (uint256 start) {
        uint256 size;
        for (uint256 i; i < heights.length; ++i) size += 2 ** heights[i];
        uint256 align = 2 ** heights[0];
        start = ((length + align - 1) / align) * align;
        if (start % 1024 != 0 && start / 1024 != (start + size - 1) / 1024) start = (start / 1024 + 1) * 1024;
        uint256 position = start;
        for (uint256 i; i < heights.length; ++i) {
            _nodes.push(Node(position, heights[i], roots[i]));
            position += 2 ** heights[i];
        }
        length = position;
    }

    function height() public view returns (uint256 k) {
        while (2 ** k < length) ++k;
    }

    function zero(uint256 level) public pure returns (bytes32 z) {
        z = keccak256(new bytes(256));
        for (uint256 i; i < level; ++i) z = keccak256(abi.encodePacked(z, z));
    }

    function subtree(uint256 level, uint256 index) public view returns (bytes32) {
        uint256 start = index * 2 ** level;
        uint256 end = start + 2 ** level;
        if (start >= length) return zero(level);
        if (level == 0 && index == 0) return bytes32(0); // the reserved sector
        // The first node (in position order) that ends after `start`, by binary search.
        uint256 lo;
        uint256 hi = _nodes.length;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (_nodes[mid].start + 2 ** _nodes[mid].height <= start) lo = mid + 1;
            else hi = mid;
        }
        bool touched = start == 0;
        if (lo < _nodes.length) {
            Node memory node = _nodes[lo];
            if (node.start == start && node.height == level) return node.root;
            if (node.start < end) touched = true;
            require(!(node.start <= start && node.height > level), "no data below a node");
        }
        if (!touched) return zero(level);
        return keccak256(abi.encodePacked(subtree(level - 1, 2 * index), subtree(level - 1, 2 * index + 1)));
    }

    function root() external view returns (bytes32) {
        return subtree(height(), 0);
    }

    /// The PoRA proof of `position` (the leaf must be a height-0 node or a gap).
    function proof(uint256 position) external view returns (bytes32[] memory siblings) {
        uint256 k = height();
        siblings = new bytes32[](k);
        for (uint256 level; level < k; ++level) siblings[level] = subtree(level, (position >> level) ^ 1);
    }
}

/// A Reward stand-in that takes the fee and nothing else.
contract FeeSink {
    uint256 public received;

    function fillReward() external payable {
        received += msg.value;
    }
}

/// The EIP-2935 history contract's interface: returns a fixed hash for any block.
contract FakeHistory {
    fallback(bytes calldata input) external returns (bytes memory) {
        return abi.encode(keccak256(abi.encode("history", abi.decode(input, (uint256)))));
    }
}

abstract contract StorageTestBase is Test {
    uint256 internal constant PRICE = 1000;
    uint256 internal constant LIFETIME = 3200;

    Market internal market;
    Reward internal reward;
    Flow internal flow;
    Mine internal mine;

    address internal alice = makeAddr("alice");

    /// Deploys Market, Reward, Flow and Mine wired to each other (the Mine's address predicted).
    function _deploy(uint256 price, uint256 blocksPerEpoch, uint256 firstBlock, uint256 targetSubmissions, uint256 difficulty)
        internal
    {
        address predictedMine = vm.computeCreateAddress(address(this), vm.getNonce(address(this)) + 3);
        market = new Market(address(this), price);
        reward = new Reward(predictedMine, LIFETIME);
        flow = new Flow(payable(address(market)), address(reward), blocksPerEpoch, firstBlock);
        mine = new Mine(address(this), address(flow), address(reward), targetSubmissions, 1 ether, difficulty);
        assertEq(address(mine), predictedMine);
    }

    function _one(uint256 h) internal pure returns (uint256[] memory heights) {
        heights = new uint256[](1);
        heights[0] = h;
    }

    function _two(uint256 h0, uint256 h1) internal pure returns (uint256[] memory heights) {
        heights = new uint256[](2);
        heights[0] = h0;
        heights[1] = h1;
    }

    function _roots(uint256 n, uint256 salt) internal pure returns (bytes32[] memory roots) {
        roots = new bytes32[](n);
        for (uint256 i; i < n; ++i) roots[i] = keccak256(abi.encode("root", salt, i));
    }

    function _sectors(uint256[] memory heights) internal pure returns (uint256 size) {
        for (uint256 i; i < heights.length; ++i) size += 1 << heights[i];
    }

    /// A submission of the given nodes with the tightest valid byte length (all sectors full).
    function _submission(uint256[] memory heights, bytes32[] memory roots) internal view returns (Submission memory s) {
        s.submitter = alice;
        s.data.length = _sectors(heights) * 256;
        s.data.nodes = new SubmissionNode[](heights.length);
        for (uint256 i; i < heights.length; ++i) s.data.nodes[i] = SubmissionNode(roots[i], heights[i]);
    }

    function _submit(Submission memory s) internal returns (uint256 index, bytes32 digest, uint256 start, uint256 length) {
        uint256 fee = _sectorsOf(s) * market.pricePerSector();
        vm.deal(alice, alice.balance + fee);
        vm.prank(alice);
        return flow.submit{value: fee}(s);
    }

    function _sectorsOf(Submission memory s) internal pure returns (uint256 size) {
        for (uint256 i; i < s.data.nodes.length; ++i) size += 1 << s.data.nodes[i].height;
    }
}
