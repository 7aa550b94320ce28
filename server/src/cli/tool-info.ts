// The tool's name and version, read from package.json at build time (esbuild inlines the JSON).
import packageJson from '../../../package.json';

export const TOOL_NAME = 'concurrency-lint';
export const TOOL_VERSION: string = packageJson.version;
