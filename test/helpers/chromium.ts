// Headless Debian Chromium driven by playwright-core, for tests that render HTML (the capacity
// report). Chromium writes into $HOME and the temp folder: both point at a temp folder deleted when
// the test ends. When /usr/bin/chromium is missing the test is skipped with how to install it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const TEST_OUTPUT = path.resolve(__dirname, '..', '..', '.test-output');

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A browser closed when the test ends, or undefined (and the test skipped) without Chromium. */
export async function launchChromium(t: TestContext): Promise<Browser | undefined> {
  if (!fs.existsSync(CHROMIUM)) {
    t.skip(`Chromium not found at ${CHROMIUM}: install it with \`apt-get update && apt-get install -y chromium\` (or set CHROMIUM_PATH)`);
    return undefined;
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'concurrency-lint-chromium-'));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_DATA_HOME: path.join(home, 'data'),
    TMPDIR: home,
  };
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, env });
  t.after(async () => {
    await browser.close();
    fs.rmSync(home, { recursive: true, force: true });
  });
  return browser;
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  return path.join(TEST_OUTPUT, name);
}
