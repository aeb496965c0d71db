import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArticleError } from '../../shared/app/errors.js';
import { decodeArticle, detectFormat, MAX_ARTICLE_BYTES } from '../../shared/ingest/index.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const example = readFileSync(new URL('../../examples/belarus-russia-partners.txt', import.meta.url));

function errorOf(fn: () => unknown): ArticleError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ArticleError) return err;
    throw err;
  }
  throw new Error('expected an ArticleError');
}

describe('plain text', () => {
  it('keeps the text exactly as written, except BOM and line endings', () => {
    const raw = '\uFEFFFirst  line\t with tabs \r\nsecond\rthird\n\n\n   indented "quote"  \n';
    const doc = decodeArticle(utf8(raw), { fileName: 'a.txt' });
    expect(doc.text).toBe('First  line\t with tabs \nsecond\nthird\n\n\n   indented "quote"  \n');
    expect(doc).toMatchObject({ format: 'text', title: null, publishedAt: null });
  });

  it('returns the example article unchanged, as English', () => {
    const doc = decodeArticle(example, { fileName: 'examples/belarus-russia-partners.txt' });
    expect(doc.text).toBe(example.toString('utf8').replace(/\r\n?/g, '\n'));
    expect(doc.language).toBe('en');
  });

  it('does not claim a language for text that is not English', () => {
    const german =
      'Der Präsident sagte am Montag, dass die Beziehungen zu Russland gut seien und er die Zusammenarbeit fortsetzen wolle.';
    expect(decodeArticle(utf8(german), { fileName: 'de.txt' }).language).toBeNull();
  });

  it('treats a .txt file as plain text whatever it contains', () => {
    const html = '<html><body><p>Hello there, he said.</p></body></html>';
    expect(decodeArticle(utf8(html), { fileName: 'page.txt' })).toMatchObject({ format: 'text', text: html });
  });
});

