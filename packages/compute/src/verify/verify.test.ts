import { BaseError, InvalidParameterError } from "@0g/core";
import { describe, expect, it } from "vitest";
import {
  InvalidResponseSignatureError,
  ResponseSignatureFormatError,
  ResponseSignerMismatchError,
  ResponseTextMismatchError,
} from "../errors.js";
import { provider, tee } from "../test/keys.js";
import { bodySha256 } from "../utils/body.js";
import { parseResponseSignature } from "./parse.js";
import { signResponse, signResponseText } from "./sign.js";
import { responseSignatureText } from "./text.js";
import { verifyResponseSignature } from "./verify.js";

const request = '{"model":"m","messages":[{"role":"user","content":"hi ☃"}]}';
const response = '{"id":"chatcmpl-1","choices":[{"message":{"role":"assistant","content":"hello"}}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}';
const stream = 'data: {"id":"chatcmpl-2","choices":[{"delta":{"content":"he"}}]}\n\ndata: {"id":"chatcmpl-2","choices":[{"delta":{"content":"llo"}}]}\n\ndata: [DONE]\n\n';

describe("responseSignatureText", () => {
  it("is lowercase hex sha256 of the raw request and response bytes, joined by ':'", () => {
    expect(bodySha256("{}")).toBe("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    expect(bodySha256("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(responseSignatureText({ request: "{}", response: "" })).toBe(
      "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    // Strings are their UTF-8 bytes.
    expect(bodySha256(request)).toBe(bodySha256(new TextEncoder().encode(request)));
  });
});

describe("signResponse / verifyResponseSignature", () => {
  it("signs like the broker (EIP-191 of text, v 27/28) and verifies against the TEE signer", async () => {
    const answer = await signResponse({ account: tee, request, response });
    expect(answer).toEqual({
      text: responseSignatureText({ request, response }),
      signature: await tee.signMessage({ message: answer.text }),
      signing_address: tee.address,
      signing_algo: "ecdsa",
    });
    expect(answer.signature).toMatch(/^0x[0-9a-f]{128}(1b|1c)$/);
    expect(await verifyResponseSignature({ signature: answer, signer: tee.address })).toEqual({ signer: tee.address, text: answer.text });
    expect(await verifyResponseSignature({ signature: answer, signer: tee.address, request, response })).toMatchObject({ signer: tee.address });
    // The JSON text of the answer works too, and the signer may be lowercase.
    expect(await verifyResponseSignature({ signature: JSON.stringify(answer), signer: tee.address.toLowerCase() as typeof tee.address, request })).toMatchObject({ signer: tee.address });
  });

  it("streams: the signature covers the whole SSE text as received", async () => {
    const answer = await signResponse({ account: tee, request, response: stream });
    await expect(verifyResponseSignature({ signature: answer, signer: tee.address, request, response: stream })).resolves.toBeDefined();
    const error = await rejection(verifyResponseSignature({ signature: answer, signer: tee.address, request, response: stream.replace("\n\ndata: [DONE]\n\n", "\n\n") }));
    expect(error).toMatchObject({ code: 4023, part: "response" });
  });

  it("another key's signature: ResponseSignerMismatchError (4022)", async () => {
    const answer = await signResponse({ account: provider, request, response });
    const error = await rejection(verifyResponseSignature({ signature: answer, signer: tee.address }));
    expect(error).toBeInstanceOf(ResponseSignerMismatchError);
    expect(error).toMatchObject({ code: 4022, expected: tee.address, actual: provider.address });
  });

  it("a signature that is not the claimed signing_address's: InvalidResponseSignatureError (4021)", async () => {
    const answer = await signResponse({ account: provider, request, response });
    const claimed = { ...answer, signing_address: tee.address };
    const error = await rejection(verifyResponseSignature({ signature: claimed, signer: tee.address }));
    expect(error).toBeInstanceOf(InvalidResponseSignatureError);
    expect(error).toMatchObject({ code: 4021, claimed: tee.address, recovered: provider.address });
    const tampered = { ...(await signResponse({ account: tee, request, response })), text: responseSignatureText({ request, response: "{}" }) };
    expect(await rejection(verifyResponseSignature({ signature: tampered, signer: tee.address }))).toMatchObject({ code: 4021 });
    const unrecoverable = { ...tampered, signature: `0x${"00".repeat(64)}1b` };
    expect(await rejection(verifyResponseSignature({ signature: unrecoverable, signer: tee.address }))).toMatchObject({ code: 4021, recovered: undefined });
  });

  it("text for another request or response: ResponseTextMismatchError (4023)", async () => {
    const answer = await signResponse({ account: tee, request, response });
    const req = await rejection(verifyResponseSignature({ signature: answer, signer: tee.address, request: `${request} ` }));
    expect(req).toBeInstanceOf(ResponseTextMismatchError);
    expect(req).toMatchObject({ code: 4023, part: "request", expected: bodySha256(`${request} `), actual: bodySha256(request) });
    const res = await rejection(verifyResponseSignature({ signature: answer, signer: tee.address, response: new TextEncoder().encode(`${response}\n`) }));
    expect(res).toMatchObject({ code: 4023, part: "response" });
    // A text that is not `hash:hash` at all.
    const odd = await signResponseText({ account: tee, text: "hello" });
    expect(await rejection(verifyResponseSignature({ signature: odd, signer: tee.address, response }))).toMatchObject({ code: 4023, part: "response", actual: "" });
  });

  it("accepts the centralized routing-proof text (extra ':' fields) and checks its two hashes", async () => {
    const text = `${responseSignatureText({ request, response })}:centralized:openai:${"ab".repeat(32)}`;
    const answer = { ...(await signResponseText({ account: tee, text })), provider_type: "centralized" };
    expect(await verifyResponseSignature({ signature: answer, signer: tee.address, request, response })).toEqual({ signer: tee.address, text });
  });

  it("malformed answers: ResponseSignatureFormatError (4020)", async () => {
    const good = await signResponse({ account: tee, request, response });
    const cases: [unknown, string | undefined][] = [
      [null, undefined],
      ["not json", undefined],
      [[good], undefined],
      [{ ...good, text: 1 }, "text"],
      [{ ...good, signature: undefined }, "signature"],
      [{ ...good, signature: good.signature.slice(0, -2) }, "signature"],
      [{ ...good, signature: `${good.signature.slice(0, -2)}01` }, "signature"],
      [{ ...good, signing_address: "0x12" }, "signing_address"],
      [{ ...good, signing_algo: "ed25519" }, "signing_algo"],
      [{ ...good, signing_algo: undefined }, "signing_algo"],
    ];
    for (const [value, field] of cases) {
      const error = await rejection(verifyResponseSignature({ signature: value, signer: tee.address }));
      expect(error, JSON.stringify(value)).toBeInstanceOf(ResponseSignatureFormatError);
      expect(error).toMatchObject({ code: 4020, field });
    }
    expect(parseResponseSignature({ ...good, signing_address: good.signing_address.toLowerCase() }).signing_address).toBe(tee.address);
    await expect(verifyResponseSignature({ signature: good, signer: "0x1" as never })).rejects.toBeInstanceOf(InvalidParameterError);
  });
});

async function rejection(promise: Promise<unknown>): Promise<BaseError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BaseError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}
