// @0g/compute in a real browser: a page bundled with esbuild from this package's sources (browser
// platform and export conditions, no Node built-ins allowed) lists a served devnet's services, chats
// with a provider through the provider fetch, streamed, and verifies the answer in headless Chromium
// (Debian's, driven by playwright-core).
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLedger, transferFund } from "./index.js";
import { startDevnet, type TestDevnet } from "./test/devnet.js";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

type Esbuild = {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[]; metafile: { inputs: Record<string, unknown> } }>;
};

/** esbuild, from tsup (the repository's build tool). */
function loadEsbuild(): Esbuild {
  const root = createRequire(join(packageDir, "package.json"));
  return createRequire(root.resolve("tsup"))("esbuild") as Esbuild;
}

const page = `
import { createProviderFetch, getResponseVerification, listServices, getSubAccount } from "./src/index.ts";
import { createWalletClient, defineChain, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";

window.chat = async ({ rpcUrl, chainId, privateKey }) => {
  const chain = defineChain({ id: chainId, name: "devnet", nativeCurrency: { name: "0G", symbol: "0G", decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } });
  const client = createWalletClient({ account: privateKeyToAccount(privateKey), chain, transport: http(rpcUrl) });
  const [service] = await listServices(client);
  const chat = createProviderFetch(client, { provider: service.provider, verify: "strict" });
  const res = await chat("/chat/completions", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ model: service.model, stream: true, messages: [{ role: "user", content: "Hello from a browser" }] }),
  });
  const sse = await res.text();
  const verification = await getResponseVerification(res);
  const account = await getSubAccount(client, { provider: service.provider });
  return { provider: service.provider, events: sse.split("\\n\\n").length, done: sse.trim().endsWith("data: [DONE]"), valid: verification.valid, signer: verification.signer, acknowledged: account.acknowledged };
};
`;

let env: TestDevnet;
let server: Server | undefined;
let pageUrl = "";

describe.skipIf(!existsSync(chromiumPath))("in a browser (headless Chromium)", () => {
  beforeAll(async () => {
    const bundle = await loadEsbuild().build({
      stdin: { contents: page, resolveDir: packageDir, loader: "js" },
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      conditions: ["@0g/source", "browser"],
      target: "es2022",
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.some((p) => p.endsWith("src/actions/createProviderFetch.ts"))).toBe(true);
    expect(inputs.filter((p) => p.startsWith("node:") || /\/(fs|worker_threads|os|path|http|crypto)$/.test(p))).toEqual([]);
    const script = bundle.outputFiles[0]!.text;
    expect(script).not.toMatch(/from\s*["']node:|require\(["']node:/);
    env = await startDevnet();
    const wallet = env.wallet(5);
    await addLedger(wallet, { amount: parseEther("5") });
    await transferFund(wallet, { provider: env.devnet.compute.providers[0]!.address, amount: parseEther("3") });
    server = createServer((req, res) => {
      if (req.url === "/page.js") res.writeHead(200, { "content-type": "text/javascript" }).end(script);
      else res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><script type="module" src="/page.js"></script>');
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    pageUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
  }, 120_000);
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await env?.devnet.stop();
  });

  it("chats with a devnet provider, streamed, and verifies the TEE signature", { timeout: 120_000 }, async () => {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on("pageerror", (e) => errors.push(e.message));
      await tab.goto(pageUrl);
      await tab.waitForFunction(() => typeof (window as unknown as { chat?: unknown }).chat === "function");
      const result = await tab.evaluate(
        (args) => (window as unknown as { chat(a: typeof args): Promise<Record<string, unknown>> }).chat(args),
        { rpcUrl: env.rpcUrl, chainId: env.devnet.chainId, privateKey: env.devnet.accounts[5]!.privateKey },
      );
      expect(errors).toEqual([]);
      expect(result).toMatchObject({ provider: env.devnet.compute.providers[0]!.address, done: true, valid: true, signer: env.devnet.compute.providers[0]!.teeSigner, acknowledged: true });
      expect(result.events).toBeGreaterThan(3);
      expect(env.devnet.compute.unsettledFee(0, env.devnet.accounts[5]!.address)).toBeGreaterThan(0n);
    } finally {
      await browser.close();
    }
  });
});
