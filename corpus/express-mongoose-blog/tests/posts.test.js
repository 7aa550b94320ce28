const mongoose = require('mongoose');
const { MongoMemoryServer } = require('mongodb-memory-server');
const Post = require('../models/Post');
const User = require('../models/User');

let mongod;

beforeAll(async () => {
  mongod = await MongoMemoryServer.create();
  await mongoose.connect(mongod.getUri());
});

afterAll(async () => {
  await mongoose.disconnect();
  await mongod.stop();
});

test('slug is generated from the title', async () => {
  const author = await User.create({ name: 'A', email: 'a@example.com', password: 'secret1' });
  const post = await Post.create({ title: 'Hello World', body: 'x', author: author._id });
  expect(post.slug).toBe('hello-world');
  const all = await Post.find({});
  expect(all).toHaveLength(1);
});
