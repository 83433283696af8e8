/**
 * SMS through an HTTP webhook (TKAUTH_SMS_WEBHOOK_URL): POST `{"channel":"sms","to","text"}`; any
 * 2xx is delivered. The phone network itself cannot exist here; the webhook is its stand-in.
 */
import type { DeliveryProvider, OtpMessage } from './delivery.ts';

export class SmsWebhookDelivery implements DeliveryProvider {
  constructor(
    private readonly url: string,
    private readonly fetchFn: typeof fetch = fetch,
    private readonly timeoutMs = 10_000,
  ) {}
  async deliver(m: OtpMessage): Promise<void> {
    const res = await this.fetchFn(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'sms', to: m.to, text: m.text }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`SMS webhook answered ${res.status}`);
  }
}
