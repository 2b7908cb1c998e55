import { defineConfig, type Options } from "tsup";

/**
 * The one build recipe of every published package: ESM + CJS + `.d.ts`/`.d.cts`, Node 22 target.
 * Declarations resolve workspace dependencies through their built `dist/` (not the `@0g/source`
 * condition), so a package's types never inline another package's source.
 */
export function packageBuild(options: Options = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: { compilerOptions: { customConditions: [] } },
    sourcemap: true,
    clean: true,
    target: "node22",
    splitting: false,
    // Error catalogues read class names (`describeErrors`), so bundling must not rename classes.
    keepNames: true,
    ...options,
  });
}
