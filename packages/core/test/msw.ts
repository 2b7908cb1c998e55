import { afterAll, afterEach, beforeAll } from "vitest";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";

/**
 * One msw server per test file: unhandled requests are errors (msw 3 calls the option
 * `onUnhandledFrame`; msw 2 called it `onUnhandledRequest`), handlers reset after each test.
 */
export function useMswServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** A JSON response with a raw (verbatim) body. */
export function jsonBody(body: string, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new HttpResponse(body, {
    status: init.status ?? 200,
    headers: { "content-type": "application/json", ...init.headers },
  });
}

/**
 * Routes POSTs to `url` to `answer(body, n)` (n counts requests from 0) and records every request
 * body and its headers.
 */
export function rpcRoute(url: string, answer: (body: string, n: number) => Response | Promise<Response>) {
  const bodies: string[] = [];
  const headers: Headers[] = [];
  const handler = http.post(url, async ({ request }) => {
    const body = await request.text();
    bodies.push(body);
    headers.push(request.headers);
    return answer(body, bodies.length - 1);
  });
  return { handler, bodies, headers };
}
