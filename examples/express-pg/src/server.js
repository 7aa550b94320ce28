// Entry point: reads the config once and starts listening.
const fs = require('fs');
const path = require('path');
const app = require('./app');

function loadConfig() {
  const file = path.join(__dirname, '..', 'config', 'server.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')); // ok: runs once at startup, before any request
}

const config = loadConfig();
const port = Number(process.env.PORT) || config.port;

app.listen(port, () => {
  console.log(`shop-api listening on http://localhost:${port}`);
});
