import nodemailer from 'nodemailer';
import type { MailService } from '../model/mail.js';
import { renderMail, type Templates } from './mail-templates.js';

export interface SmtpSettings {
  /** `smtp://user:pass@host:port`, or `smtps://` for TLS from the first byte. */
  url: string;
  from: string;
  templates: Templates;
}

/**
 * Mail through SMTP with nodemailer. Sending happens only in the mail queue's worker, never in
 * a request; the timeouts keep a stuck SMTP server from holding a worker for minutes.
 */
/** Unless the URL says otherwise: connect and greet within 10 s, and no 30 s silence mid-mail. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function createSmtpMail(settings: SmtpSettings, wake: () => void): MailService & { close(): void } {
  const url = new URL(settings.url);
  for (const [name, value] of Object.entries(TIMEOUTS)) if (!url.searchParams.has(name)) url.searchParams.set(name, String(value));
  const transport = nodemailer.createTransport(url.toString());
  return {
    async send(message) {
      await transport.sendMail({ from: settings.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    },
    render: (kind, variables) => renderMail(settings.templates, kind, variables),
    wake,
    close: () => transport.close(),
  };
}
