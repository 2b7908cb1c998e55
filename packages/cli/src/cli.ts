// The `0g` executable (dist/cli.js). Everything it does is in `run`, which tests call in-process.
import { run } from "./run.js";

// `0g network | head -1`: a reader that goes away is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const code = await run(process.argv.slice(2));
process.exitCode = code;
// Let pending output drain and handles close; if something still holds the event loop after that,
// do not hang: exit with the command's code.
setTimeout(() => process.exit(code), 2000).unref();
