import { request } from 'undici';

const PRICING_URL = process.env.PRICING_URL ?? 'http://pricing.internal:8080';

export interface Quote {
  sku: string;
  priceCents: number;
  currency: string;
}

// Live price from the pricing service (promotions, regional prices).
export async function quote(sku: string, region: string): Promise<Quote> {
  const { statusCode, body } = await request(`${PRICING_URL}/quotes/${encodeURIComponent(sku)}?region=${region}`);
  if (statusCode !== 200) {
    throw new Error(`pricing service answered ${statusCode}`);
  }
  return (await body.json()) as Quote;
}

// Exchange rates change a few times a day; a slow answer should not hold the request.
export async function exchangeRate(currency: string): Promise<number> {
  const res = await fetch(`https://api.exchangerate.host/latest?base=USD&symbols=${currency}`, {
    signal: AbortSignal.timeout(2_000),
  });
  const data = (await res.json()) as { rates: Record<string, number> };
  return data.rates[currency] ?? 1;
}
