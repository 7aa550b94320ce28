const asyncHandler = require('../utils/asyncHandler');
const ErrorResponse = require('../utils/errorResponse');
const Post = require('../models/Post');
const Comment = require('../models/Comment');

// @desc    Get published posts (paginated)
// @route   GET /api/v1/posts
// @access  Public
exports.getPosts = asyncHandler(async (req, res) => {
  const page = parseInt(req.query.page, 10) || 1;
  const limit = Math.min(parseInt(req.query.limit, 10) || 10, 50);
  const startIndex = (page - 1) * limit;

  const [total, posts] = await Promise.all([
    Post.countDocuments({ published: true }),
    Post.find({ published: true })
      .sort('-createdAt')
      .skip(startIndex)
      .limit(limit)
      .populate('author', 'name'),
  ]);

  res.status(200).json({ success: true, count: posts.length, total, page, data: posts });
});

// @desc    Get posts with a tag
// @route   GET /api/v1/posts/tag/:tag
// @access  Public
exports.getPostsByTag = asyncHandler(async (req, res) => {
  const posts = await Post.find({ tags: req.params.tag, published: true }).sort('-createdAt');
  res.status(200).json({ success: true, count: posts.length, data: posts });
});

// @desc    Search posts by title
// @route   GET /api/v1/posts/search?q=
// @access  Public
exports.searchPosts = asyncHandler(async (req, res) => {
  const q = String(req.query.q || '').slice(0, 100);
  const posts = await Post.find({ title: { $regex: q, $options: 'i' }, published: true })
    .select('title slug createdAt')
    .limit(20)
    .lean();
  res.status(200).json({ success: true, data: posts });
});

// @desc    Get single post
// @route   GET /api/v1/posts/:slug
// @access  Public
exports.getPost = asyncHandler(async (req, res, next) => {
  const post = await Post.findOne({ slug: req.params.slug }).populate('author', 'name');
  if (!post) {
    return next(new ErrorResponse(`Post not found with slug of ${req.params.slug}`, 404));
  }
  await Post.updateOne({ _id: post._id }, { $inc: { views: 1 } });
  res.status(200).json({ success: true, data: post });
});

// @desc    Get comments of a post
// @route   GET /api/v1/posts/:id/comments
// @access  Public
exports.getComments = asyncHandler(async (req, res) => {
  const comments = await Comment.find({ post: req.params.id }).populate('user', 'name').sort('createdAt');
  res.status(200).json({ success: true, count: comments.length, data: comments });
});

// @desc    Create new post
// @route   POST /api/v1/posts
// @access  Private (author, admin)
exports.createPost = asyncHandler(async (req, res) => {
  req.body.author = req.user.id;
  const post = await Post.create(req.body);
  res.status(201).json({ success: true, data: post });
});

// @desc    Add comment
// @route   POST /api/v1/posts/:id/comments
// @access  Private
exports.addComment = asyncHandler(async (req, res, next) => {
  const post = await Post.findById(req.params.id);
  if (!post) {
    return next(new ErrorResponse(`No post with the id of ${req.params.id}`, 404));
  }
  const comment = await Comment.create({ post: post._id, user: req.user.id, text: req.body.text });
  res.status(201).json({ success: true, data: comment });
});

// @desc    Delete post
// @route   DELETE /api/v1/posts/:id
// @access  Private
exports.deletePost = asyncHandler(async (req, res, next) => {
  const post = await Post.findById(req.params.id);
  if (!post) {
    return next(new ErrorResponse(`Post not found with id of ${req.params.id}`, 404));
  }
  if (post.author.toString() !== req.user.id && req.user.role !== 'admin') {
    return next(new ErrorResponse('Not authorized to delete this post', 401));
  }
  await Comment.deleteMany({ post: post._id });
  await post.deleteOne();
  res.status(200).json({ success: true, data: {} });
});

// @desc    Posts per tag, for the tag cloud
// @route   GET /api/v1/posts/tags
// @access  Public
exports.getTagCloud = asyncHandler(async (req, res) => {
  const tags = await Post.aggregate([
    { $match: { published: true } },
    { $unwind: '$tags' },
    { $group: { _id: '$tags', count: { $sum: 1 } } },
    { $sort: { count: -1 } },
    { $limit: 50 },
  ]);
  res.status(200).json({ success: true, data: tags });
});
