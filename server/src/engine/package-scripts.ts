// What a package's package.json scripts hand to command-line tools, read as data (never run): the
// files the TypeORM CLI is given as its data source (`typeorm-ts-node-commonjs -d src/data-source.ts`),
// whose pools a migration run opens once rather than the serving processes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';

export interface CliDataSource {
  /** Absolute path of the data source file. */
  file: string;
  /** The script's name and text, for the report: `typeorm: typeorm-ts-node-commonjs -d src/database/data-source.ts`. */
  script: string;
}

// `typeorm`, `typeorm-ts-node-commonjs`, `typeorm-ts-node-esm`, `node_modules/typeorm/cli.js`.
const TYPEORM_CLI = /(?:^|[\s/;&|])typeorm(?:-ts-node-(?:commonjs|esm))?(?:\/cli(?:\.[cm]?js)?)?(?=\s|$)/;
const DATA_SOURCE_FLAG = /(?:^|\s)(?:-d|--dataSource|--data-source)(?:=|\s+)(?:"([^"]+)"|'([^']+)'|([^\s;&|]+))/g;

/** The data source files the package's scripts hand to the TypeORM CLI; none when there is no package.json. */
export function typeormCliDataSources(packageRoot: string): CliDataSource[] {
  let json: { scripts?: Record<string, unknown> } | undefined;
  try {
    json = parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as typeof json;
  } catch {
    return [];
  }
  if (!json || typeof json !== 'object' || !json.scripts || typeof json.scripts !== 'object') return [];
  const found: CliDataSource[] = [];
  for (const [name, script] of Object.entries(json.scripts)) {
    if (typeof script !== 'string' || !TYPEORM_CLI.test(script)) continue;
    for (const match of script.matchAll(DATA_SOURCE_FLAG)) {
      const value = match[1] ?? match[2] ?? match[3];
      if (!value || value.includes('$') || path.isAbsolute(value)) continue;
      found.push({ file: path.resolve(packageRoot, value), script: `${name}: ${script}` });
    }
  }
  return found;
}
