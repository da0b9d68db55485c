import { S3Error, invalidArgument } from './errors';
import { S3_XMLNS, xmlElement } from './responses';

/**
 * Object tags as S3 takes them: from the `x-amz-tagging` header of a PutObject or CopyObject
 * (`k=v&k2=v2`, URL-encoded) and from the XML body of a PutObjectTagging, held to S3's limits, and
 * given back as GetObjectTagging's document. The bucket's lifecycle reads them (lifecycle.ts).
 */

/** An object's tags, by key (at most one value a key, as S3 keeps them). */
export type Tags = Readonly<Record<string, string>>;

/** S3's limits on an object's tags (Unicode characters, not bytes). */
const MAX_TAGS = 10;
const MAX_KEY_CHARS = 128;
const MAX_VALUE_CHARS = 256;

/** The characters AWS allows in a tag: letters, digits, spaces and `_ . : / = + - @`. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

const invalidTag = (message: string) => new S3Error(400, 'InvalidTag', message);
const malformedXml = () => new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
const badTaggingHeader = (text: string) =>
  invalidArgument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.", {
    ArgumentName: 'x-amz-tagging',
    ArgumentValue: text,
  });

/**
 * The tags of an `x-amz-tagging` header. It is decoded as a form is (`+` a space), which is how
 * S3 reads query parameters; a malformed escape or a key given twice is S3's InvalidArgument.
 */
export function tagsOfHeader(text: string): Tags {
  const pairs: [string, string][] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const [key, value] = equals === -1 ? [part, ''] : [part.slice(0, equals), part.slice(equals + 1)];
    try {
      pairs.push([decodeURIComponent(key.replaceAll('+', ' ')), decodeURIComponent(value.replaceAll('+', ' '))]);
    } catch {
      throw badTaggingHeader(text);
    }
  }
  return checked(pairs, () => badTaggingHeader(text));
}

/**
 * The tags of a PutObjectTagging body: `<Tagging><TagSet>` with `<Tag><Key>…</Key><Value>…</Value></Tag>`
 * elements, in that order, with no other element, attribute (but S3's `xmlns`) or text; anything else
 * is MalformedXML. A small reader for the one document, not a general XML parser.
 */
export function tagsOfXml(body: Buffer): Tags {
  const reader = new XmlReader(body.toString('utf8'));
  reader.take(/<\?xml\s[^?]*\?>/y);
  const open = reader.need(/<Tagging(?:\s+xmlns="([^"]*)")?\s*>/y);
  if (open[1] !== undefined && open[1] !== S3_XMLNS) throw malformedXml();
  const pairs: [string, string][] = [];
  if (!reader.take(/<TagSet\s*\/>/y)) {
    reader.need(/<TagSet\s*>/y);
    while (reader.take(/<Tag\s*>/y)) {
      const key = reader.textOf('Key');
      const value = reader.textOf('Value');
      reader.need(/<\/Tag\s*>/y);
      pairs.push([key, value]);
    }
    reader.need(/<\/TagSet\s*>/y);
  }
  reader.need(/<\/Tagging\s*>\s*$/y);
  return checked(pairs, () => invalidTag('Cannot provide multiple Tags with the same key'));
}

/** GetObjectTagging's document. */
export const taggingXml = (tags: Tags): string =>
  `<Tagging xmlns="${S3_XMLNS}"><TagSet>${Object.entries(tags)
    .map(([key, value]) => `<Tag>${xmlElement('Key', key)}${xmlElement('Value', value)}</Tag>`)
    .join('')}</TagSet></Tagging>`;

/** The number of tags, for GetObject's `x-amz-tagging-count`. */
export const tagCount = (tags: Tags): number => Object.keys(tags).length;

/** Whether the tags hold `tag` (a key looked up as the object's own, never as an inherited property). */
export const hasTag = (tags: Tags, tag: { key: string; value: string }): boolean => Object.hasOwn(tags, tag.key) && tags[tag.key] === tag.value;

/** Tags held to S3's rules: at most ten, keys unique and not `aws:`, each key and value short enough and of allowed characters. */
function checked(pairs: readonly (readonly [string, string])[], duplicate: () => S3Error): Tags {
  // S3 answers too many tags with BadRequest, the rest with InvalidTag.
  if (pairs.length > MAX_TAGS) throw new S3Error(400, 'BadRequest', `Object tags cannot be greater than ${MAX_TAGS}`);
  const keys = new Set<string>();
  for (const [key, value] of pairs) {
    if (keys.has(key)) throw duplicate();
    keys.add(key);
    if (key === '' || !TAG_TEXT.test(key)) throw invalidTag('The TagKey you have provided is invalid');
    if ([...key].length > MAX_KEY_CHARS) throw invalidTag(`The TagKey you have provided is too long, max ${MAX_KEY_CHARS}`);
    if (key.toLowerCase().startsWith('aws:')) throw invalidTag('Your TagKey cannot be prefixed with aws:');
    if (!TAG_TEXT.test(value)) throw invalidTag('The TagValue you have provided is invalid');
    if ([...value].length > MAX_VALUE_CHARS) throw invalidTag(`The TagValue you have provided is too long, max ${MAX_VALUE_CHARS}`);
  }
  // fromEntries defines each key as the object's own, so even `__proto__` stays a plain tag.
  return Object.fromEntries(pairs);
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Reads the document from the start, one expected piece at a time; whitespace between elements is skipped. */
class XmlReader {
  private at = 0;

  constructor(private readonly xml: string) {}

  /** `pattern` (sticky) after any whitespace, moving past it; undefined, not moving, when it is not there. */
  take(pattern: RegExp): RegExpExecArray | undefined {
    const start = this.xml.slice(this.at).search(/\S|$/) + this.at;
    pattern.lastIndex = start;
    const match = pattern.exec(this.xml);
    if (match) this.at = pattern.lastIndex;
    return match ?? undefined;
  }

  need(pattern: RegExp): RegExpExecArray {
    return this.take(pattern) ?? throwMalformed();
  }

  /** The text of `<name>text</name>` (or `<name/>`, empty), entities decoded; the whitespace in it is the text's. */
  textOf(name: string): string {
    if (this.take(new RegExp(`<${name}\\s*/>`, 'y'))) return '';
    const match = this.need(new RegExp(`<${name}\\s*>([^<]*)</${name}\\s*>`, 'y'));
    return match[1]!.replace(/&([^;&<]*);|&/g, (whole, entity: string | undefined) => {
      if (entity === undefined) throwMalformed();
      if (Object.hasOwn(ENTITIES, entity)) return ENTITIES[entity]!;
      const code = /^#x([0-9a-fA-F]+)$/.exec(entity)?.[1] ?? /^#([0-9]+)$/.exec(entity)?.[1];
      const point = code === undefined ? NaN : Number.parseInt(code, entity.startsWith('#x') ? 16 : 10);
      if (!Number.isInteger(point) || point > 0x10ffff) throwMalformed();
      return String.fromCodePoint(point);
    });
  }
}

function throwMalformed(): never {
  throw malformedXml();
}
