const PAYMENTS_URL = process.env.PAYMENTS_URL ?? 'https://payments.example.com';

export async function authorize(bookingId: number, amountCents: number, token: string): Promise<{ id: string }> {
  const res = await fetch(`${PAYMENTS_URL}/v1/authorizations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `booking-${bookingId}` },
    body: JSON.stringify({ amount: amountCents, token }),
    signal: AbortSignal.timeout(8_000),
  });
  if (!res.ok) throw new Error(`payment declined (${res.status})`);
  return (await res.json()) as { id: string };
}
