const test = require('node:test');
const assert = require('node:assert');
const { Readable } = require('node:stream');
const { readJson } = require('../lib/body');

test('readJson parses a JSON body', async () => {
  const req = Readable.from([Buffer.from('{"url":"https://example.com"}')]);
  assert.deepStrictEqual(await readJson(req), { url: 'https://example.com' });
});
