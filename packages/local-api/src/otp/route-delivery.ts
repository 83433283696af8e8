/**
 * Picks the provider for each message: email → SMTP when configured, SMS → the webhook when
 * configured, otherwise the dev outbox in dev mode. In dev mode every message is also kept in the
 * outbox, so a developer can read a code whichever way it went.
 */
import type { Channel, DeliveryProvider, DevOutbox, OtpMessage } from './delivery.ts';

export class RoutedDelivery implements DeliveryProvider {
  constructor(
    private readonly providers: Partial<Record<Channel, DeliveryProvider>>,
    private readonly outbox: DevOutbox | undefined,
  ) {}
  async deliver(m: OtpMessage): Promise<void> {
    const provider = this.providers[m.channel];
    if (!provider && !this.outbox) throw new Error(`no ${m.channel} delivery is configured`);
    if (provider) await provider.deliver(m);
    if (this.outbox) await this.outbox.deliver(m);
  }
}
