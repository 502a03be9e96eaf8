import type { MailVariables } from '../domain/mail.js';
import type { TokenPurpose } from '../domain/userpass-tokens.js';
/**
 * The bodies of confirmation and reset mails: plain text and HTML, with `{{link}}`, `{{email}}`,
 * `{{appName}}` and `{{expiresInMinutes}}` filled in (HTML-escaped in the HTML part). An
 * operator overrides any of them with files in LATCHKEY_MAIL_TEMPLATES_DIR: `confirm.txt`,
 * `confirm.html`, `reset.txt`, `reset.html`.
 */
export type Templates = Record<TokenPurpose, {
    text: string;
    html: string;
}>;
/** The built-in templates, with any the operator's directory overrides (read once, at start). */
export declare function loadTemplates(directory: string | undefined): Templates;
export declare function renderMail(templates: Templates, kind: TokenPurpose, variables: MailVariables): {
    text: string;
    html: string;
};
