/** Shared by the paper-pack tests: a strict SVG parse (a real XML parser) and a PNG's size from its header. */
import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element of the parsed SVG: the few DOM-like reads the tests make. */
export interface XmlElement {
  nodeName: string;
  namespaceURI: string | null;
  textContent: string | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}
export interface XmlDocument {
  documentElement: XmlElement | null;
  getElementsByTagName(tag: string): ArrayLike<XmlElement>;
}

/** fast-xml-parser's `preserveOrder` shape: `{ tag: children[], ':@': attributes }` or `{ '#text': … }`. */
type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

interface Node extends XmlElement {
  children: Node[];
}

function toNode(raw: OrderedNode, inheritedNs: string | null): Node | string {
  if ('#text' in raw) return String(raw['#text']);
  const name = Object.keys(raw).find((k) => k !== ':@')!;
  const attrs = raw[':@'] ?? {};
  const ns = attrs.xmlns ?? inheritedNs;
  const parts = (raw[name] as OrderedNode[]).map((c) => toNode(c, ns));
  const children = parts.filter((p): p is Node => typeof p !== 'string');
  const text = (): string => parts.map((p) => (typeof p === 'string' ? p : p.textContent ?? '')).join('');
  return {
    nodeName: name,
    namespaceURI: ns,
    get textContent() {
      return text();
    },
    getAttribute: (a) => (Object.hasOwn(attrs, a) ? attrs[a] : null),
    hasAttribute: (a) => Object.hasOwn(attrs, a),
    children,
  };
}

function descendants(n: Node, tag: string, out: Node[]): Node[] {
  for (const c of n.children) {
    if (c.nodeName === tag) out.push(c);
    descendants(c, tag, out);
  }
  return out;
}

/** A strict XML parse (fast-xml-parser's validator: a bare `&`, an unclosed tag, a bad attribute all fail), with an SVG root. */
export function parseSvg(text: string): XmlDocument {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`SVG is not well-formed: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  const parsed = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false, parseAttributeValue: false, ignoreDeclaration: true, ignorePiTags: true }).parse(text) as OrderedNode[];
  const nodes = parsed.map((n) => toNode(n, null)).filter((n): n is Node => typeof n !== 'string');
  const root = nodes[0] ?? null;
  if (!root || root.nodeName !== 'svg' || root.namespaceURI !== 'http://www.w3.org/2000/svg') throw new Error(`root is <${root?.nodeName}>, not an SVG <svg>`);
  return { documentElement: root, getElementsByTagName: (tag) => descendants({ ...root, children: [root] } as Node, tag, []) };
}

/** Width and height from the IHDR chunk; throws unless the file starts with the PNG signature. */
export function pngSize(file: string): { width: number; height: number } {
  const buf = readFileSync(file);
  if (buf.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error(`${file} is not a PNG`);
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** The elements named `tag`, as an array (xmldom's live lists are not iterable in its types). */
export function elements(doc: XmlDocument, tag: string): XmlElement[] {
  return Array.from(doc.getElementsByTagName(tag));
}
