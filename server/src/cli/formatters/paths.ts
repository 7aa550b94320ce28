// How formatters name files: relative to the cwd for people, forward slashes for SARIF URIs.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** `src/app.ts` for a file under cwd, `../other/app.ts` outside it, native separators. */
export function displayPath(cwd: string, file: string): string {
  return path.relative(cwd, file) || path.basename(file);
}

export function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** A relative URI reference (`src/my%20app.ts`) for a file under `folder`. */
export function relativeUri(folder: string, file: string): string {
  return path
    .relative(folder, file)
    .split(path.sep)
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** `file:///work/app/` – a folder URI must end with a slash for relative URIs to resolve against it. */
export function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : href + '/';
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}
