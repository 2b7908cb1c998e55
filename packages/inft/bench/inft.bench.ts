import { createWalletClient, http, type Hex, type TransactionReceipt } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { defineBench, median, type BenchContext } from "../../../bench/harness.js";
// Relative, as the compute and storage benches do, so the suite needs no workspace dependency of
// @0g/inft (@0g/devnet depends on @0g/inft). Under `--conditions=@0g/source` the devnet's own
// `@0g/inft` import (its oracle) is this package's src as well.
import { createDevnet } from "../../../devnet/src/index.js";
import { inftActions, type FetchFn } from "../src/index.js";

// @0g/inft against a served devnet (EDR, cancun, one transaction per block, automine; 2 storage
// nodes and the re-encryption oracle in-process; every client over HTTP on 127.0.0.1, as a user's):
//
// 1. Latency of the client's actions with 1 KiB and 1 MiB of agent data (a `{ memory }` string of
//    that many characters; the envelope is that plus ~280 bytes), median over the rounds, each round
//    a new token:
//    - mintAgent: oracle public key (GET /v1/info, checked against the Verifier), encrypt, 0G
//      Storage upload (Flow submit + segments to the nodes), simulate + send `mint`, receipt;
//    - loadAgent by the holder: chain reads, download (every segment checked against the data
//      hash) and decrypt, agent key included;
//    - a transfer, both sides: the receiver's createAccessProof, then transferAgent: checks, the
//      oracle's POST /v1/transfer (it downloads, re-encrypts with a rotated agent key, uploads the
//      new envelope to 0G Storage and signs), the check of its proofs and of the new envelope on
//      0G Storage, simulate + send `iTransferFrom`, receipt. Split into the oracle's round trip
//      (timed through the action's own `fetch` parameter) and the rest;
//    - cloneAgent (1 KiB only; it is a transfer that mints): the same, as `iCloneFrom`.
// 2. Gas of `mint`, `iTransferFrom` and `iCloneFrom` as the client sends them, from the receipts
//    (gasUsed: 21,000 base, calldata and refunds included), beside 0G's own agent-nft figures in
//    ../shared/reference/0g-gas.md, which are the same kind of number (receipts, Hardhat 3 / EDR,
//    cancun, one tx per block, behind BeaconProxies), 1 data entry each:
//    - mint 150,090: "recipient holds tokens" (the holder minted before, as in every timed round;
//      a warm-up round first mints the contract's first token). Ours is `mint(iDatas, to, operator)`
//      (mintAgent always names the agent key's address as the account's operator) and deploys the
//      token's agent account; the description is 15 bytes, like 0G's tests' ("agent memory v1").
//    - iTransferFrom 262,767: "receiver holds tokens" (the warm-up gave the receiver one), with one
//      TransferValidityProof; each round's token is transferred for the first time (the costliest
//      case: a token moved before is cheaper). Ours includes the key rotation: the new data hash
//      and the new operator committed in the oracle's nonce are stored.
//    - iCloneFrom 355,482: 1 entry, one proof, the receiver holds tokens; ours deploys the clone's
//      agent account and stores its fresh operator.
//    The proofs are the real oracle's (a 129-byte ECIES sealed key, the receiver's 64-byte key in
//    the ownership proof, and in the access proof too: the receiver's client has an encryptionKey,
//    so createAccessProof names its public key). The target is at most 0.8x 0G's.
//    Gas does not depend on the metadata size (the token stores the 32-byte storage root, not the
//    data): the 1 MiB rounds' gas is recorded too and must equal the 1 KiB rounds' to within
//    calldata noise (zero bytes of hashes and signatures cost 4 gas, others 16).
//    contracts/test/InftGas.ts measures the contract alone (mint 108,210, iTransferFrom 191,549,
//    iCloneFrom 200,055). The client path differs by what it sends, not by the contract:
//    - mintAgent's `mint` names the operator: InftGas's "1 entry + operator" row, 114,749;
//    - the receiver's createAccessProof names its encryption key, where InftGas's access proofs
//      name none (`0x`: the oracle recovers the receiver's key from the signature and the token
//      checks its address): 64 more calldata bytes and a hash, about +1,100 gas for iTransferFrom
//      and iCloneFrom. `transferAgent({ receiver })`, which signs proofs naming no key, gets
//      InftGas's figure (about 191,540).

