import { describe, expect, it } from "vitest";
import { ServiceAdditionalInfoError } from "../errors.js";
import { tee, user } from "../test/keys.js";
import { parseServiceAdditionalInfo, responseSignerAddress } from "./additionalInfo.js";
import { chatSignatureUrl, serviceEndpoint } from "./endpoints.js";

describe("parseServiceAdditionalInfo", () => {
  it("reads the broker's JSON", () => {
    const json = JSON.stringify({
      VerifierURL: "https://verifier.example",
      TEEVerifier: "dstack",
      TargetSeparated: true,
      TargetTeeAddress: user.address.toLowerCase(),
      ImageName: "ghcr.io/0glabs/broker",
      ImageDigest: "sha256:abc",
      ProviderType: "centralized",
      ProviderIdentity: "openai",
    });
    expect(parseServiceAdditionalInfo(json)).toEqual({
      verifierUrl: "https://verifier.example",
      teeVerifier: "dstack",
      targetSeparated: true,
      targetTeeAddress: user.address,
      imageName: "ghcr.io/0glabs/broker",
      imageDigest: "sha256:abc",
      providerType: "centralized",
      providerIdentity: "openai",
    });
  });

  it("tolerates absent, empty and mistyped fields", () => {
    const defaults = { targetSeparated: false, providerType: "decentralized" };
    expect(parseServiceAdditionalInfo("")).toEqual(defaults);
    expect(parseServiceAdditionalInfo("  ")).toEqual(defaults);
    expect(parseServiceAdditionalInfo(undefined)).toEqual(defaults);
    expect(parseServiceAdditionalInfo(null)).toEqual(defaults);
    expect(parseServiceAdditionalInfo("{}")).toEqual(defaults);
    expect(parseServiceAdditionalInfo(JSON.stringify({ TargetSeparated: "true", TargetTeeAddress: "", ProviderType: "bogus", VerifierURL: 5, ImageName: "" }))).toEqual(defaults);
    expect(parseServiceAdditionalInfo(JSON.stringify({ TargetTeeAddress: "0x12", Extra: 1 }))).toEqual(defaults);
  });

  it("neither empty nor a JSON object: ServiceAdditionalInfoError (4040)", () => {
    for (const text of ["not json", "[]", "null", "42", '"x"', tee.address]) {
      let error: unknown;
      try {
        parseServiceAdditionalInfo(text);
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(ServiceAdditionalInfoError);
      expect(error).toMatchObject({ code: 4040 });
    }
  });
});

describe("responseSignerAddress", () => {
  const teeSignerAddress = tee.address;
  it("is TargetTeeAddress only for separated, decentralized services that name one", () => {
    const signer = (info: Record<string, unknown>) => responseSignerAddress({ teeSignerAddress, additionalInfo: JSON.stringify(info) });
    expect(signer({})).toBe(tee.address);
    expect(signer({ TargetSeparated: true, TargetTeeAddress: user.address })).toBe(user.address);
    expect(signer({ TargetSeparated: false, TargetTeeAddress: user.address })).toBe(tee.address);
    expect(signer({ TargetSeparated: true, TargetTeeAddress: "" })).toBe(tee.address);
    expect(signer({ TargetSeparated: true, TargetTeeAddress: user.address, ProviderType: "centralized" })).toBe(tee.address);
    expect(responseSignerAddress({ teeSignerAddress, additionalInfo: "" })).toBe(tee.address);
    expect(responseSignerAddress({ teeSignerAddress, additionalInfo: { targetSeparated: true, providerType: "decentralized", targetTeeAddress: user.address } })).toBe(user.address);
  });
});

describe("endpoints", () => {
  it("serviceEndpoint is {url}/v1/proxy", () => {
    expect(serviceEndpoint("https://provider.example")).toBe("https://provider.example/v1/proxy");
    expect(serviceEndpoint("http://127.0.0.1:3000/")).toBe("http://127.0.0.1:3000/v1/proxy");
  });

  it("chatSignatureUrl is {url}/v1/proxy/signature/{chatId}?model={model}", () => {
    expect(chatSignatureUrl({ url: "https://p.example", chatId: "3f2a-1" })).toBe("https://p.example/v1/proxy/signature/3f2a-1");
    expect(chatSignatureUrl({ url: "https://p.example/", chatId: "chatcmpl-1", model: "qwen/qwen-2.5-7b-instruct" })).toBe(
      "https://p.example/v1/proxy/signature/chatcmpl-1?model=qwen%2Fqwen-2.5-7b-instruct",
    );
  });
});
