import nodemailer from 'nodemailer';
import { renderMail } from './mail-templates.js';
/**
 * Mail through SMTP with nodemailer. Sending happens only in the mail queue's worker, never in
 * a request; the timeouts keep a stuck SMTP server from holding a worker for minutes.
 */
/** Unless the URL says otherwise: connect and greet within 10 s, and no 30 s silence mid-mail. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
export function createSmtpMail(settings, wake) {
    const url = new URL(settings.url);
    for (const [name, value] of Object.entries(TIMEOUTS))
        if (!url.searchParams.has(name))
            url.searchParams.set(name, String(value));
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
//# sourceMappingURL=smtp-mail.js.map