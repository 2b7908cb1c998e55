import { formatEther } from "viem";
import type { Style } from "./io.js";
import { stripAnsi } from "./io.js";

/** `10000000000000000000000` wei → `10000 0G`. */
export function formatOg(wei: bigint | string): string {
  return `${formatEther(typeof wei === "bigint" ? wei : BigInt(wei))} 0G`;
}

/** A section title followed by its rows, each row's cells padded to the widest in its column. */
export function section(style: Style, title: string, rows: readonly (readonly string[])[]): string[] {
  return [style.bold(title), ...table(rows).map((line) => `  ${line}`)];
}

/** Aligns the cells of each column (measured without colour codes); the last column is not padded. */
export function table(rows: readonly (readonly string[])[], gap = 2): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, stripAnsi(cell).length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - stripAnsi(cell).length + gap)))
      .join("")
      .trimEnd(),
  );
}

/** An endpoint value as text: a URL, or a list of URLs joined by commas. */
/** Table rows of an endpoint map: one row per URL, a list's later URLs under an empty name. */
export function endpointRows(endpoints: Readonly<Record<string, string | readonly string[]>>): string[][] {
  return Object.entries(endpoints).flatMap(([name, value]) =>
    typeof value === "string" ? [[name, value]] : value.map((url, i) => [i === 0 ? name : "", url]),
  );
}
