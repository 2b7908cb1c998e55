import { redactUrl } from "../utils/url.js";
import { BaseError } from "./base.js";

/** No network is registered under the given name or chain id. */
export class UnknownNetworkError extends BaseError {
  static override readonly code = 1201;
  static override readonly description =
    "No network is registered under that name or chain id; register it with `registerNetwork` first.";
  override name = "UnknownNetworkError";
  /** The name or chain id that was looked up. */
  readonly network: string | number;

  constructor({ network, known }: { network: string | number; known: readonly string[] }) {
    super(
      typeof network === "number" ? `No network with chain id ${network} is registered.` : `Unknown network "${network}".`,
      {
        code: UnknownNetworkError.code,
        details: `Known networks: ${known.length > 0 ? known.join(", ") : "(none)"}.`,
      },
    );
    this.network = network;
  }
}

/** The answer to `devnet_info` does not have the documented shape. */
export class InvalidDevnetInfoError extends BaseError {
  static override readonly code = 1202;
  static override readonly description =
    "The `devnet_info` answer does not have the documented DevnetInfo shape (a field is missing or malformed).";
  override name = "InvalidDevnetInfoError";
  /** Where in the info the problem is, e.g. `accounts[0].privateKey`. */
  readonly path: string;

  constructor({ path, expected, url }: { path: string; expected: string; url?: string | undefined }) {
    super("The devnet_info response is malformed.", {
      code: InvalidDevnetInfoError.code,
      details: `${path || "(root)"}: expected ${expected}.`,
      ...(url === undefined ? {} : { metaMessages: [`URL: ${redactUrl(url)}`] }),
    });
    this.path = path;
  }
}

/** The RPC server does not implement `devnet_info`, so it is not a served 0G devnet. */
export class NotADevnetError extends BaseError {
  static override readonly code = 1203;
  static override readonly description =
    "The RPC server does not know `devnet_info` (method not found): it is not a served 0G devnet.";
  override name = "NotADevnetError";
  readonly url: string;

  constructor({ url, cause }: { url: string; cause?: unknown }) {
    super("The RPC server is not a 0G devnet.", {
      code: NotADevnetError.code,
      details: "It does not implement devnet_info. Start one with `0g devnet` or `devnet.serve()`.",
      metaMessages: [`URL: ${redactUrl(url)}`],
      ...(cause === undefined ? {} : { cause }),
    });
    this.url = redactUrl(url);
  }
}
