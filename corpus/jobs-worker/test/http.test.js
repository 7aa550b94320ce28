const test = require('node:test');
const assert = require('node:assert');

test('config has defaults', () => {
  const config = require('../src/config');
  assert.equal(config.httpPort, 9090);
});
