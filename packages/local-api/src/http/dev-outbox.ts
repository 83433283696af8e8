/**
 * The dev outbox (dev mode only): the one place a one-time code is shown.
 * GET /dev/outbox?contact=… answers JSON `{messages}` newest first, or a small HTML page to a browser.
 */
import type { FastifyInstance } from 'fastify';
import type { DevOutbox, OutboxEntry } from '../otp/delivery.ts';
import { escapeHtml } from '../escape-html.ts';


function page(messages: OutboxEntry[], contact: string | undefined): string {
  const rows = messages
    .map((m) => `<tr><td>${escapeHtml(m.createdAt)}</td><td>${escapeHtml(m.channel)}</td><td>${escapeHtml(m.to)}</td><td class="code">${escapeHtml(m.otpCode)}</td><td>${escapeHtml(m.text)}</td></tr>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<title>tkauth dev outbox</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.4rem .8rem;text-align:left}.code{font:600 18px ui-monospace,monospace;letter-spacing:.1em}</style>
</head><body><h1>Dev outbox${contact ? ` for ${escapeHtml(contact)}` : ''}</h1>
<p>One-time codes sent by the local API in dev mode, newest first. This page exists only in dev mode.</p>
<form><input name="contact" placeholder="filter by email or phone" value="${escapeHtml(contact ?? '')}"> <button>Filter</button></form>
<table><thead><tr><th>sent</th><th>channel</th><th>to</th><th>code</th><th>message</th></tr></thead><tbody>
${rows || '<tr><td colspan="5">No messages yet.</td></tr>'}
</tbody></table></body></html>`;
}

/** GET /outbox, in a context the caller mounts at /dev. */
export function registerDevOutbox(app: FastifyInstance, outbox: DevOutbox): void {
  app.get<{ Querystring: { contact?: string } }>('/outbox', async (req, reply) => {
    const contact = typeof req.query.contact === 'string' && req.query.contact !== '' ? req.query.contact : undefined;
    const messages = outbox.list(contact);
    const wantsHtml = /text\/html/.test(req.headers.accept ?? '') && !/application\/json/.test(req.headers.accept ?? '');
    if (wantsHtml) return reply.type('text/html; charset=utf-8').send(page(messages, contact));
    return { messages };
  });
}
