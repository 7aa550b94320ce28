// Re-encodes every original in ./originals to webp. One-off maintenance script.
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');

const dir = process.argv[2] || './originals';

(async () => {
  for (const name of fs.readdirSync(dir)) {
    const input = fs.readFileSync(path.join(dir, name));
    const out = await sharp(input).webp().toBuffer();
    fs.writeFileSync(path.join(dir, name.replace(/\.\w+$/, '.webp')), out);
  }
})();
