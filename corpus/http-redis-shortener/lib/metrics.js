// Request counters exposed on /metrics.
const counters = {};

function count(req, status) {
  const key = `${req.method} ${req.url} ${status}`;
  counters[key] = (counters[key] || 0) + 1;
}

function render() {
  return Object.entries(counters)
    .map(([key, value]) => `http_requests_total{route="${key}"} ${value}`)
    .join('\n');
}

module.exports = { count, render };
