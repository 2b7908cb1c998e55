import { packageBuild } from "../../tsup.base.js";

export default [
  // The library (`@0g/cli`): ESM + CJS + types. Its clean keeps the bin, which the second build writes
  // at the same time.
  packageBuild({ clean: ["!cli.js", "!cli.js.map"] }),
  // The `0g` executable: ESM only, with a shebang (tsup then marks the file executable).
  packageBuild({
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    dts: false,
    clean: false,
    banner: { js: "#!/usr/bin/env node" },
  }),
];
