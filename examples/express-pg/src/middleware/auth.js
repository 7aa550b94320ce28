// Session-based access checks used by the routers.
function requireLogin(req, res, next) {
  if (!req.session.userId) return res.status(401).json({ error: 'Please log in' });
  next();
}

function requireAdmin(req, res, next) {
  if (!req.session.isAdmin) return res.status(403).json({ error: 'Admins only' });
  next();
}

module.exports = { requireLogin, requireAdmin };
