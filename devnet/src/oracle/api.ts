import type { Address, Hex } from "viem";
import { InftDisabledError } from "../errors.js";

/** The INFT contracts of a devnet (also in `devnet.contracts` as `agentNft`, `agentNftVerifier`, `agentAccountRegistry`). */
export type DevnetInftContracts = {
  /** The ERC-7857 `AgentNFT` (0G's agent-nft ABI plus agent accounts). */
  readonly agentNft: Address;
  /** Its `Verifier`: `teeOracleAddress()` is the oracle's address. */
  readonly verifier: Address;
  /** The `AgentAccountRegistry` that deploys each token's agent account. */
  readonly accountRegistry: Address;
};

/** How a lying oracle lies: ownership proofs signed by a key that is not the registered one, or random bytes as signatures. */
export type InftOracleLie = "wrongKey" | "garbage";

/** One request the oracle answered (or refused), as `devnet.inft.oracle.requests` lists it. */
export type InftOracleRequest = {
  /** `transfer`, `clone` (both `POST /v1/transfer`) or `access` (`POST /v1/access`). */
  readonly kind: "transfer" | "clone" | "access";
  /** Wall-clock time it arrived, Unix ms. */
  readonly receivedAt: number;
  /** The token contract and id, as sent (undefined when the body could not be read). */
  readonly agentNft: Address | undefined;
  readonly tokenId: bigint | undefined;
  /** The holder (`from`) or, for access, the user. */
  readonly from: Address | undefined;
  /** The receiver of a transfer or clone. */
  readonly to: Address | undefined;
  /** The HTTP status it was answered with. */
  readonly status: number;
  /** Why it was refused; undefined when it succeeded. */
  readonly error: { readonly code: string; readonly message: string } | undefined;
  /** For a transfer or clone that succeeded: the new envelopes' storage roots and the new operator. */
  readonly newDataHashes: readonly Hex[] | undefined;
  readonly operator: Address | undefined;
  /** The fault the oracle answered under, if any. */
  readonly lie: InftOracleLie | undefined;
};

/**
 * The devnet's re-encryption oracle (a TEE stand-in): its key is the Verifier's
 * `teeOracleAddress`, it serves `GET /v1/info`, `POST /v1/transfer` and `POST /v1/access` of
 * `@0g/inft`'s oracle protocol at `<rpc>/inft/oracle`, and it can be stopped or made to lie.
 */
export type DevnetInftOracle = {
  /** `<rpc>/inft/oracle` of the first served server; throws `DevnetNotServedError` before `serve()`. */
  readonly url: string;
  /** Its path on every served HTTP server: `/inft/oracle`. */
  readonly path: string;
  /** The TEE signing address (the Verifier's `teeOracleAddress`). */
  readonly address: Address;
  /** Its uncompressed secp256k1 public key (65 bytes): mints seal the data key to it. */
  readonly publicKey: Hex;
  /** The account that pays for the oracle's uploads to 0G Storage (funded at start). */
  readonly payer: Address;
  /** False after `stop()`: its endpoint drops connections. */
  readonly running: boolean;
  /** How it lies (`lie()`), or undefined. */
  readonly lying: InftOracleLie | undefined;
  /** Every request it answered or refused, oldest first. Not part of snapshots. */
  readonly requests: readonly InftOracleRequest[];
  /** Stops the oracle: its endpoint drops connections, as a TEE that is down. */
  stop(): void;
  /** Starts a stopped oracle. */
  start(): void;
  /**
   * Makes the oracle lie (`on` true or `"wrongKey"`: ownership proofs signed by a key that is not the
   * Verifier's oracle; `"garbage"`: random bytes as proofs), or tell the truth again (`false`). It
   * still re-encrypts and uploads; its proofs revert on chain with `InvalidOwnershipProof`.
   */
  lie(on?: boolean | InftOracleLie): void;
  /** Runs and tells the truth again. */
  clearFaults(): void;
};

/**
 * The INFT layer of a devnet: 0G's agent-nft contracts (ERC-7857) and the re-encryption oracle.
 *
 * @example
 * const devnet = await createDevnet();
 * const { endpoints } = await devnet.serve({ port: 0 });
 * const { agentNft } = devnet.inft.contracts;
 * const info = await (await fetch(`${endpoints.inftOracle}/v1/info`)).json(); // { address, publicKey, chainId, agentNfts }
 */
export type DevnetInft = {
  /** False when the devnet was created with `inft: false` (or `storage: false`); everything else then throws `InftDisabledError`. */
  readonly enabled: boolean;
  readonly contracts: DevnetInftContracts;
  readonly oracle: DevnetInftOracle;
};

/** `devnet.inft` of a devnet without the INFT layer. */
export function disabledInft(): DevnetInft {
  return {
    enabled: false,
    get contracts(): DevnetInftContracts {
      throw new InftDisabledError({ method: "contracts" });
    },
    get oracle(): DevnetInftOracle {
      throw new InftDisabledError({ method: "oracle" });
    },
  };
}
