// One cold start, in a fresh process: from importing the built @0g/devnet to a devnet that is
// ready with every system contract deployed. Prints the milliseconds on stdout.
const start = performance.now();
const { createDevnet } = await import("@0g/devnet");
const devnet = await createDevnet();
const ready = performance.now() - start;
await devnet.stop();
process.stdout.write(`${ready}\n`);
