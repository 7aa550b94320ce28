// The output formats by name, as `--format` accepts them.
import type { Formatter } from './types';
import { formatStylish } from './stylish';
import { formatJson } from './json';
import { formatSarif } from './sarif';

export const FORMAT_NAMES = ['stylish', 'json', 'sarif'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export const formatters: Record<FormatName, Formatter> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
};

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}
