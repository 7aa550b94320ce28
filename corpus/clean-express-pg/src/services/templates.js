const fs = require('fs');
const path = require('path');

// Read once at startup; handlers only fill them in.
const templates = {
  welcome: fs.readFileSync(path.join(__dirname, '..', 'templates', 'welcome.html'), 'utf8'),
};

function render(name, vars) {
  return templates[name].replace(/\{\{(\w+)\}\}/g, (_, key) => String(vars[key] ?? ''));
}

module.exports = { render };
