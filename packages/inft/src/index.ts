// This package's API lands with its capability; until then it exports nothing (see README.md).
export {};
