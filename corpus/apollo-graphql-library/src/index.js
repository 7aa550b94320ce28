const http = require('http');
const express = require('express');
const { ApolloServer } = require('apollo-server-express');
const { ApolloServerPluginDrainHttpServer } = require('apollo-server-core');
const typeDefs = require('./schema');
const resolvers = require('./resolvers');
const { createLoaders } = require('./loaders');
const { getUser } = require('./auth');
const rest = require('./rest');

async function startApolloServer() {
  const app = express();
  const httpServer = http.createServer(app);

  const server = new ApolloServer({
    typeDefs,
    resolvers,
    csrfPrevention: true,
    cache: 'bounded',
    context: ({ req }) => ({ user: getUser(req), loaders: createLoaders() }),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
  });

  await server.start();
  app.use('/api', rest);
  server.applyMiddleware({ app, path: '/graphql' });

  await new Promise((resolve) => httpServer.listen({ port: process.env.PORT || 4000 }, resolve));
  console.log(`🚀 Server ready at http://localhost:${process.env.PORT || 4000}${server.graphqlPath}`);
}

startApolloServer();
