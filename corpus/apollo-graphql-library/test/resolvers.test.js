const resolvers = require('../src/resolvers');

test('Book.author goes through the loader', async () => {
  const loaders = { author: { load: jest.fn().mockResolvedValue({ id: 1, name: 'A' }) } };
  await resolvers.Book.author({ author_id: 1 }, {}, { loaders });
  expect(loaders.author.load).toHaveBeenCalledWith(1);
});
