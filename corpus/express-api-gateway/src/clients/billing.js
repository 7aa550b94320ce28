const http = require('http');
const { upstreams } = require('../config');

// The billing service only speaks XML over plain HTTP.
exports.getInvoiceSummary = (customerId) =>
  new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: upstreams.billing.host,
        port: upstreams.billing.port,
        path: `/InvoiceService/summary?customer=${encodeURIComponent(customerId)}`,
        method: 'GET',
        headers: { Accept: 'application/xml' },
      },
      (res) => {
        let xml = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (xml += chunk));
        res.on('end', () => {
          const total = /<total>([\d.]+)<\/total>/.exec(xml);
          resolve({ total: total ? Number(total[1]) : 0 });
        });
      },
    );
    req.setTimeout(4000, () => req.destroy(new Error('billing timed out')));
    req.on('error', reject);
    req.end();
  });