describe('encodings', () => {
  const sentence = 'Café owners said “prices will rise” – naïve hopes, Zoë added.';

  it('reads UTF-16 with a byte-order mark, little and big endian', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sentence, 'utf16le')]);
    expect(decodeArticle(le, { fileName: 'a.txt' }).text).toBe(sentence);
    const be = Buffer.from(le);
    be.swap16();
    expect(decodeArticle(be, { fileName: 'a.txt' }).text).toBe(sentence);
  });

  it('reads UTF-16LE without a byte-order mark', () => {
    expect(decodeArticle(Buffer.from(sentence, 'utf16le'), { fileName: 'a.txt' }).text).toBe(sentence);
  });

  it('reads Windows-1252 (curly quotes, accents) that is not valid UTF-8', () => {
    const text = decodeArticle(iconv.encode(sentence, 'windows-1252'), { fileName: 'a.txt' }).text;
    expect(text).toBe(sentence);
  });

  it('reads Latin-1 declared in the Content-Type', () => {
    const latin = 'Le ministre a déclaré à la presse que la réunion était très productive.';
    const bytes = iconv.encode(latin, 'latin1');
    expect(decodeArticle(bytes, { contentType: 'text/plain; charset=ISO-8859-1' }).text).toBe(latin);
  });

  it('reads a legacy charset declared by an HTML <meta charset>', () => {
    const body = 'Президент заявил, что Россия является стратегическим партнёром Беларуси.';
    const page = `<html><head><meta charset="windows-1251"><title>Т</title></head><body><p>${body}</p></body></html>`;
    const doc = decodeArticle(iconv.encode(page, 'windows-1251'), { fileName: 'ru.html' });
    expect(doc.text).toBe(body);
    expect(doc.language).toBeNull();
  });

  it.each([
    [
      'shift_jis',
      '東京で首相は記者団に対し、経済対策を来週発表すると述べた。政府は物価上昇に対応する方針だ。',
    ],
    ['gbk', '总统周二表示，两国关系是战略伙伴关系，双方将在能源和工业领域深化合作。'],
    [
      'windows-1251',
      'Президент заявил во вторник, что Россия является стратегическим партнёром, и стороны углубят сотрудничество.',
    ],
    [
      'koi8-r',
      'Президент заявил во вторник, что Россия является стратегическим партнёром, и стороны углубят сотрудничество.',
    ],
  ])('detects undeclared %s', (encoding, text) => {
    const doc = decodeArticle(iconv.encode(text, encoding), { fileName: 'a.txt' });
    expect(doc.text).toBe(text);
    expect(doc.language).toBeNull();
  });

  it('treats a declared UTF-8 as a hint: Windows-1252 bytes are read as such, with a warning', () => {
    const text = 'The fee rose to £40, the “council” said – a café owner objected.';
    const doc = decodeArticle(iconv.encode(text, 'windows-1252'), {
      fileName: 'a.txt',
      contentType: 'text/plain; charset=utf-8',
    });
    expect(doc.text).toBe(text);
    expect(doc.warnings).toEqual([
      {
        code: 'CHARSET_MISMATCH',
        message: expect.stringMatching(/declared utf-8, but its bytes are not; it was read as windows-1252/),
      },
    ]);
  });

  it('reads mostly-valid UTF-8 with a few invalid bytes as UTF-8 with U+FFFD, and warns', () => {
    const good = 'Prices: £5 for tea, £7 for café au lait — “too much”, said Zoë.\n';
    const bytes = Buffer.concat([
      utf8(good),
      Buffer.from([0xa3, 0x20]),
      utf8(good),
      Buffer.from([0xff]),
      utf8(good),
    ]);
    for (const contentType of [undefined, 'text/plain; charset=utf-8']) {
      const doc = decodeArticle(bytes, { fileName: 'a.txt', contentType });
      expect(doc.text).toBe(`${good}\ufffd ${good}\ufffd${good}`);
      expect(doc.text).not.toContain('Â£');
      expect(doc.warnings).toEqual([
        { code: 'INVALID_UTF8', message: expect.stringMatching(/^2 invalid UTF-8/) },
      ]);
    }
  });

  it('still reads Windows-1252 with only a stray UTF-8-looking pair as Windows-1252', () => {
    // One accidental valid sequence ("Ã©" spelled in 1252 is C3 A9) against many 1252 accents.
    const text =
      'The café owner said the naïve plan was “déjà vu” for the town, and Zoë sent her résumé to the ' +
      'council anyway; a sign in the window read Ã© by mistake.';
    const doc = decodeArticle(iconv.encode(text, 'windows-1252'), { fileName: 'a.txt' });
    expect(doc.text).toBe(text);
    expect(doc.warnings).toBeUndefined();
  });

  it('records no warning for clean input, and passes warnings on to the article', async () => {
    expect(decodeArticle(utf8(sentence), { fileName: 'a.txt' }).warnings).toBeUndefined();
    const { analyzeArticle } = await import('../../shared/nlp/pipeline.js');
    const { defaultModels } = await import('../../shared/adapters/models/index.js');
    const bytes = Buffer.concat([utf8(`${sentence} ${sentence}`), Buffer.from([0xc3])]);
    const analysis = analyzeArticle(decodeArticle(bytes, { fileName: 'a.txt' }), defaultModels());
    expect(analysis.article.warnings?.map((w) => w.code)).toEqual(['INVALID_UTF8']);
  });

  it('prefers valid UTF-8 over a wrong declared charset', () => {
    expect(decodeArticle(utf8(sentence), { contentType: 'text/plain; charset=iso-8859-1' }).text).toBe(
      sentence,
    );
  });
});

