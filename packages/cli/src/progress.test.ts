import { describe, expect, it } from "vitest";
import { memoryStream } from "../test/helpers.js";
import { bar, createProgress, formatBytes, formatDuration } from "./progress.js";

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("createProgress", () => {
  it("on a terminal: one line redrawn in place (bar, percent, bytes, rate, ETA), throttled", () => {
    const stderr = memoryStream({ isTTY: true, columns: 200 });
    const time = clock();
    const progress = createProgress({ io: { stderr }, label: "Uploading a.bin", total: 4 * 1024 * 1024, now: time.now });
    time.advance(1000);
    progress.update(1024 * 1024);
    expect(stderr.text).toBe("\r\x1b[KUploading a.bin  [#####---------------]   25%  1.0 MiB / 4.0 MiB  1.0 MiB/s  ETA 3s");
    time.advance(50);
    progress.increment(1024); // within 100 ms of the last draw: not redrawn
    expect(stderr.text.split("\r")).toHaveLength(2);
    time.advance(950);
    progress.update(4 * 1024 * 1024);
    expect(stderr.text.split("\r").at(-1)).toContain("[####################]  100%  4.0 MiB / 4.0 MiB  2.0 MiB/s");
    progress.finish();
    expect(stderr.text.endsWith("\r\x1b[KUploading a.bin  4.0 MiB in 2s\n")).toBe(true);
    progress.update(1); // after the end: nothing
    expect(stderr.text.endsWith("\n")).toBe(true);
  });

  it("truncates to the terminal width; without a total shows bytes and rate", () => {
    const stderr = memoryStream({ isTTY: true, columns: 30 });
    const time = clock();
    const progress = createProgress({ io: { stderr }, label: "Downloading", now: time.now });
    time.advance(2000);
    progress.update(2048);
    expect(stderr.text).toBe("\r\x1b[K" + "Downloading  2.0 KiB  1.0 KiB/s".slice(0, 29));
    progress.fail("Download failed.");
    expect(stderr.text.endsWith("\r\x1b[KDownload failed.\n")).toBe(true);
  });

  it("off a terminal: silent by default, or a plain line every logInterval", () => {
    const silent = memoryStream();
    const quiet = createProgress({ io: { stderr: silent }, label: "x", total: 10 });
    quiet.update(5);
    quiet.finish();
    expect(silent.text).toBe("");

    const log = memoryStream();
    const time = clock();
    const progress = createProgress({ io: { stderr: log }, label: "Uploading", total: 1000, logInterval: 5000, now: time.now });
    time.advance(1000);
    progress.update(100);
    time.advance(1000);
    progress.update(200); // within the interval
    time.advance(5000);
    progress.update(900);
    progress.finish();
    expect(log.text).toBe(
      ["Uploading   10%  100 B / 1000 B  100 B/s  ETA 9s", "Uploading   90%  900 B / 1000 B  129 B/s  ETA 778ms", "Uploading  900 B in 7s", ""].join("\n"),
    );
  });
});

describe("formatting", () => {
  it("formatBytes, formatDuration, bar", () => {
    expect([0, 1023, 1024, 1536, 10 * 1024 ** 2, 3 * 1024 ** 3].map(formatBytes)).toEqual(["0 B", "1023 B", "1.0 KiB", "1.5 KiB", "10.0 MiB", "3.0 GiB"]);
    expect([0.25, 12, 185, 3720].map(formatDuration)).toEqual(["250ms", "12s", "3m05s", "1h02m"]);
    expect(bar(0.5, 10)).toBe("[#####-----]");
    expect(bar(2, 4)).toBe("[####]");
  });
});
