// Numbers for people: thousands separators, significant digits, seconds and megabytes. Shared by
// the estimate's sentences and the renderings so both print a number the same way.
import { finiteOrNull, roundSignificant } from './derivation';

// ---- Numbers for people ------------------------------------------------------------------------------

export function round(x: number, digits = 4): number {
  return finiteOrNull(x) === null ? x : roundSignificant(x, digits);
}

export function fmtInt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

export function fmtNumber(x: number): string {
  if (!Number.isFinite(x)) return '∞';
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x).toLocaleString('en-US');
  if (a >= 10) return x.toFixed(1).replace(/\.0$/, '');
  if (a >= 1) return x.toFixed(2).replace(/\.?0+$/, '');
  if (a === 0) return '0';
  // Below a thousandth the digits say nothing a reader can use ("5.5e-30 ms"): say how small it is.
  if (a < 0.001) return x > 0 ? '< 0.001' : '> −0.001';
  return x.toPrecision(2);
}

export function fmtSeconds(ms: number): string {
  return ms >= 1000 ? `${fmtNumber(ms / 1000)} s` : `${fmtNumber(ms)} ms`;
}

export function fmtMb(bytes: number): string {
  return `${fmtInt(bytes / 1e6)} MB`;
}

/** "1 process", "4 processes". */
export function fmtProcesses(n: number): string {
  return `${fmtInt(n)} ${Math.round(n) === 1 ? 'process' : 'processes'}`;
}

/** 102400 → "100 KB", 52428800 → "50 MB" (binary units, as body limits are written). */
export function fmtBytes(bytes: number): string {
  const units: [string, number][] = [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]];
  for (const [unit, size] of units) {
    if (bytes >= size) {
      const amount = bytes / size;
      return `${Number.isInteger(amount) || amount >= 10 ? Math.round(amount) : amount.toFixed(1)} ${unit}`;
    }
  }
  return `${Math.round(bytes)} bytes`;
}

export function roundUpNice(x: number): number {
  const steps = [1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 1048576];
  return steps.find((s) => s >= x) ?? Math.ceil(x);
}