/** 0G's agent-nft (reference/0g-gas.md, "AgentNFT (ERC-7857) with the TEE verifier"), 1 entry. */
const zg = { mint: 150_090, transfer: 262_767, clone: 355_482 } as const;
/** The target: at most 0.8x 0G's gas. */
const gasTarget = 0.8;

const KiB = 1024;
const sizes = [
  { label: "1 KiB", bytes: KiB, rounds: 30, clone: true },
  { label: "1 MiB", bytes: 1024 * KiB, rounds: 10, clone: false },
] as const;
const description = "agent memory v1";

/** Deterministic agent data of `size` characters (made before timing: a 1 MiB string takes a while). */
function memoryOf(size: number, seed: number): string {
  let x = (seed * 2654435761) >>> 0 || 1;
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const out = new Array<string>(size);
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = alphabet[(x >>> 0) % alphabet.length]!;
  }
  return out.join("");
}

export default defineBench("inft", async (b: BenchContext) => {
  const devnet = await createDevnet({ accounts: 4, compute: false });
  try {
    const { endpoints } = await devnet.serve({ port: 0 });
    const userOf = (index: number) => {
      const key = devnet.accounts[index]!.privateKey as Hex;
      const account = privateKeyToAccount(key);
      const client = createWalletClient({ account, chain: devnet.chain, transport: http(endpoints.rpc, { retryCount: 0 }), pollingInterval: 20 }).extend(
        inftActions({ encryptionKey: key }),
      );
      return { account, address: account.address, client };
    };
    const alice = userOf(1);
    const bob = userOf(2);

    const gasOf = async (hash: Hex) => {
      const receipt: TransactionReceipt = await devnet.publicClient.getTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
      return Number(receipt.gasUsed);
    };

    // The oracle's round trip of the transfer in flight, timed through the action's `fetch` parameter.
    let oracleMs = 0;
    const timedFetch: FetchFn = async (input, init) => {
      const start = performance.now();
      const response = await fetch(input, init);
      await response.clone().arrayBuffer(); // the body as well: the round trip ends with the answer read
      if (String(input).endsWith("/v1/transfer")) oracleMs += performance.now() - start;
      return response;
    };

    /** One round: mint, load and transfer a new token of `memory` (and clone another); timings and gas. */
    const round = async (memory: string, clone: boolean) => {
      const data = { name: "Ada", model: "qwen-2.5-7b", memory };
      let start = performance.now();
      const minted = await alice.client.mintAgent({ data, description });
      const mintMs = performance.now() - start;

      start = performance.now();
      const loaded = await alice.client.loadAgent({ tokenId: minted.tokenId });
      const loadMs = performance.now() - start;
      if (loaded.data.memory !== memory || loaded.agentKey !== minted.agentKey) throw new Error("loadAgent returned other data");

      oracleMs = 0;
      start = performance.now();
      const accessProofs = await bob.client.createAccessProof({ tokenId: minted.tokenId });
      const proofMs = performance.now() - start;
      const moved = await alice.client.transferAgent({ tokenId: minted.tokenId, to: bob.address, accessProofs, fetch: timedFetch });
      const transferMs = performance.now() - start;
      const transferOracleMs = oracleMs;
      if (moved.operator === minted.operator) throw new Error("the transfer did not rotate the agent key");

      let cloned: { ms: number; gas: number } | undefined;
      if (clone) {
        // A second token of the same data, cloned for Bob (its source stays with Alice).
        const source = await alice.client.mintAgent({ data, description });
        start = performance.now();
        const proofs = await bob.client.createAccessProof({ tokenId: source.tokenId });
        const copy = await alice.client.cloneAgent({ tokenId: source.tokenId, to: bob.address, accessProofs: proofs });
        cloned = { ms: performance.now() - start, gas: await gasOf(copy.transactionHash) };
      }
      return {
        mintMs,
        loadMs,
        transferMs,
        proofMs,
        transferOracleMs,
        mintGas: await gasOf(minted.transactionHash),
        transferGas: await gasOf(moved.transactionHash),
        cloned,
      };
    };

    // Warm-up (untimed): the contract's first mint; then Alice keeps a token (the clone's source) and
    // Bob holds one (the transferred token), as in 0G's "recipient / receiver holds tokens" cases.
    await round(memoryOf(KiB, 0), true);

    const gas = new Map<string, { mint: number[]; transfer: number[]; clone: number[] }>();
    for (const size of sizes) {
      const memories = Array.from({ length: size.rounds }, (_, i) => memoryOf(size.bytes, i + 1));
      const t = { mint: [] as number[], load: [] as number[], transfer: [] as number[], proof: [] as number[], oracle: [] as number[], clone: [] as number[] };
      const g = { mint: [] as number[], transfer: [] as number[], clone: [] as number[] };
      for (const memory of memories) {
        (globalThis as { gc?: () => void }).gc?.();
        const r = await round(memory, size.clone);
        t.mint.push(r.mintMs);
        t.load.push(r.loadMs);
        t.transfer.push(r.transferMs);
        t.proof.push(r.proofMs);
        t.oracle.push(r.transferOracleMs);
        g.mint.push(r.mintGas);
        g.transfer.push(r.transferGas);
        if (r.cloned) {
          t.clone.push(r.cloned.ms);
          g.clone.push(r.cloned.gas);
        }
      }
      gas.set(size.label, g);
      b.record(`mintAgent ${size.label}: encrypt + 0G Storage upload + mint`, "ms", t.mint);
      b.record(`loadAgent ${size.label} (holder): download + verify + decrypt`, "ms", t.load);
      b.record(`transfer ${size.label}: receiver's createAccessProof + transferAgent`, "ms", t.transfer);
      b.record(`transfer ${size.label}, of which the oracle's POST /v1/transfer round trip`, "ms", t.oracle);
      b.record(
        `transfer ${size.label}, of which the rest (access proof, checks, new envelope check, iTransferFrom)`,
        "ms",
        t.transfer.map((ms, i) => ms - t.oracle[i]!),
      );
      b.record(`transfer ${size.label}, of which the receiver's createAccessProof`, "ms", t.proof);
      if (t.clone.length > 0) b.record(`clone ${size.label}: receiver's createAccessProof + cloneAgent`, "ms", t.clone);
    }

    // Gas, 1 KiB rounds, beside 0G's; then the 1 MiB rounds' (the same, as the data stays off chain).
    const compareGas = (operation: string, samples: number[], theirs: number) => {
      const ours = b.record(`${operation}, @0g/inft on the devnet`, "gas", samples);
      const reference = b.record(`${operation}, 0G agent-nft (reference/0g-gas.md)`, "gas", [theirs]);
      b.check(b.ratio(`${operation}, ours / 0G's`, ours, reference), "<=", gasTarget);
    };
    const small = gas.get("1 KiB")!;
    const large = gas.get("1 MiB")!;
    compareGas("mint, 1 entry, recipient holds tokens (agent account included)", small.mint, zg.mint);
    compareGas("iTransferFrom, 1 entry, receiver holds tokens (key rotation included)", small.transfer, zg.transfer);
    compareGas("iCloneFrom, 1 entry (agent account and fresh operator included)", small.clone, zg.clone);
    const sameGas = (operation: string, samples: number[], reference: number[]) => {
      const m = b.record(`${operation}, 1 MiB metadata (as 1 KiB: the data stays off chain)`, "gas", samples);
      // Calldata noise only: a few hundred gas at most.
      if (Math.abs(m.median - median(reference)) > 500) throw new Error(`${operation}: gas with 1 MiB metadata ${m.median} differs from 1 KiB's ${median(reference)}`);
    };
    sameGas("mint", large.mint, small.mint);
    sameGas("iTransferFrom", large.transfer, small.transfer);
  } finally {
    await devnet.stop();
  }
});
