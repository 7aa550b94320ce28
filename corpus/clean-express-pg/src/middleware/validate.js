module.exports = (schema, where = 'body') => (req, res, next) => {
  const parsed = schema.safeParse(req[where]);
  if (!parsed.success) return res.status(400).json({ error: parsed.error.flatten() });
  req[where] = parsed.data;
  next();
};
