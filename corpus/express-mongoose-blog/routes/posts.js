const express = require('express');
const {
  getPosts,
  getPostsByTag,
  searchPosts,
  getPost,
  getComments,
  createPost,
  addComment,
  deletePost,
  getTagCloud,
} = require('../controllers/posts');
const { protect, authorize } = require('../middleware/auth');
const { cacheResponse } = require('../middleware/cache');

const router = express.Router();

router.route('/').get(cacheResponse(60), getPosts).post(protect, authorize('author', 'admin'), createPost);
router.get('/search', searchPosts);
router.get('/tags', cacheResponse(300), getTagCloud);
router.get('/tag/:tag', cacheResponse(60), getPostsByTag);
router.route('/:id/comments').get(getComments).post(protect, addComment);
router.get('/:slug', cacheResponse(60), getPost);
router.delete('/:id', protect, deletePost);

module.exports = router;
