// Bytes → string. Order: byte-order mark, binary sniffing, strict UTF-8, mostly-valid UTF-8 (a few
// invalid bytes in a UTF-8 file: replaced, with a warning), a declared charset (Content-Type or
// <meta charset>) as a hint the bytes must agree with, then statistical detection (chardet) decoded
// with iconv-lite.
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ArticleError } from '../domain/errors.js';
import type { IngestWarning } from '../domain/schema.js';

export interface DecodedText {
  text: string;
  /** The encoding the bytes were read as, e.g. "utf-8", "windows-1252", "utf-16le". */
  encoding: string;
  /** What was repaired or overruled on the way (invalid bytes replaced, a declared charset ignored). */
  warnings: IngestWarning[];
}

const MAGIC: Array<{ bytes: number[]; offset?: number; what: string }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' }, // %PDF-
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or a Word/OpenDocument file)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old Microsoft Office document' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'an RTF document' }, // {\rtf
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x52, 0x49, 0x46, 0x46], what: 'a RIFF media file' },
  { bytes: [0x66, 0x74, 0x79, 0x70], offset: 4, what: 'an MP4/MOV media file' },
  { bytes: [0x49, 0x44, 0x33], what: 'an MP3 audio file' },
  { bytes: [0x4f, 0x67, 0x67, 0x53], what: 'an Ogg media file' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file' },
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2-compressed file' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz-compressed file' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an executable (ELF)' },
  { bytes: [0x00, 0x61, 0x73, 0x6d], what: 'a WebAssembly module' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'an SQLite database' },
];

const startsWith = (bytes: Uint8Array, magic: number[], offset = 0) =>
  bytes.length >= offset + magic.length && magic.every((b, i) => bytes[offset + i] === b);

function binary(what: string): ArticleError {
  return new ArticleError(
    'UNSUPPORTED_BINARY',
    `The file looks like ${what}, not text. Upload the article as plain text, Markdown, HTML or JSON.`,
  );
}

/** UTF-16 without a BOM: text in Latin scripts has a zero byte in every other position. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Charset names from labels: WHATWG treats ISO-8859-1 and US-ASCII as windows-1252, and so do we. */
function normaliseCharset(label: string): string | null {
  const name = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'us-ascii', 'ascii', 'l1', 'cp819'].includes(name))
    return 'windows-1252';
  if (name === 'utf8') return 'utf-8';
  return iconv.encodingExists(name) ? name : null;
}

/** charset from a Content-Type value, or from a <meta charset> / http-equiv in the first bytes. */
export function declaredCharset(bytes: Uint8Array, contentType?: string): string | null {
  const fromType = contentType && /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  if (fromType) return normaliseCharset(fromType);
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
  return meta ? normaliseCharset(meta) : null;
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  return iconv.decode(Buffer.from(bytes), encoding, { stripBOM: true });
}

/** Share of characters that never occur in text: C0/C1 controls other than whitespace, U+FFFD. */
function junkRatio(text: string): number {
  const sample = text.length > 20_000 ? text.slice(0, 20_000) : text;
  if (!sample.length) return 0;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
  const junk = sample.match(/[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ufffd]/g)?.length ?? 0;
  return junk / sample.length;
}

export function decodeBytes(bytes: Uint8Array, contentType?: string): DecodedText {
  for (const m of MAGIC) if (startsWith(bytes, m.bytes, m.offset)) throw binary(m.what);

  let result: DecodedText | null = null;
  const as = (encoding: string): DecodedText => ({
    text: decodeWith(bytes, encoding),
    encoding,
    warnings: [],
  });
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) result = as('utf-8');
  else if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) result = as('utf-32le');
  else if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) result = as('utf-32be');
  else if (startsWith(bytes, [0xff, 0xfe])) result = as('utf-16le');
  else if (startsWith(bytes, [0xfe, 0xff])) result = as('utf-16be');
  else {
    const utf16 = sniffUtf16(bytes);
    if (utf16) result = as(utf16);
  }

  if (!result) {
    // NUL bytes outside UTF-16/32 mean binary data.
    const nul = bytes.subarray(0, 65536).indexOf(0);
    if (nul !== -1) throw binary('binary data');
    try {
      result = {
        text: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
        encoding: 'utf-8',
        warnings: [],
      };
    } catch {
      result = decodeNotUtf8(bytes, declaredCharset(bytes, contentType));
    }
  }
  if (result.text.charCodeAt(0) === 0xfeff) result.text = result.text.slice(1);
  if (junkRatio(result.text) > 0.02) throw binary('binary data (it contains control characters)');
  return result;
}

/**
 * Bytes that are not valid UTF-8. Mostly-valid UTF-8 (many well-formed multi-byte sequences, a few
 * broken ones: a truncated paste, one bad byte) is UTF-8 with U+FFFD for the broken sequences: read as
 * Windows-1252 instead, every `£` would become `Â£`. Otherwise a legacy encoding: the declared charset
 * when it is one (a declared UTF-8 is contradicted by the bytes), else chardet's guess.
 */
function decodeNotUtf8(bytes: Uint8Array, declared: string | null): DecodedText {
  const lenient = new TextDecoder('utf-8').decode(bytes);
  const { valid, invalid } = utf8Sequences(lenient, bytes);
  if (valid >= MOSTLY_UTF8_VALID_PER_INVALID * invalid) {
    return {
      text: lenient,
      encoding: 'utf-8',
      warnings: [
        {
          code: 'INVALID_UTF8',
          message: `${invalid} invalid UTF-8 byte sequence(s) were replaced with U+FFFD; the rest of the file is valid UTF-8.`,
        },
      ],
    };
  }
  const warnings: IngestWarning[] = [];
  let encoding = declared && !declared.startsWith('utf') ? declared : null;
  if (!encoding) {
    encoding = detectLegacyEncoding(bytes) ?? 'windows-1252';
    if (declared)
      warnings.push({
        code: 'CHARSET_MISMATCH',
        message: `The file was declared ${declared}, but its bytes are not; it was read as ${encoding}.`,
      });
  }
  return { text: decodeWith(bytes, encoding), encoding, warnings };
}

/**
 * A UTF-8 file with a few broken sequences has many well-formed multi-byte characters for each broken
 * one; Windows-1252 text read as UTF-8 has almost none (its accented letters are followed by ASCII).
 */
const MOSTLY_UTF8_VALID_PER_INVALID = 4;

/** Well-formed multi-byte characters and replaced (broken) sequences in a lenient UTF-8 decoding. */
function utf8Sequences(lenient: string, bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < lenient.length; i++) {
    const c = lenient.charCodeAt(i);
    if (c < 0x80) continue;
    if (c === 0xfffd) invalid++;
    else if (c < 0xdc00 || c > 0xdfff) valid++; // a surrogate pair counts once
  }
  // U+FFFD written as such in the file (EF BF BD) is well-formed, not a broken sequence.
  let literal = 0;
  for (let i = bytes.indexOf(0xef); i !== -1 && i + 2 < bytes.length; i = bytes.indexOf(0xef, i + 1))
    if (bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) literal++;
  return { valid: valid + literal, invalid: Math.max(0, invalid - literal) };
}

function detectLegacyEncoding(bytes: Uint8Array): string | null {
  for (const candidate of chardet.analyse(bytes.subarray(0, 65536))) {
    // Multi-byte legacy encodings are only believable with real confidence.
    if (candidate.confidence < 10) continue;
    const name = normaliseCharset(candidate.name);
    if (name && !name.startsWith('utf')) return name;
  }
  return null;
}
