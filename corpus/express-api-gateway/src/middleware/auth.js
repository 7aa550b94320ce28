const fs = require('fs');
const path = require('path');
const jwt = require('jsonwebtoken');

const publicKey = fs.readFileSync(process.env.JWT_PUBLIC_KEY_PATH || path.join(__dirname, '../../keys/jwt.pub'));

module.exports = function authenticate(req, res, next) {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  try {
    req.user = jwt.verify(token, publicKey, { algorithms: ['RS256'] });
    next();
  } catch {
    res.status(401).json({ error: 'unauthorized' });
  }
};
