import type { MailService } from '../domain/mail.js';
import { type Templates } from './mail-templates.js';
export interface SmtpSettings {
    /** `smtp://user:pass@host:port`, or `smtps://` for TLS from the first byte. */
    url: string;
    from: string;
    templates: Templates;
}
export declare function createSmtpMail(settings: SmtpSettings, wake: () => void): MailService & {
    close(): void;
};
