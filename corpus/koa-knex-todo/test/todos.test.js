const request = require('supertest');
const { expect } = require('chai');
const app = require('../src/app');
const db = require('../src/db');

describe('todos', () => {
  const agent = request.agent(app.callback());

  before(async () => {
    await db.migrate.latest();
    await db.seed.run();
    await agent.post('/auth/login').send({ email: 'demo@example.com', password: 'password' }).expect(200);
  });

  after(() => db.destroy());

  it('pages todos', async () => {
    const res = await agent.get('/todos').expect(200);
    expect(res.body).to.have.length(25);
    const rows = await db('todos').select();
    expect(rows).to.have.length(30);
  });
});
