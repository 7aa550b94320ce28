const { gql } = require('apollo-server-express');

const typeDefs = gql`
  type Author {
    id: ID!
    name: String!
    books: [Book!]!
  }

  type Book {
    id: ID!
    title: String!
    isbn: String
    year: Int
    author: Author!
    coverUrl: String
  }

  type BookPage {
    items: [Book!]!
    nextCursor: ID
  }

  type Query {
    books: [Book!]!
    booksPage(after: ID, first: Int = 20): BookPage!
    book(id: ID!): Book
    authors: [Author!]!
  }

  type Mutation {
    addBook(title: String!, authorId: ID!, isbn: String, year: Int): Book!
  }
`;

module.exports = typeDefs;
