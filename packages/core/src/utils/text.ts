/** Cuts `text` to at most `max` characters, saying how much was left off. */
export function truncate(text: string, max = 256): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}... (${text.length - max} more characters)`;
}

/** A short, printable rendering of any value (JSON where possible), truncated. */
export function formatValue(value: unknown, max = 256): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return truncate(JSON.stringify(value), max);
  try {
    const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
    return truncate(json === undefined ? String(value) : json, max);
  } catch {
    return truncate(String(value), max);
  }
}
