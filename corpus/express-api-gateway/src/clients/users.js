const axios = require('axios');
const { upstreams } = require('../config');

const users = axios.create({
  baseURL: upstreams.users,
  timeout: 3000,
  headers: { 'x-client': 'bff' },
});

exports.getUser = async (id) => (await users.get(`/users/${encodeURIComponent(id)}`)).data;
exports.getPreferences = async (id) => (await users.get(`/users/${encodeURIComponent(id)}/preferences`)).data;
