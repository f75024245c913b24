/**
 * XML text for the REFI-QDA writers, built as strings: 20,000 codings are written in well under a
 * second this way, and the output is exactly what the schema asks for, no builder's defaults.
 */

/**
 * Characters XML 1.0 forbids (C0 controls other than tab, LF and CR; lone surrogates; U+FFFE and
 * U+FFFF) become U+FFFD: a transcript may hold them, and one would make the whole file unreadable.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlSafe(s: string): string {
  return s.replace(FORBIDDEN, '\uFFFD');
}

const TEXT_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTR_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' };

/** Element content. CR is a character reference, or a parser would turn CRLF into LF. */
export function escText(s: string): string {
  return xmlSafe(s).replace(/[&<>\r]/g, (c) => TEXT_ESC[c]!);
}

/** Attribute values: line breaks and tabs as references, or attribute normalisation turns them into spaces. */
export function escAttr(s: string): string {
  return xmlSafe(s).replace(/[&<>"\n\r\t]/g, (c) => ATTR_ESC[c]!);
}

/** ` name="value"` for each defined attribute, in the order given. */
export function attrs(list: readonly (readonly [string, string | number | boolean | null | undefined])[]): string {
  let out = '';
  for (const [k, v] of list) if (v !== null && v !== undefined) out += ` ${k}="${escAttr(String(v))}"`;
  return out;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';
