// The example's expectations, written on the lines themselves: `// expect: <rule-id>[, <rule-id>…]`
// ends every line the linter must flag (one id per finding on that line), `// ok: <why>` ends
// look-alikes that must stay quiet. The example speaks for the rules it marks somewhere: findings
// of rules it never mentions (a rule newer than the example) are not compared. Used in the
// extension host and in the Node tests.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Marker {
  /** 0-based line. */
  line: number;
  ruleId: string;
}

const EXPECT = /\/\/ expect: ([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

export function expectMarkers(text: string): Marker[] {
  return text.split(/\r?\n/).flatMap((lineText, line) => {
    const match = EXPECT.exec(lineText);
    return match ? match[1]!.split(/\s*,\s*/).map((ruleId) => ({ line, ruleId })) : [];
  });
}

/** 0-based lines carrying an `// ok:` marker. */
export function okLines(text: string): number[] {
  return text.split(/\r?\n/).flatMap((lineText, line) => (/\/\/ ok:/.test(lineText) ? [line] : []));
}

/** `rule-id@line`, the shape findings are compared in. */
export function markerKeys(markers: readonly Marker[]): string[] {
  return markers.map((m) => `${m.ruleId}@${m.line}`);
}

/** Source files under `root` (relative, `/`-separated) that hold an `expect:` or `ok:` marker. */
export function markedFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.[cm]?[jt]sx?$/.test(entry.name) && /\/\/ (expect|ok):/.test(fs.readFileSync(full, 'utf8'))) {
        found.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  };
  walk(root);
  return found.sort();
}

/** The rules the example under `root` marks somewhere: the ones its findings are compared for. */
export function coveredRules(root: string): Set<string> {
  const rules = new Set<string>();
  for (const file of markedFiles(root)) {
    for (const marker of expectMarkers(fs.readFileSync(path.join(root, file), 'utf8'))) rules.add(marker.ruleId);
  }
  return rules;
}