describe('bad input', () => {
  it.each([
    ['empty file', 'EMPTY_INPUT', new Uint8Array()],
    ['only whitespace', 'EMPTY_INPUT', utf8(' \n\t\r\n ')],
    ['PDF', 'UNSUPPORTED_BINARY', utf8('%PDF-1.7\n1 0 obj << /Type /Catalog >>')],
    [
      'PNG',
      'UNSUPPORTED_BINARY',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    ],
    ['ZIP / docx', 'UNSUPPORTED_BINARY', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 6, 0])],
    ['no words', 'NO_TEXT', utf8('12 345 678 — 9.10\n')],
  ])('%s → %s', (_name, code, bytes) => {
    const err = errorOf(() => decodeArticle(bytes, { fileName: 'upload.txt' }));
    expect(err.code).toBe(code);
    expect(err.message.length).toBeGreaterThan(10);
  });

  it('rejects random bytes (with and without NUL bytes) as binary', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    const withNul = Uint8Array.from({ length: 4000 }, next);
    const noNul = Uint8Array.from({ length: 4000 }, () => 1 + (next() % 255));
    expect(errorOf(() => decodeArticle(withNul, { fileName: 'x.bin' })).code).toBe('UNSUPPORTED_BINARY');
    expect(errorOf(() => decodeArticle(noNul, { fileName: 'x.bin' })).code).toBe('UNSUPPORTED_BINARY');
  });

  it('rejects files over the size limit', () => {
    const big = new Uint8Array(MAX_ARTICLE_BYTES + 1).fill(0x61);
    const err = errorOf(() => decodeArticle(big));
    expect(err.code).toBe('TOO_LARGE');
    expect(err.message).toMatch(/5 MB/);
  });
});

