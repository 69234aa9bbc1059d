/**
 * realestate/parse
 *
 * Streaming XML with saxes, hardened for files from outside: any DOCTYPE is refused before
 * it is read (no DTD, so no external entities and no entity expansion: XXE and billion
 * laughs fail here), element text and depth are capped, the root must be DJBatch in
 * `urn:bdcdj:exchange:1.0`. Text in CDATA sections is text like any other (an exporter may
 * wrap every value in one). `inspect` checks a whole file and hashes it without keeping
 * records; `registrations` yields them one by one.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';

export const NAMESPACE = 'urn:bdcdj:exchange:1.0';
const MAX_DEPTH = 8;

export interface XmlRegistration {
  ywh: string | null;
  fields: Record<string, string>;
  holders: Record<string, string>[];
  cancelsYwh: string | null;
}

export class XmlRefused extends Error {
  constructor(readonly reasonCode: 'XML_DOCTYPE_REFUSED' | 'XML_MALFORMED' | 'XML_WRONG_ROOT' | 'XML_LIMIT', message: string) {
    super(message);
  }
}

interface Handlers {
  onBatch?(batchNo: string | null): void;
  onRegistration?(r: XmlRegistration): void;
}

function createParser(maxTextChars: number, h: Handlers): SaxesParser {
  const parser = new SaxesParser({ xmlns: true, position: false });
  let depth = 0;
  let current: XmlRegistration | null = null;
  let holder: Record<string, string> | null = null;
  let text = '';
  parser.on('doctype', () => {
    throw new XmlRefused('XML_DOCTYPE_REFUSED', 'DOCTYPE declarations are refused (no DTDs, no entities)');
  });
  parser.on('opentag', (tag) => {
    depth++;
    if (depth > MAX_DEPTH) throw new XmlRefused('XML_LIMIT', `elements nest deeper than ${MAX_DEPTH}`);
    text = '';
    if (depth === 1) {
      if (tag.local !== 'DJBatch' || tag.uri !== NAMESPACE) throw new XmlRefused('XML_WRONG_ROOT', `root must be DJBatch in ${NAMESPACE}`);
      const batchNo = tag.attributes.batchNo;
      h.onBatch?.(typeof batchNo === 'object' ? batchNo.value : null);
    } else if (depth === 2 && tag.local === 'Registration') {
      const ywh = tag.attributes.ywh;
      current = { ywh: typeof ywh === 'object' ? ywh.value : null, fields: {}, holders: [], cancelsYwh: null };
    } else if (depth === 3 && current && tag.local === 'QLR') {
      holder = {};
    } else if (depth === 3 && current && tag.local === 'ZXDJ') {
      const ywh = tag.attributes.ywh;
      current.cancelsYwh = typeof ywh === 'object' ? ywh.value : null;
    }
  });
  // An element's text may come as character data, CDATA sections, or both mixed.
  const addText = (t: string) => {
    text += t;
    if (text.length > maxTextChars) throw new XmlRefused('XML_LIMIT', `an element's text exceeds ${maxTextChars} characters`);
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', (tag) => {
    if (depth === 4 && holder) holder[tag.local] = text.trim();
    else if (depth === 3 && current && tag.local === 'QLR' && holder) {
      current.holders.push(holder);
      holder = null;
    } else if (depth === 3 && current && tag.local !== 'ZXDJ') current.fields[tag.local] = text.trim();
    else if (depth === 2 && current) {
      h.onRegistration?.(current);
      current = null;
    }
    text = '';
    depth--;
  });
  return parser;
}

/** Reads a whole file once: SHA-256 of its bytes, batch number, registration count; throws XmlRefused. */
export async function inspect(bytes: Readable, maxTextChars: number): Promise<{ sha256: string; batchNo: string | null; registrations: number }> {
  const hash = createHash('sha256');
  let batchNo: string | null = null;
  let registrations = 0;
  const parser = createParser(maxTextChars, { onBatch: (b) => (batchNo = b), onRegistration: () => registrations++ });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      hash.update(chunk);
      parser.write(decoder.decode(chunk, { stream: true }));
    }
    parser.write(decoder.decode());
    parser.close();
  } catch (e) {
    if (e instanceof XmlRefused) throw e;
    if ((e as Error).name === 'AbortError') throw e;
    if (e instanceof TypeError) throw new XmlRefused('XML_MALFORMED', 'file is not valid UTF-8');
    throw new XmlRefused('XML_MALFORMED', `not well-formed XML: ${(e as Error).message.slice(0, 200)}`);
  }
  return { sha256: hash.digest('hex'), batchNo, registrations };
}

/** Yields the file's registrations in order (the file was inspected first). */
export async function* registrations(bytes: Readable, maxTextChars: number): AsyncGenerator<XmlRegistration> {
  const ready: XmlRegistration[] = [];
  const parser = createParser(maxTextChars, { onRegistration: (r) => ready.push(r) });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of bytes as AsyncIterable<Buffer>) {
    parser.write(decoder.decode(chunk, { stream: true }));
    yield* ready.splice(0);
  }
  parser.write(decoder.decode());
  parser.close();
  yield* ready.splice(0);
}
