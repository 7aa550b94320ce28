module.exports = app => {
  const tutorials = require("../controllers/tutorial.controller.js");
  const comments = require("../controllers/comment.controller.js");
  const stats = require("../controllers/stats.controller.js");
  const { verifyToken } = require("../middleware/authJwt");

  var router = require("express").Router();

  // Create a new Tutorial
  router.post("/", [verifyToken], tutorials.create);

  // Retrieve all Tutorials
  router.get("/", tutorials.findAll);

  // Retrieve a page of Tutorials
  router.get("/paged", tutorials.findAllPaged);

  // Retrieve all published Tutorials
  router.get("/published", tutorials.findAllPublished);

  router.get("/stats/count", stats.count);

  // Retrieve a single Tutorial with id
  router.get("/:id", tutorials.findOne);

  router.get("/:id/comments", comments.findComments);
  router.post("/:id/comments", [verifyToken], comments.createComment);

  // Update a Tutorial with id
  router.put("/:id", [verifyToken], tutorials.update);

  // Delete a Tutorial with id
  router.delete("/:id", [verifyToken], tutorials.delete);

  app.use('/api/tutorials', router);
};
