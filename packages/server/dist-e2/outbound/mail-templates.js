import { readFileSync } from 'node:fs';
import { join } from 'node:path';
const DEFAULTS = {
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
const escapeHtml = (value) => value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
function fill(template, variables, escape) {
    return template.replace(/\{\{(link|email|appName|expiresInMinutes)\}\}/g, (_match, name) => escape(String(variables[name])));
}
/** The built-in templates, with any the operator's directory overrides (read once, at start). */
export function loadTemplates(directory) {
    if (!directory)
        return DEFAULTS;
    const read = (file, fallback) => {
        try {
            return readFileSync(join(directory, file), 'utf8');
        }
        catch (error) {
            if (error.code === 'ENOENT')
                return fallback;
            throw error;
        }
    };
    return {
        confirm: { text: read('confirm.txt', DEFAULTS.confirm.text), html: read('confirm.html', DEFAULTS.confirm.html) },
        reset: { text: read('reset.txt', DEFAULTS.reset.text), html: read('reset.html', DEFAULTS.reset.html) },
    };
}
export function renderMail(templates, kind, variables) {
    return { text: fill(templates[kind].text, variables, (value) => value), html: fill(templates[kind].html, variables, escapeHtml) };
}
//# sourceMappingURL=mail-templates.js.map