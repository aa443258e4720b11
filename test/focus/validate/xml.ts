/**
 * A strict little XML reader for the JUnit output: it accepts only well-formed XML (one root, matched
 * tags, quoted attributes, escaped text) and returns the element tree, so tests can both prove the
 * document is well formed and read its structure.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`unescaped < in ${where}`);
  return raw.replace(/&([^;]*);?/g, (match, name: string) => {
    if (!match.endsWith(';')) throw new Error(`bare & in ${where}`);
    if (name in entities) return entities[name] as string;
    const code = /^#(\d+)$/.exec(name)?.[1];
    if (code) return String.fromCodePoint(Number(code));
    throw new Error(`unknown entity &${name}; in ${where}`);
  });
}

export function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>|([^<]+)/gy;
  let read = 0;
  for (let match = token.exec(body); match; match = token.exec(body)) {
    read = token.lastIndex;
    const [, closing, name, attrs, selfClosing, text] = match;
    const top = stack[stack.length - 1];
    if (text !== undefined) {
      if (!top) {
        if (text.trim()) throw new Error('text outside the root element');
        continue;
      }
      top.text += decode(text, `<${top.name}>`);
      continue;
    }
    if (closing) {
      if (top?.name !== name) throw new Error(`</${name}> closes <${top?.name}>`);
      stack.pop();
      continue;
    }
    const element: XmlElement = { name: name as string, attributes: {}, children: [], text: '' };
    for (const [, key, value] of (attrs ?? '').matchAll(/([\w:.-]+)="([^"]*)"/g)) {
      element.attributes[key as string] = decode(value as string, `${name}@${key}`);
    }
    if (top) top.children.push(element);
    else if (root) throw new Error('more than one root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (read < body.length)
    throw new Error(`not well-formed XML at offset ${read}: ${body.slice(read, read + 40)}`);
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]?.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}
