import { defineConfig } from "vitepress";

// The site builds offline: no remote fonts, scripts or search service (local search only).
export default defineConfig({
  title: "0G Dev Kit",
  description:
    "SDKs, an in-process devnet, a Hardhat plugin and the 0g CLI for building on 0G, the AI layer 1 with storage, DA and compute networks.",
  lang: "en-US",
  cleanUrls: true,
  // Package READMEs are for npm, not pages of the site.
  srcExclude: ["**/README.md"],
  // scripts/generate-errors.ts writes reference/errors.md (generated, gitignored); every error's
  // docsPath is /errors#e<code>.
  rewrites: { "reference/errors.md": "errors.md" },
  // The docs link to the local devnet (http://127.0.0.1:8545, http://localhost:...) on purpose.
  ignoreDeadLinks: "localhostLinks",
  themeConfig: {
    nav: [
      { text: "Getting started", link: "/getting-started" },
      { text: "Devnet", link: "/devnet" },
      { text: "Storage", link: "/storage" },
      { text: "KV", link: "/kv" },
      { text: "Compute", link: "/compute" },
      { text: "INFT", link: "/inft" },
      { text: "CLI", link: "/cli" },
      { text: "Errors", link: "/errors" },
    ],
    sidebar: [
      {
        text: "Guide",
        items: [
          { text: "Getting started", link: "/getting-started" },
          { text: "Devnet", link: "/devnet" },
          { text: "Storage", link: "/storage" },
          { text: "Key-value streams (KV)", link: "/kv" },
          { text: "Compute", link: "/compute" },
          { text: "INFT (intelligent NFTs)", link: "/inft" },
          { text: "CLI", link: "/cli" },
        ],
      },
      {
        text: "Reference",
        items: [{ text: "Errors", link: "/errors" }],
      },
    ],
    outline: [2, 3],
    search: { provider: "local" },
  },
});
