/**
 * Error code ranges. A code is never reused or renumbered once released; a new failure gets the next
 * free number in its package's range.
 *
 * | range       | owner                                      |
 * | ----------- | ------------------------------------------ |
 * | 1000-1099   | @0g/core: general                          |
 * | 1100-1199   | @0g/core: HTTP and JSON-RPC transport      |
 * | 1200-1299   | @0g/core: chains and the network registry  |
 * | 2000-2999   | @0g/storage (2500-2999: KV)                |
 * | 3000-3999   | @0g/da                                     |
 * | 4000-4999   | @0g/compute                                |
 * | 5000-5999   | @0g/inft                                   |
 * | 6000-6999   | @0g/staking                                |
 * | 7000-7999   | @0g/devnet                                 |
 * | 8000-8999   | @0g/cli                                    |
 * | 9000-9999   | @0g/hardhat-plugin                         |
 * | 10000-10999 | examples/ (not published)                  |
 */
export const errorCodeRanges = {
  core: [1000, 1299],
  storage: [2000, 2999],
  da: [3000, 3999],
  compute: [4000, 4999],
  inft: [5000, 5999],
  staking: [6000, 6999],
  devnet: [7000, 7999],
  cli: [8000, 8999],
  hardhatPlugin: [9000, 9999],
  examples: [10000, 10999],
} as const satisfies Record<string, readonly [number, number]>;
