// 0G's official compute SDK (npm @0gfoundation/0g-compute-ts-sdk@0.9.0) wired to in-memory stubs,
// so its token and verification code runs without a chain.
import { InferenceRequestProcessor, InferenceResponseProcessor } from "@0gfoundation/0g-compute-ts-sdk";
import { Wallet } from "ethers";

export type SdkAccount = { generation: bigint; revokedBitmap: bigint; acknowledged?: boolean };

/** A minimal stand-in for the SDK's `Cache` (its `getItem` / `setItem`). */
export function memoryCache() {
  const items = new Map<string, unknown>();
  return {
    getItem: async (key: string) => items.get(key) ?? null,
    setItem: async (key: string, value: unknown) => void items.set(key, value),
    items,
  };
}

/** An SDK request processor (the class behind `broker.inference.getRequestHeaders`) for `privateKey`. */
export function sdkRequestProcessor(privateKey: string, account: SdkAccount) {
  const wallet = new Wallet(privateKey);
  const contract = {
    signer: wallet,
    getUserAddress: () => wallet.address,
    getAccount: async () => ({ acknowledged: true, ...account }),
  };
  const processor = new InferenceRequestProcessor(contract as never, {} as never, memoryCache() as never, {} as never);
  // generateSessionToken / getHeader / createApiKey live on the SDK's base class.
  return processor as unknown as {
    generateSessionToken(provider: string, options?: { mode?: "ephemeral" | "persistent"; duration?: number; tokenId?: number }): Promise<{
      token: Record<string, unknown>;
      signature: string;
      rawMessage: string;
    }>;
    getHeader(provider: string): Promise<{ Authorization: string }>;
    createApiKey(provider: string, options?: { expiresIn?: number; tokenId?: number }): Promise<{ tokenId: number; createdAt: number; expiresAt: number; rawToken: string }>;
  };
}

/** An SDK response processor (`broker.inference.processResponse`) that sees `service`. */
export function sdkResponseProcessor(service: Record<string, unknown>) {
  const contract = { getService: async () => service, getUserAddress: () => "0x0000000000000000000000000000000000000000" };
  const processor = new InferenceResponseProcessor(contract as never, {} as never, {} as never, memoryCache() as never);
  return processor as unknown as { processResponse(provider: string, chatID?: string, content?: string): Promise<boolean | null> };
}
