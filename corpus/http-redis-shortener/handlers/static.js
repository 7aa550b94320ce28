const fs = require('fs');
const path = require('path');
const { send } = require('../lib/body');

const PUBLIC_DIR = path.join(__dirname, '..', 'public');
const TYPES = { '.html': 'text/html', '.css': 'text/css', '.js': 'application/javascript', '.ico': 'image/x-icon' };

const indexHtml = fs.readFileSync(path.join(PUBLIC_DIR, 'index.html'));

function serveStatic(req, res) {
  if (req.url === '/' || req.url === '/index.html') {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    return res.end(indexHtml);
  }
  const file = path.join(PUBLIC_DIR, path.normalize(req.url.replace('/static/', '')));
  if (!file.startsWith(PUBLIC_DIR) || !fs.existsSync(file)) {
    return send(res, 404, 'not found');
  }
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
  res.end(fs.readFileSync(file));
}

module.exports = serveStatic;
