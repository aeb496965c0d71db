// The errors module: codes, the messages users see, and which failures are transient.
import { describe, expect, it } from 'vitest';
import {
  APPLICATION_ERROR_CODES,
  ARTICLE_ERROR_CODES,
  ArticleBusyError,
  ArticleError,
  EventPublishError,
  isTransient,
  permanentResultError,
  MalformedMessageError,
  objectNotFound,
  objectTooLarge,
  recordedError,
  toErrorInfo,
} from '../../shared/app/errors.js';
import { decodeArticle } from '../../shared/ingest/index.js';

describe('errors', () => {
  it('says which failures a retry may fix', () => {
    expect(isTransient(new ArticleError('EMPTY_INPUT', 'The file is empty.'))).toBe(false);
    expect(isTransient(objectNotFound('b', 'k'))).toBe(false);
    expect(isTransient(new MalformedMessageError('not JSON'))).toBe(false);
    expect(isTransient(new ArticleBusyError('art_1'))).toBe(true);
    const rejected = (ErrorCode: string) =>
      new EventPublishError('1 event(s) were not accepted', [{ ErrorCode }]);
    expect(isTransient(rejected('ThrottlingException'))).toBe(true);
    expect(isTransient(rejected('InternalFailure'))).toBe(true);
    expect(isTransient(rejected('MalformedDetail'))).toBe(false);
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    expect(isTransient(throttled)).toBe(true);
    const serverError = Object.assign(new Error('Internal server error'), { name: 'InternalServerError' });
    expect(isTransient(serverError)).toBe(true);
    expect(isTransient(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
  });

  it('records a storage or bus rejection no retry can fix with a result code', () => {
    const itemTooLarge = Object.assign(new Error('Item size has exceeded the maximum allowed size'), {
      name: 'ValidationException',
    });
    expect(isTransient(itemTooLarge)).toBe(false);
    expect(permanentResultError(itemTooLarge)).toMatchObject({ code: 'ITEM_TOO_LARGE' });
    const badRequest = Object.assign(new Error('One or more parameter values were invalid'), {
      name: 'ValidationException',
    });
    expect(permanentResultError(badRequest)).toMatchObject({ code: 'RESULT_REJECTED' });
    expect(
      permanentResultError(new EventPublishError('m', [{ ErrorCode: 'InvalidArgument' }])),
    ).toMatchObject({ code: 'RESULT_REJECTED', message: expect.stringContaining('InvalidArgument') });
    expect(
      permanentResultError(new EventPublishError('m', [{ ErrorCode: 'ThrottlingException' }])),
    ).toBeNull();
    expect(permanentResultError(new ArticleBusyError('art_1'))).toBeNull();
    expect(
      permanentResultError(Object.assign(new Error('slow down'), { name: 'ThrottlingException' })),
    ).toBeNull();
  });

  it('gives every application error a code from the catalogue and a name', () => {
    for (const err of [
      new ArticleBusyError('art_1'),
      new EventPublishError('m', []),
      new MalformedMessageError('m'),
    ]) {
      expect(Object.keys(APPLICATION_ERROR_CODES)).toContain(err.code);
      expect(err.name).toBe(err.constructor.name);
      expect(err).toBeInstanceOf(Error);
    }
  });

  it('records an ArticleError as it is, and anything else from the core as PROCESSING_ERROR', () => {
    expect(recordedError(new ArticleError('NO_TEXT', 'The file contains no words.'))).toEqual({
      code: 'NO_TEXT',
      message: 'The file contains no words.',
    });
    expect(recordedError(new RangeError('Maximum call stack size exceeded'))).toEqual({
      code: 'PROCESSING_ERROR',
      message: 'The article could not be analysed (Maximum call stack size exceeded).',
    });
    expect(recordedError('a string')).toMatchObject({
      message: 'The article could not be analysed (a string).',
    });
  });

  it('reports CLI failures that are not ArticleErrors as INTERNAL_ERROR with their own message', () => {
    expect(toErrorInfo(new Error('disk on fire'))).toEqual({
      code: 'INTERNAL_ERROR',
      message: 'disk on fire',
    });
    expect(toErrorInfo(objectNotFound('b', 'incoming/a.txt'))).toEqual({
      code: 'OBJECT_NOT_FOUND',
      message: 's3://b/incoming/a.txt no longer exists (it was deleted before it could be processed).',
    });
  });

  it('words object errors for users and keeps the resolved key', () => {
    const big = objectTooLarge(6_000_000, 5 * 1024 * 1024, 'incoming/big file.txt');
    expect(big).toMatchObject({ code: 'TOO_LARGE', key: 'incoming/big file.txt', transient: false });
    expect(big.message).toBe('The file (6,000,000 bytes) is larger than the 5 MB limit for articles.');
    expect(objectTooLarge(2000, 1000, 'k').message).toMatch(/2,000 bytes.*1 KB limit/);
    expect(big).toBeInstanceOf(ArticleError);
  });

  it('catalogues every code the core throws for bad input', () => {
    const codes = new Set<string>();
    for (const input of [
      '',
      '  \n',
      '{"x": ',
      '[1, 2]',
      '{"title": "t"}',
      '%PDF-1.7\n1 0 obj',
      '12345 67.',
    ]) {
      try {
        decodeArticle(new TextEncoder().encode(input), {
          fileName: input.startsWith('{') ? 'a.json' : 'a.txt',
        });
      } catch (err) {
        expect(err).toBeInstanceOf(ArticleError);
        codes.add((err as ArticleError).code);
      }
    }
    expect([...codes].sort()).toEqual([
      'EMPTY_INPUT',
      'INVALID_JSON',
      'NO_TEXT',
      'UNSUPPORTED_BINARY',
      'UNSUPPORTED_JSON',
    ]);
    for (const code of codes) expect(Object.keys(ARTICLE_ERROR_CODES)).toContain(code);
  });
});
