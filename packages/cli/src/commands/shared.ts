import { flag } from "../options.js";

/** `--json`: one JSON value on stdout and nothing else there; errors as `{ "error": {...} }`. */
export const jsonOption = flag("Print the result as one line of JSON on stdout (errors too)");
