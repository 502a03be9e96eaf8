import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MailVariables } from '../model/mail.js';
import type { TokenPurpose } from '../model/email-tokens.js';

/**
 * The bodies of confirmation and reset mails: plain text and HTML, with `{{link}}`, `{{email}}`,
 * `{{appName}}` and `{{expiresInMinutes}}` filled in (HTML-escaped in the HTML part). An
 * operator overrides any of them with files in LATCHKEY_MAIL_TEMPLATES_DIR: `confirm.txt`,
 * `confirm.html`, `reset.txt`, `reset.html`.
 */
export type Templates = Record<TokenPurpose, { text: string; html: string }>;

const DEFAULTS: Templates = {
  confirm: {
    text: `Hello,

please confirm your email address for {{appName}} by opening this link:

{{link}}

The link works once and expires in {{expiresInMinutes}} minutes. If you did not sign up with {{email}}, ignore this mail.
`,
    html: `<p>Hello,</p>
<p>please confirm your email address for {{appName}}:</p>
<p><a href="{{link}}">Confirm my email address</a></p>
<p>The link works once and expires in {{expiresInMinutes}} minutes. If you did not sign up with {{email}}, ignore this mail.</p>
`,
  },
  reset: {
    text: `Hello,

someone asked to reset the password of {{email}} for {{appName}}. To choose a new one, open this link:

{{link}}

The link works once and expires in {{expiresInMinutes}} minutes. If you did not ask for this, ignore this mail: your password stays as it is.
`,
    html: `<p>Hello,</p>
<p>someone asked to reset the password of {{email}} for {{appName}}.</p>
<p><a href="{{link}}">Choose a new password</a></p>
<p>The link works once and expires in {{expiresInMinutes}} minutes. If you did not ask for this, ignore this mail: your password stays as it is.</p>
`,
  },
};

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

function fill(template: string, variables: MailVariables, escape: (value: string) => string): string {
  return template.replace(/\{\{(link|email|appName|expiresInMinutes)\}\}/g, (_match, name: keyof MailVariables) =>
    escape(String(variables[name])),
  );
}

/** The built-in templates, with any the operator's directory overrides (read once, at start). */
export function loadTemplates(directory: string | undefined): Templates {
  if (!directory) return DEFAULTS;
  const read = (file: string, fallback: string) => {
    try {
      return readFileSync(join(directory, file), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
      throw error;
    }
  };
  return {
    confirm: { text: read('confirm.txt', DEFAULTS.confirm.text), html: read('confirm.html', DEFAULTS.confirm.html) },
    reset: { text: read('reset.txt', DEFAULTS.reset.text), html: read('reset.html', DEFAULTS.reset.html) },
  };
}

export function renderMail(templates: Templates, kind: TokenPurpose, variables: MailVariables): { text: string; html: string } {
  return { text: fill(templates[kind].text, variables, (value) => value), html: fill(templates[kind].html, variables, escapeHtml) };
}
