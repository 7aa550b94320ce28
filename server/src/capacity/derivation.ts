// How a number was obtained: inputs, the formula as text, the result. Every number the capacity
// report shows has one, so the report can explain it on hover. Pure data and small builders.

export interface DerivationInput {
  name: string;
  value: number | string | null;
  unit?: string;
  /** Where the input came from, for people: "config: workload.users", "default", "pg 8.x default". */
  source?: string;
  /** The id of the derivation that produced this input, when it was computed. */
  ref?: string;
}

export interface Derivation {
  /** Stable id: `service:usersSupported`, `resource:<id>:utilization`, `check:fileDescriptors`… */
  id: string;
  /** What the number is, in words. */
  label: string;
  /** The formula with symbols, e.g. "U_max = u · c · (Z + R) / D". */
  formula: string;
  inputs: DerivationInput[];
  /** null when the quantity is unbounded or not applicable (JSON has no Infinity). */
  result: number | null;
  unit?: string;
  /** Why this formula, and how far to trust it. */
  note?: string;
}

/** Collects derivations by id while an estimate is built. */
export class DerivationLog {
  private readonly byId = new Map<string, Derivation>();

  add(d: Derivation): Derivation {
    const tidy = (x: number | null) => (x === null ? null : roundSignificant(x, 6));
    const clean: Derivation = { ...d, result: tidy(finiteOrNull(d.result)), inputs: d.inputs.map((i) => ({ ...i, value: typeof i.value === 'number' ? tidy(finiteOrNull(i.value)) : i.value })) };
    this.byId.set(d.id, clean);
    return clean;
  }

  toRecord(): Record<string, Derivation> {
    return Object.fromEntries([...this.byId.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

export function finiteOrNull(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** Rounds to `digits` significant digits: stable JSON without float noise. */
export function roundSignificant(x: number, digits = 4): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  const factor = 10 ** (digits - 1 - magnitude);
  return Math.round(x * factor) / factor;
}
