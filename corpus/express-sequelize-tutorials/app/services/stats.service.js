const db = require("../models");

// Small memo so the dashboard does not hit MySQL on every refresh.
const cache = {};

exports.countByTitle = async (title) => {
  const key = `count:${title}`;
  const hit = cache[key];
  if (hit && Date.now() - hit.at < 60 * 1000) {
    return hit.value;
  }
  const value = await db.tutorials.count({
    where: { title: { [db.Sequelize.Op.like]: `%${title}%` } }
  });
  cache[key] = { value, at: Date.now() };
  return value;
};
