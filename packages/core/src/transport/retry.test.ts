import { describe, expect, test } from "vitest";
import { backoffDelay, isRetryableStatus, parseRetryAfter, sleep } from "./retry.js";

describe("backoffDelay", () => {
  test("grows exponentially with jitter between half and all of the step", () => {
    expect(backoffDelay(0, 150, 10_000, () => 0)).toBe(75);
    expect(backoffDelay(0, 150, 10_000, () => 1)).toBe(150);
    expect(backoffDelay(3, 150, 10_000, () => 1)).toBe(1_200);
    expect(backoffDelay(3, 150, 10_000, () => 0)).toBe(600);
  });

  test("is capped", () => {
    expect(backoffDelay(20, 150, 10_000, () => 1)).toBe(10_000);
    expect(backoffDelay(20, 150, 10_000, () => 0)).toBe(5_000);
  });
});

describe("parseRetryAfter", () => {
  test("reads seconds and HTTP dates", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:02 GMT", now)).toBe(2_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
  });

  test("ignores absent or unreadable values", () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter("-1")).toBeUndefined();
  });
});

test("isRetryableStatus: 408, 429 and 5xx only", () => {
  expect([400, 401, 403, 404, 408, 413, 429, 500, 502, 503, 504].filter(isRetryableStatus)).toEqual([408, 429, 500, 502, 503, 504]);
});

test("sleep resolves early when its signal aborts", async () => {
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(), 10);
  await sleep(5_000, controller.signal);
  expect(Date.now() - started).toBeLessThan(1_000);
});
