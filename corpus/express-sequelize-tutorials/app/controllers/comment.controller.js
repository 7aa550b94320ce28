const db = require("../models");
const Tutorial = db.tutorials;
const Comment = db.comments;

// POST /api/tutorials/:id/comments
exports.createComment = async (req, res) => {
  const tutorialId = req.params.id;
  try {
    const comment = await db.sequelize.transaction(async (t) => {
      const tutorial = await Tutorial.findByPk(tutorialId, { transaction: t });
      if (!tutorial) return null;

      const created = await Comment.create(
        { name: req.body.name, text: req.body.text, tutorialId },
        { transaction: t }
      );
      await Tutorial.increment("commentCount", { where: { id: tutorialId } });
      return created;
    });
    if (!comment) return res.status(404).send({ message: "Tutorial not found" });
    res.status(201).send(comment);
  } catch (err) {
    res.status(500).send({ message: err.message });
  }
};

// GET /api/tutorials/:id/comments?limit=20
exports.findComments = async (req, res) => {
  const limit = Math.min(Number(req.query.limit) || 20, 100);
  try {
    const comments = await Comment.findAll({
      where: { tutorialId: req.params.id },
      order: [["createdAt", "DESC"]],
      limit,
    });
    res.send(comments);
  } catch (err) {
    res.status(500).send({ message: err.message });
  }
};
