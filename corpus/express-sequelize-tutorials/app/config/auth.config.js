module.exports = {
  secret: process.env.JWT_SECRET || "bezkoder-secret-key"
};