describe('HTML', () => {
  const page = `<!DOCTYPE html><html lang="en-GB"><head><title>Russia a partner | Daily Site</title>
    <meta property="article:published_time" content="2024-05-01T10:00:00+03:00">
    <style>p { color: red }</style></head><body>
    <nav><a href="/">Home</a> <a href="/world">World news</a></nav>
    <article><h1>Russia a strategic partner, Lukashenko says</h1>
    <p>MINSK, May 1. Minsk considers Russia to be a strategic partner, Belarusian President
       Alexander Lukashenko said on <b>Wednesday</b> during a meeting with journalists.</p>
    <p>"We will never betray our <a href="/b">brothers</a>," he told reporters&nbsp;in the capital, adding
       that trade between the two countries had grown by ten percent last year.</p>
    <blockquote><p>"This is a historic moment," the Belarusian leader said.</p></blockquote>
    <ul><li>Trade grew by ten percent.</li><li>Energy prices stayed stable.</li></ul>
    <p>Line one<br>line two</p>
    </article>
    <footer>Copyright 2024 Daily Site. All rights reserved.</footer><script>var tracking = 1;</script>
    </body></html>`;

  it('extracts the article as paragraphs, with title, date and language', () => {
    const doc = decodeArticle(utf8(page), { fileName: 'article.html' });
    expect(doc.format).toBe('html');
    const paragraphs = doc.text.split('\n\n');
    expect(paragraphs[0]).toBe(
      'MINSK, May 1. Minsk considers Russia to be a strategic partner, Belarusian President Alexander Lukashenko said on Wednesday during a meeting with journalists.',
    );
    expect(paragraphs).toContain('"This is a historic moment," the Belarusian leader said.');
    expect(paragraphs).toContain('Trade grew by ten percent.');
    expect(paragraphs).toContain('Energy prices stayed stable.');
    expect(paragraphs).toContain('Line one\nline two');
    expect(doc.text).toContain('he told reporters in the capital');
    expect(doc.text).not.toMatch(/Home|Copyright|tracking|color/);
    expect(doc.text).not.toContain('Lukashenko says'); // the headline is the title, not a statement
    expect(doc.title).toBe('Russia a strategic partner, Lukashenko says');
    expect(doc.publishedAt).toBe('2024-05-01T07:00:00.000Z');
    expect(doc.language).toBe('en-GB');
  });

  it('drops advertisement markers and links to other stories between paragraphs', () => {
    const ads = `<article><p>The council approved the harbour plans on Monday after a long debate.</p>
      <div class="ad">Advertisement</div><p>The first quay will be finished by 2029, the mayor said.</p>
      <div>Story continues below advertisement</div><p>ADVERTISEMENT</p>
      <p><strong>Read more:</strong> <a href="/x">Who is the mayor?</a></p><p>Related: <a>Ferry strike ends</a></p>
      <p>Work starts in May and will cost the town about four million pounds in all.</p></article>`;
    const doc = decodeArticle(utf8(ads), { fileName: 'ads.html' });
    expect(doc.text.split('\n\n')).toEqual([
      'The council approved the harbour plans on Monday after a long debate.',
      'The first quay will be finished by 2029, the mayor said.',
      'Work starts in May and will cost the town about four million pounds in all.',
    ]);
    // A paragraph of the article that happens to open with such a word stays.
    const prose = '<p>Related: the two councils share one budget, and the mayor said it would stay so.</p>';
    expect(decodeArticle(utf8(prose + prose), { fileName: 'p.html' }).text).toContain('Related: the two');
  });

  it('takes the date from JSON-LD or <time datetime>', () => {
    const ld = `<html><head><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2023-11-02T08:30:00Z","headline":"Talks resume"}]}</script></head>
      <body><p>The talks resumed on Thursday, officials said.</p></body></html>`;
    expect(decodeArticle(utf8(ld), { fileName: 'a.html' })).toMatchObject({
      publishedAt: '2023-11-02T08:30:00.000Z',
      title: 'Talks resume',
    });
    const time =
      '<p>Posted <time datetime="2022-03-04">March 4</time></p><p>The mayor said the bridge would open.</p>';
    expect(decodeArticle(utf8(time), { fileName: 'b.htm' }).publishedAt).toBe('2022-03-04');
  });

  it('takes the date from a "Posted:" line when the page has no date metadata, and drops the line', () => {
    const posted = `<div id="story"><h2>Floods close schools</h2>
      <span>Posted: Tuesday, March 3, 2026 8:14 am</span><br><br>
      Twelve schools in the valley were closed on Monday after the river burst its banks.<br><br>
      The council said roads would stay closed until Thursday, a spokesman said on the phone.</div>`;
    const doc = decodeArticle(utf8(posted), { fileName: 'p.html' });
    expect(doc.publishedAt).toBe('2026-03-03T08:14:00.000Z');
    expect(doc.text).not.toContain('Posted');
    expect(doc.text.split('\n\n').slice(0, 2)).toEqual([
      'Floods close schools',
      expect.stringMatching(/^Twelve schools/),
    ]);
    // A sentence with a date in it is not a dateline.
    const sentence = '<p>Talks resume on 3 March 2026.</p><p>The unions said they were ready to meet.</p>';
    const talks = decodeArticle(utf8(sentence), { fileName: 't.html' });
    expect(talks.publishedAt).toBeNull();
    expect(talks.text).toContain('Talks resume on 3 March 2026.');
  });

  it('handles a fragment without <html> and <body>', () => {
    const doc = decodeArticle(utf8('<p>The minister said the talks went well.</p><p>Second paragraph.</p>'), {
      contentType: 'text/html',
    });
    expect(doc.text).toBe('The minister said the talks went well.\n\nSecond paragraph.');
  });

  it('fails with NO_TEXT when a page has no text', () => {
    const err = errorOf(() =>
      decodeArticle(utf8('<html><body><script>x()</script><img src=a></body></html>'), {
        fileName: 'a.html',
      }),
    );
    expect(err.code).toBe('NO_TEXT');
  });
});

describe('Markdown', () => {
  const md = [
    '---',
    'title: "Minsk and Moscow"',
    'date: 2024-05-01',
    'lang: en',
    '---',
    '',
    '# Lukashenko calls Russia a partner',
    '',
    'MINSK, May 1. Minsk considers **Russia** to be a *strategic* partner,',
    '[Alexander Lukashenko](https://example.com/al) said. He added:  ',
    '"We will never betray our brothers."',
    '',
    '> "This is historic," the leader said.',
    '',
    '- Trade grew with `10%` growth.',
    '- Energy prices stayed stable.',
    '',
    '![a photo](photo.jpg)',
    '',
    '## Background',
    '',
    'The two countries form a union state.',
  ].join('\n');

  it('strips markup, keeps paragraphs, reads front matter', () => {
    const doc = decodeArticle(utf8(md), { fileName: 'story.md' });
    expect(doc.format).toBe('markdown');
    expect(doc.text.split('\n\n')).toEqual([
      'Lukashenko calls Russia a partner',
      'MINSK, May 1. Minsk considers Russia to be a strategic partner, Alexander Lukashenko said. He added:\n"We will never betray our brothers."',
      '"This is historic," the leader said.',
      'Trade grew with 10% growth.',
      'Energy prices stayed stable.',
      'Background',
      'The two countries form a union state.',
    ]);
    expect(doc).toMatchObject({ title: 'Minsk and Moscow', publishedAt: '2024-05-01', language: 'en' });
  });

  it('takes the title from the first # heading and leaves it out of the text', () => {
    const doc = decodeArticle(utf8('# Talks resume\n\nThe talks resumed on *Thursday*, officials said.\n'), {
      fileName: 'x.markdown',
    });
    expect(doc).toMatchObject({
      title: 'Talks resume',
      text: 'The talks resumed on Thursday, officials said.',
    });
  });
});

