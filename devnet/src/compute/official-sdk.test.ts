import { createZGComputeNetworkBroker } from "@0gfoundation/0g-compute-ts-sdk";
import { JsonRpcProvider, Wallet } from "ethers";
import { parseEther } from "viem";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createDevnet, type Devnet, type ServedDevnet } from "../create-devnet.js";

// 0G's official compute SDK (npm @0gfoundation/0g-compute-ts-sdk@0.9.0), unmodified and unconfigured:
// it finds the contracts by chain id 31337, the services on chain, and talks to the providers' URLs.
let devnet: Devnet;
let served: ServedDevnet;

beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => {}); // "Detected hardhat (chain ID: 31337)"
  devnet = await createDevnet({ storage: false, compute: { settlement: { auto: false } } });
  served = await devnet.serve({ port: 0 });
});
afterAll(async () => {
  await devnet.stop();
  vi.restoreAllMocks();
});

type SdkSigner = Parameters<typeof createZGComputeNetworkBroker>[0];

/**
 * An SDK broker for a devnet account; `gasPrice` spares the SDK's 1 s pause before each
 * transaction. The SDK's types name ethers' CJS build; at run time both load the same ethers.
 */
async function broker(accountIndex: number, gasPrice?: number) {
  const rpc = new JsonRpcProvider(served.endpoints.rpc, undefined, { staticNetwork: true, pollingInterval: 50 });
  const wallet = new Wallet(devnet.accounts[accountIndex]!.privateKey, rpc) as unknown as SdkSigner;
  return createZGComputeNetworkBroker(wallet, undefined, undefined, undefined, gasPrice);
}

it("lists the devnet's services, funds a provider, chats and verifies the response", async () => {
  const zg = await broker(4);
  const services = await zg.inference.listService();
  expect(services.map((s) => s.url)).toEqual(devnet.compute.providers.map((p) => p.url));
  const provider = services[0]!.provider;
  const { serviceType, verifiability, teeSignerAcknowledged, teeSignerAddress } = services[0]!; // an ethers Result
  expect({ serviceType, verifiability, teeSignerAcknowledged, teeSignerAddress }).toEqual({
    serviceType: "chatbot",
    verifiability: "TeeML",
    teeSignerAcknowledged: true,
    teeSignerAddress: devnet.compute.providers[0]!.teeSigner,
  });

  await zg.ledger.addLedger(10);
  await zg.ledger.transferFund(provider, "inference", parseEther("3"));
  const ledger = await zg.ledger.getLedger();
  expect(ledger.totalBalance).toBe(parseEther("10"));

  const { endpoint, model } = await zg.inference.getServiceMetadata(provider);
  expect(endpoint).toBe(`${devnet.compute.providers[0]!.url}/v1/proxy`);
  const headers = await zg.inference.getRequestHeaders(provider);
  const res = await fetch(`${endpoint}/chat/completions`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "Hello from 0G's SDK" }] }),
  });
  expect(res.status).toBe(200);
  const completion = (await res.json()) as { id: string; usage: object; choices: { message: { content: string } }[] };
  expect(completion.choices[0]!.message.content).toMatch(/^You asked: "Hello from 0G's SDK"/);
  const chatId = res.headers.get("ZG-Res-Key") ?? completion.id;
  expect(await zg.inference.processResponse(provider, chatId, JSON.stringify(completion.usage))).toBe(true);
  expect(devnet.compute.unsettledFee(0, devnet.accounts[4]!.address)).toBeGreaterThan(0n);

  // The SDK's auto-funding reads the provider's unsettled fee with the same session token.
  const headersAgain = await zg.inference.getRequestHeaders(provider);
  expect(headersAgain.Authorization).toMatch(/^Bearer app-sk-/);

  // A lying provider: processResponse says the signature is not the TEE signer's.
  devnet.compute.lie(0);
  try {
    const lied = await fetch(`${endpoint}/chat/completions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify({ model, messages: [{ role: "user", content: "Lie to me" }] }),
    });
    const body = (await lied.json()) as { id: string; usage: object };
    expect(await zg.inference.processResponse(provider, lied.headers.get("ZG-Res-Key") ?? body.id, JSON.stringify(body.usage))).toBe(false);
  } finally {
    devnet.compute.clearFaults();
  }

  // And the provider settles what the SDK's user owes.
  const [settled] = await devnet.compute.settle({ user: devnet.accounts[4]!.address });
  expect(settled?.status).toBe("SUCCESS");
});

it("streams through the SDK's headers and verifies the stream", async () => {
  const zg = await broker(5, 2_000_000_000);
  const provider = devnet.compute.providers[1]!.address;
  await zg.ledger.addLedger(5);
  await zg.ledger.transferFund(provider, "inference", parseEther("3"));
  const { endpoint, model } = await zg.inference.getServiceMetadata(provider);
  const res = await fetch(`${endpoint}/chat/completions`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(await zg.inference.getRequestHeaders(provider)) },
    body: JSON.stringify({ model, stream: true, messages: [{ role: "user", content: "Stream it" }] }),
  });
  const sse = await res.text();
  const usage = sse
    .split("\n")
    .filter((l) => l.startsWith("data: {"))
    .map((l) => JSON.parse(l.slice(6)) as { usage?: object })
    .findLast((c) => c.usage)?.usage;
  expect(await zg.inference.processResponse(provider, res.headers.get("ZG-Res-Key")!, JSON.stringify(usage))).toBe(true);
});
