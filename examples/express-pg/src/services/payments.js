// Card payments through the payment provider's REST API.
const axios = require('axios');

const PAYMENTS_URL = process.env.PAYMENTS_URL || 'https://api.payments.example.com/v1';

async function chargeCard(token, amountCents, idempotencyKey) {
  const { data } = await axios.post( // expect: require-outbound-timeout
    `${PAYMENTS_URL}/charges`,
    { source: token, amount: amountCents, currency: 'usd' },
    { headers: { Authorization: `Bearer ${process.env.PAYMENTS_KEY}`, 'Idempotency-Key': idempotencyKey } },
  );
  if (data.status !== 'succeeded') {
    throw Object.assign(new Error('Payment declined'), { status: 402, expose: true });
  }
  return data.id;
}

async function listPayouts(since) {
  const { data } = await axios.get(`${PAYMENTS_URL}/payouts?created_after=${since.toISOString()}`); // expect: require-outbound-timeout
  return data.payouts;
}

module.exports = { chargeCard, listPayouts };
