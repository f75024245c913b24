/**
 * XML text → a small element tree (local names, attributes, children, text), with fast-xml-parser.
 * Well-formedness is checked first, and the failure is described in our own words with its line
 * and column: the library's messages can quote the document, and so transcript text.
 * A DOCTYPE is refused: REFI-QDA files never have one, and entity definitions are how XML bombs work.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { err, ok, type Result } from '../../../../shared/result.js';

export interface El {
  /** Local name (any namespace prefix removed). */
  name: string;
  /** Attributes by local name; `xmlns` and `xmlns:*` are kept under their full names. */
  attrs: Record<string, string>;
  children: El[];
  /** The element's own text (its text nodes joined), entities decoded. */
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  // Decodes numeric character references (&#x1F600;) as well as the named ones.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
});

const WHY: Record<string, string> = {
  InvalidTag: 'a tag is not closed or not matched',
  InvalidAttr: 'an attribute is malformed',
  InvalidXml: 'the document structure is broken',
  InvalidChar: 'a character is not allowed there',
};

const localName = (n: string) => n.slice(n.indexOf(':') + 1);

type Raw = Record<string, unknown>;

function convert(node: Raw): El | null {
  const tag = Object.keys(node).find((k) => k !== ':@');
  if (!tag || tag === '#text' || tag.startsWith('?') || tag.startsWith('!')) return null;
  const attrsRaw = (node[':@'] ?? {}) as Record<string, unknown>;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrsRaw)) attrs[k.startsWith('xmlns') ? k : localName(k)] = String(v);
  const children: El[] = [];
  let text = '';
  for (const child of (node[tag] ?? []) as Raw[]) {
    if ('#text' in child) text += String(child['#text']);
    else {
      const el = convert(child);
      if (el) children.push(el);
    }
  }
  return { name: localName(tag), attrs, children, text };
}

/** Parses an XML document; the error names the file and where it breaks. */
export function parseXml(xml: string, fileName: string): Result<El> {
  const head = xml.slice(0, 4096);
  if (/<!DOCTYPE/i.test(head) || /<!ENTITY/i.test(xml)) return err('CORRUPT_FILE', `${fileName}: has a DOCTYPE or entity declaration, which REFI-QDA files never have; not read`);
  const v = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (v !== true) {
    const why = WHY[v.err.code] ?? 'the XML is malformed';
    return err('CORRUPT_FILE', `${fileName}: not well-formed XML (line ${v.err.line}, column ${v.err.col}: ${why})`);
  }
  let tree: Raw[];
  try {
    tree = parser.parse(xml) as Raw[];
  } catch {
    return err('CORRUPT_FILE', `${fileName}: not well-formed XML`);
  }
  const roots = tree.map(convert).filter((e): e is El => e !== null);
  if (roots.length !== 1) return err('CORRUPT_FILE', `${fileName}: ${roots.length === 0 ? 'has no root element' : 'has more than one root element'}`);
  return ok(roots[0]!);
}

/** Children named `name` (local name). */
export const kids = (el: El | undefined, name: string): El[] => (el ? el.children.filter((c) => c.name === name) : []);
export const kid = (el: El | undefined, name: string): El | undefined => el?.children.find((c) => c.name === name);