describe('JSON', () => {
  it('reads text, title, date and language under their common names', () => {
    const doc = decodeArticle(
      utf8(
        JSON.stringify({
          headline: 'Talks',
          body: 'The minister said so.\r\nIt was late.',
          published_at: 'May 1, 2024',
          lang: 'EN',
        }),
      ),
      { fileName: 'a.json' },
    );
    expect(doc).toMatchObject({
      format: 'json',
      text: 'The minister said so.\nIt was late.',
      title: 'Talks',
      publishedAt: '2024-05-01',
      language: 'en',
    });
  });

  it('joins a list of paragraphs and reads an html field as a page', () => {
    expect(
      decodeArticle(utf8(JSON.stringify({ paragraphs: ['One said this.', ' Two said that. '] })), {
        fileName: 'a.json',
      }).text,
    ).toBe('One said this.\n\nTwo said that.');
    const doc = decodeArticle(
      utf8(
        JSON.stringify({
          title: 'T',
          html: '<p>The mayor said the bridge would open.</p><p>Work starts soon.</p>',
        }),
      ),
      { fileName: 'b.json' },
    );
    expect(doc).toMatchObject({
      title: 'T',
      text: 'The mayor said the bridge would open.\n\nWork starts soon.',
    });
  });

  it.each([
    ['{"text": "unterminated', 'INVALID_JSON'],
    ['[{"text": "an array of articles"}]', 'UNSUPPORTED_JSON'],
    ['{"headline": "no body"}', 'UNSUPPORTED_JSON'],
    ['{"text": 42}', 'UNSUPPORTED_JSON'],
    ['"just a string"', 'UNSUPPORTED_JSON'],
  ])('%s → %s', (json, code) => {
    const err = errorOf(() => decodeArticle(utf8(json), { fileName: 'bad.json' }));
    expect(err.code).toBe(code);
    if (code === 'UNSUPPORTED_JSON') expect(err.message).toMatch(/"text", "body", "content" or "html"/);
  });
});

describe('format detection', () => {
  it.each([
    ['a.TXT', undefined, 'text', 'anything'],
    ['a.md', 'text/plain', 'markdown', 'anything'],
    ['incoming/page', 'text/html; charset=utf-8', 'html', 'x'],
    ['incoming/data', 'application/vnd.article+json', 'json', '{}'],
    ['upload', 'application/octet-stream', 'html', '<!DOCTYPE html><html><body><p>x</p></body></html>'],
    ['upload', undefined, 'json', '  {"text": "The mayor said so."}'],
    ['upload', undefined, 'text', '{ not json, just braces }'],
    ['upload', undefined, 'markdown', '---\ntitle: X\n---\nBody text.'],
    ['upload', undefined, 'markdown', '# Heading\n\nBody text.'],
    ['upload', undefined, 'markdown', 'Read [the report](https://example.com) and **this**.'],
    ['upload', undefined, 'text', 'Plain text with a #hashtag and a * star, said the mayor.'],
    ['upload', undefined, 'text', 'He said > 5 people came. **Wow.**'],
  ])('%s (%s) → %s', (fileName, contentType, format, text) => {
    expect(detectFormat(text, { fileName, contentType })).toBe(format);
  });
});
