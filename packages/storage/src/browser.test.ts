// The browser build in a real browser: a page bundled with esbuild from `@0g/storage` under the
// `browser` export condition (dist/index.browser.js, with no Node built-ins) uploads to and downloads
// from a served devnet in headless Chromium (Debian's, driven by playwright-core).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type TestDevnet } from "./test/devnet.js";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const browserEntry = join(packageDir, "dist", "index.browser.js");

type Esbuild = {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[]; metafile: { inputs: Record<string, unknown> } }>;
};

/** esbuild, from tsup (the repository's build tool). */
function loadEsbuild(): Esbuild {
  const root = createRequire(join(packageDir, "package.json"));
  return createRequire(root.resolve("tsup"))("esbuild") as Esbuild;
}

/** Newest modification time under a directory. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds the package when its browser bundle is missing or older than its sources. */
function ensureBuilt(): void {
  if (existsSync(browserEntry) && statSync(browserEntry).mtimeMs >= newest(join(packageDir, "src"))) return;
  const tsup = join(dirname(createRequire(join(packageDir, "package.json")).resolve("tsup/package.json")), "dist", "cli-default.js");
  execFileSync(process.execPath, [tsup], { cwd: packageDir, stdio: "ignore" });
}

const page = `
import { download, fileRoot, upload } from "@0g/storage";
import { createWalletClient, defineChain, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";

function random(size) {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(size, i + 65536)));
  return out;
}
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

window.roundTrip = async ({ rpcUrl, chainId, privateKey, recipientKey, recipientPublicKey }) => {
  const chain = defineChain({ id: chainId, name: "devnet", nativeCurrency: { name: "0G", symbol: "0G", decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } });
  const client = createWalletClient({ account: privateKeyToAccount(privateKey), chain, transport: http(rpcUrl) });
  // Bytes in, bytes out.
  const data = random(700000);
  const uploaded = await upload(client, { data });
  const { data: back } = await download(client, { root: uploaded.root });
  // A stream (spooled into a Blob) encrypted to a public key, back as a decrypted Blob.
  const secret = random(300001);
  const stream = new ReadableStream({ start(c) { for (let i = 0; i < secret.length; i += 50000) c.enqueue(secret.slice(i, i + 50000)); c.close(); } });
  const sealed = await upload(client, { data: stream, encryption: { type: "ecies", publicKey: recipientPublicKey } });
  const { data: blob } = await download(client, { root: sealed.root, to: "blob", decryption: { type: "ecies", privateKey: recipientKey } });
  const opened = new Uint8Array(await blob.arrayBuffer());
  let pathError = "";
  try { await upload(client, { data: "/etc/passwd" }); } catch (e) { pathError = e.name; }
  return {
    root: uploaded.root,
    rootMatches: uploaded.root === (await fileRoot(data)),
    status: uploaded.status,
    bytesEqual: equal(back, data),
    blobEqual: equal(opened, secret),
    pathError,
  };
};
`;

let env: TestDevnet;
let server: Server | undefined;
let pageUrl = "";

describe.skipIf(!existsSync(chromiumPath))("in a browser (headless Chromium)", () => {
  beforeAll(async () => {
    ensureBuilt();
    const esbuild = loadEsbuild();
    const bundle = await esbuild.build({
      stdin: { contents: page, resolveDir: packageDir, loader: "js" },
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      conditions: ["browser"],
      target: "es2022",
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.some((p) => p.endsWith("dist/index.browser.js"))).toBe(true);
    expect(inputs.filter((p) => p.startsWith("node:") || /\/(fs|worker_threads|os|path)$/.test(p))).toEqual([]);
    const script = bundle.outputFiles[0]!.text;
    env = await startDevnet();
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

  it("uploads with a private-key account and downloads byte-exact (bytes, stream + ECIES, Blob)", { timeout: 120_000 }, async () => {
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
      await tab.waitForFunction(() => typeof (window as unknown as { roundTrip?: unknown }).roundTrip === "function");
      const recipient = env.wallet(3).account;
      const result = await tab.evaluate(
        (args) => (window as unknown as { roundTrip(a: typeof args): Promise<Record<string, unknown>> }).roundTrip(args),
        {
          rpcUrl: env.rpcUrl,
          chainId: env.devnet.chainId,
          privateKey: env.devnet.accounts[1]!.privateKey,
          recipientKey: env.devnet.accounts[3]!.privateKey,
          recipientPublicKey: recipient.publicKey,
        },
      );
      expect(errors).toEqual([]);
      expect(result).toMatchObject({ rootMatches: true, status: "uploaded", bytesEqual: true, blobEqual: true, pathError: "UnsupportedSourceError" });
      // The nodes got it from the browser: finalized on the devnet.
      const info = await env.devnet.storage.request(0, { method: "zgs_getFileInfo", params: [result.root as `0x${string}`, true] });
      expect(info?.finalized).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it("the browser bundle has no Node built-ins", () => {
    const text = readFileSync(browserEntry, "utf8");
    expect(text).not.toMatch(/from\s*["']node:|require\(["']node:|["'](fs|fs\/promises|worker_threads|os|path)["']/);
  });
});
