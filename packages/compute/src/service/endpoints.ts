function base(url: string): string {
  return url.replace(/\/+$/, "");
}

/**
 * The OpenAI-compatible base URL of a service: `{url}/v1/proxy` (0G's `getServiceMetadata`
 * `endpoint`; trailing slashes of `url` are dropped). Chat goes to `{endpoint}/chat/completions`.
 *
 * @example
 * serviceEndpoint("https://provider.example"); // "https://provider.example/v1/proxy"
 */
export function serviceEndpoint(url: string): string {
  return `${base(url)}/v1/proxy`;
}

/**
 * Where a response's signature is served: `{url}/v1/proxy/signature/{chatId}[?model={model}]`.
 *
 * @example
 * chatSignatureUrl({ url: service.url, chatId, model: service.model });
 * // "https://provider.example/v1/proxy/signature/3f2a…?model=qwen%2Fqwen-2.5-7b-instruct"
 */
export function chatSignatureUrl({ url, chatId, model }: { url: string; chatId: string; model?: string | undefined }): string {
  const path = `${serviceEndpoint(url)}/signature/${encodeURIComponent(chatId)}`;
  return model === undefined ? path : `${path}?model=${encodeURIComponent(model)}`;
}
