import type { Command } from "../command.js";
import { computeCommand } from "./compute.js";
import { devnetCommand } from "./devnet.js";
import { inftCommand } from "./inft.js";
import { kvCommand } from "./kv.js";
import { networkCommand } from "./network.js";
import { storageCommand } from "./storage.js";

/** Every command of `0g`, in the order `0g --help` lists them. */
export const commands: readonly Command[] = [devnetCommand, networkCommand, storageCommand, kvCommand, computeCommand, inftCommand];
