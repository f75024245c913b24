/**
 * The one text normalization every importer, `tandai deid scan` and `tandai show` use
 * (DESIGN "Text and offsets"): a leading BOM removed, NFC, CRLF and lone CR turned into LF,
 * nothing else changed. All stored offsets are UTF-16 indices into the result.
 */
export function normalizeText(raw: string): string {
  let s = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  s = s.normalize('NFC');
  // indexOf first: most files are already LF-only, and the scan is far cheaper than a replace.
  if (s.indexOf('\r') !== -1) s = s.replace(/\r\n?/g, '\n');
  return s;
}
