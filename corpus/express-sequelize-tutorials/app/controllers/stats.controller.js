const stats = require("../services/stats.service");

exports.count = async (req, res) => {
  try {
    const count = await stats.countByTitle(req.query.title || "");
    res.send({ count });
  } catch (err) {
    res.status(500).send({ message: err.message });
  }
};
