import { resolve } from "node:path";
import type { Options } from "tsup";
import { packageBuild } from "../../tsup.base.js";

type EsbuildPlugin = NonNullable<Options["esbuildPlugins"]>[number];

/**
 * The browser build swaps every `*.node.ts` module for its `*.browser.ts` stand-in: it hashes on the
 * calling thread (merkle/parallel.node.ts uses worker_threads) and has no file system
 * (source/platform.node.ts: file paths, temporary spool files, download files) and uses the global
 * fetch for storage nodes (transfer/http.node.ts uses node:http).
 */
const browserParallel: EsbuildPlugin = {
  name: "browser-parallel",
  setup(build) {
    build.onResolve({ filter: /\/(parallel|platform|http)\.node\.js$/ }, (args) => ({
      path: resolve(args.resolveDir, args.path.replace(/\.node\.js$/, ".browser.ts")),
    }));
  },
};

export default [
  // Node: ESM + CJS + types (the merkle workers get the compiled keccak module by message: no worker file).
  packageBuild({ clean: ["!index.browser.*"] }),
  // Browsers (the `browser` export condition): ESM, no node:* imports; same types as the Node build.
  packageBuild({
    entry: { "index.browser": "src/index.ts" },
    format: ["esm"],
    platform: "browser",
    target: "es2022",
    dts: false,
    clean: false,
    esbuildPlugins: [browserParallel],
  }),
];
