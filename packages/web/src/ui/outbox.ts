/** Dev mode: the codes just sent, read from the local API's dev outbox every 2 s. */
import { h } from './dom.ts';

interface Message {
  id: string;
  channel: string;
  to: string;
  otpCode: string;
  createdAt: string;
}

export function outboxPanel(url: string): HTMLElement {
  const list = h('ul', { class: 'outbox-list' });
  const panel = h('aside', { class: 'card outbox', 'data-testid': 'outbox' }, h('h2', {}, 'Dev outbox'), h('p', { class: 'muted' }, 'Codes sent in dev mode appear here instead of an inbox.'), list);
  let last = '';
  const refresh = async () => {
    try {
      const { messages } = (await (await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' })).json()) as { messages: Message[] };
      const key = messages.map((m) => m.id).join();
      if (key === last) return;
      last = key;
      list.replaceChildren(
        ...(messages.length === 0
          ? [h('li', { class: 'muted' }, 'No codes sent yet.')]
          : messages.slice(0, 8).map((m) =>
              h('li', { 'data-contact': m.to }, h('span', { class: 'to' }, m.to), h('code', { class: 'code' }, m.otpCode), h('time', { class: 'muted' }, new Date(m.createdAt).toLocaleTimeString())),
            )),
      );
    } catch {
      list.replaceChildren(h('li', { class: 'error' }, 'The local API is not answering.'));
    }
  };
  void refresh();
  setInterval(refresh, 2000);
  return panel;
}
