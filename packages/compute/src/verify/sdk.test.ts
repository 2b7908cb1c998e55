// Compatibility with 0G's official compute SDK (@0gfoundation/0g-compute-ts-sdk 0.9.0): its
// response verification accepts signatures made by ours, ours accepts signatures made the way 0G's
// provider makes them, and both pick the same signer for a service.
import { InferenceVerifier } from "@0gfoundation/0g-compute-ts-sdk";
import { Wallet } from "ethers";
import type { Address } from "viem";
import { afterEach, describe, expect, it, vi } from "vitest";
import { responseSignerAddress } from "../service/additionalInfo.js";
import { chatSignatureUrl } from "../service/endpoints.js";
import { provider, tee, teeKey, user } from "../test/keys.js";
import { sdkResponseProcessor } from "../test/sdk.js";
import { signResponse } from "./sign.js";
import { responseSignatureText } from "./text.js";
import { verifyResponseSignature } from "./verify.js";

const request = '{"model":"qwen-2.5-7b","messages":[{"role":"user","content":"hi"}],"stream":false}';
const response = '{"id":"chatcmpl-9","choices":[{"message":{"role":"assistant","content":"hello"}}]}';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("0G SDK 0.9.0 response signatures", () => {
  it("InferenceVerifier.verifySignature accepts ours, and only for the right signer", async () => {
    const answer = await signResponse({ account: tee, request, response });
    expect(InferenceVerifier.verifySignature(answer.text, answer.signature, tee.address)).toBe(true);
    expect(InferenceVerifier.verifySignature(answer.text, answer.signature, provider.address)).toBe(false);
    expect(InferenceVerifier.verifySignature(`${answer.text}x`, answer.signature, tee.address)).toBe(false);
  });

  it("ours accepts a provider-style signature (ethers signMessage = go-ethereum accounts.TextHash, v + 27)", async () => {
    const text = responseSignatureText({ request, response });
    const signature = (await new Wallet(teeKey).signMessage(text)) as `0x${string}`;
    expect(signature).toBe((await signResponse({ account: tee, request, response })).signature);
    const answer = { text, signature, signing_address: tee.address, signing_algo: "ecdsa" };
    expect(await verifyResponseSignature({ signature: answer, signer: tee.address, request, response })).toEqual({ signer: tee.address, text });
  });

  it("processResponse and ours agree on which signer a service's responses must come from", async () => {
    const target = user; // the model's own TEE, when separated
    const cases: { additionalInfo: Record<string, unknown>; signedBy: typeof tee; valid: boolean }[] = [
      { additionalInfo: { TargetSeparated: false, TargetTeeAddress: "" }, signedBy: tee, valid: true },
      { additionalInfo: { TargetSeparated: false, TargetTeeAddress: target.address }, signedBy: target, valid: false },
      { additionalInfo: { TargetSeparated: true, TargetTeeAddress: target.address }, signedBy: target, valid: true },
      { additionalInfo: { TargetSeparated: true, TargetTeeAddress: target.address }, signedBy: tee, valid: false },
      { additionalInfo: { TargetSeparated: true, TargetTeeAddress: target.address, ProviderType: "centralized" }, signedBy: tee, valid: true },
      { additionalInfo: { TargetSeparated: true, TargetTeeAddress: target.address, ProviderType: "bogus" }, signedBy: target, valid: true },
      { additionalInfo: { TargetSeparated: "true", TargetTeeAddress: target.address }, signedBy: tee, valid: true },
      { additionalInfo: { TargetSeparated: true, TargetTeeAddress: "" }, signedBy: tee, valid: true },
      { additionalInfo: { VerifierURL: "https://verifier.example", TEEVerifier: "dstack" }, signedBy: tee, valid: true },
    ];
    for (const { additionalInfo, signedBy, valid } of cases) {
      const service = {
        provider: provider.address,
        serviceType: "chatbot",
        url: "https://provider.example",
        inputPrice: 1n,
        outputPrice: 2n,
        updatedAt: 0n,
        model: "qwen-2.5-7b",
        verifiability: "TeeML",
        additionalInfo: JSON.stringify(additionalInfo),
        teeSignerAddress: tee.address,
        teeSignerAcknowledged: true,
      };
      const answer = await signResponse({ account: signedBy, request, response });
      const fetched: string[] = [];
      vi.stubGlobal("fetch", async (url: string) => {
        fetched.push(url);
        return new Response(JSON.stringify(answer), { status: 200, headers: { "content-type": "application/json" } });
      });
      const sdkVerdict = await sdkResponseProcessor(service).processResponse(provider.address, "chat-1");
      expect(fetched).toEqual([chatSignatureUrl({ url: service.url, chatId: "chat-1", model: service.model })]);
      const signer = responseSignerAddress({ teeSignerAddress: service.teeSignerAddress as Address, additionalInfo: service.additionalInfo });
      const ours = await verifyResponseSignature({ signature: answer, signer, request, response }).then(
        () => true,
        (error: { code?: number }) => {
          expect(error.code).toBe(4022);
          return false;
        },
      );
      expect({ additionalInfo, sdk: sdkVerdict, ours }).toEqual({ additionalInfo, sdk: valid, ours: valid });
    }
  });
});
