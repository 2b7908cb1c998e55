// The browser build's stand-in for http.node.ts: storage node clients use the global fetch.
import type { RpcFetchFn } from "@0g/core";

export const storageFetch: RpcFetchFn | undefined = undefined;
