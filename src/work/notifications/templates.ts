/**
 * Notification templates: plain text with {{variables}} (dotted paths allowed). The text part
 * is the template filled in; the HTML part is the same text, escaped, with values escaped too,
 * so a task named `<script>` is shown, never run. A subject never carries a line break, which
 * would let a value add mail headers. Missing variables render empty and are listed.
 */

export interface Template {
  readonly subject: string;
  readonly text: string;
}

export interface Rendered {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Variables the template names that were not given. */
  readonly missing: readonly string[];
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\}\}/g;

export function renderTemplate(template: Template, variables: Readonly<Record<string, unknown>>): Rendered {
  const missing = new Set<string>();
  const lookup = (path: string): string => {
    let value: unknown = variables;
    for (const segment of path.split('.')) {
      value =
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
    }
    if (value === undefined || value === null) {
      missing.add(path);
      return '';
    }
    return display(value);
  };
  const fill = (text: string, escape: (s: string) => string): string => {
    let out = '';
    let last = 0;
    for (const match of text.matchAll(PLACEHOLDER)) {
      out += escape(text.slice(last, match.index)) + escape(lookup(match[1]!));
      last = match.index + match[0].length;
    }
    return out + escape(text.slice(last));
  };
  const subject = fill(template.subject, (s) => s.replace(/[\r\n]+/g, ' ')).trim();
  const text = fill(template.text, (s) => s);
  const html = toHtml(fill(template.text, escapeHtml));
  return { subject, text, html, missing: [...missing] };
}

function display(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return value.toString();
  return '';
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Paragraphs at blank lines, line breaks within them. The text is already escaped. */
function toHtml(escaped: string): string {
  const paragraphs = escaped
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${p.replace(/\n/g, '<br>\n')}</p>`);
  return `<!doctype html>\n<html><body>\n${paragraphs.join('\n')}\n</body></html>\n`;
}

/** Placeholders the template uses, for checking templates when they are configured. */
export function templateVariables(template: Template): string[] {
  const names = new Set<string>();
  for (const text of [template.subject, template.text])
    for (const match of text.matchAll(PLACEHOLDER)) names.add(match[1]!);
  return [...names];
}
