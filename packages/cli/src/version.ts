import packageJson from "../package.json" with { type: "json" };

/** The version of @0g/cli (`0g --version`), from its package.json, inlined at build time. */
export const version: string = packageJson.version;
