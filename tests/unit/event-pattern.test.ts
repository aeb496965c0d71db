// Table-driven checks of the local bus's event-pattern matcher, one table per operator, built from
// the examples in the EventBridge user guide (event patterns, comparison operators, arrays, null
// values) plus the edge cases the guide states in words.
import { describe, expect, it } from 'vitest';
import {
  compileEventPattern,
  InvalidEventPatternError,
  matchesEventPattern,
} from '../../infra/local/event-pattern.js';

/** The guide's EC2 example event. */
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

/** An event whose detail holds the fields a case needs. */
const withDetail = (detail: Record<string, unknown>) => ({ ...ec2Event, detail });

type Case = [name: string, pattern: unknown, event: unknown, expected: boolean];

const tables: Record<string, Case[]> = {
  'exact values and structure': [
    [
      'source and detail-type',
      { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] },
      ec2Event,
      true,
    ],
    ['any of several values', { source: ['aws.ec2', 'aws.fargate'] }, ec2Event, true],
    ['a value not listed', { source: ['aws.fargate'] }, ec2Event, false],
    ['nested detail field', { detail: { state: ['terminated'] } }, ec2Event, true],
    ['nested field with another value', { detail: { state: ['running'] } }, ec2Event, false],
    [
      'every field must match (AND)',
      { source: ['aws.ec2'], detail: { state: ['running'] } },
      ec2Event,
      false,
    ],
    ['field missing from the event', { detail: { size: ['big'] } }, ec2Event, false],
    ['case-sensitive', { source: ['AWS.EC2'] }, ec2Event, false],
    ['string never equals a number', { detail: { n: ['5'] } }, withDetail({ n: 5 }), false],
    ['number equals number', { detail: { n: [5] } }, withDetail({ n: 5 }), true],
    ['number written differently', { detail: { n: [300] } }, withDetail({ n: 3.0e2 }), true],
    ['boolean', { detail: { ok: [true] } }, withDetail({ ok: true }), true],
    ['boolean vs string', { detail: { ok: ['true'] } }, withDetail({ ok: true }), false],
    [
      'null matches null',
      { detail: { responseElements: [null] } },
      withDetail({ responseElements: null }),
      true,
    ],
    ['null does not match a missing field', { detail: { responseElements: [null] } }, withDetail({}), false],
    [
      'empty string matches empty string',
      { detail: { eventVersion: [''] } },
      withDetail({ eventVersion: '' }),
      true,
    ],
    [
      'empty string does not match null',
      { detail: { eventVersion: [''] } },
      withDetail({ eventVersion: null }),
      false,
    ],
    ['pattern object over a scalar', { detail: { state: { name: ['x'] } } }, ec2Event, false],
  ],
  'arrays in events': [
    [
      'resources array contains the value',
      { resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'] },
      ec2Event,
      true,
    ],
    ['intersection of pattern and event arrays', { resources: ['a', 'b'] }, { resources: ['c', 'b'] }, true],
    ['no common element', { resources: ['a'] }, { resources: ['b', 'c'] }, false],
    [
      'array of objects: any element matches',
      { detail: { quotes: { speaker: ['Ann'] } } },
      withDetail({ quotes: [{ speaker: 'Bob' }, { speaker: 'Ann' }] }),
      true,
    ],
    [
      'array of objects: no element matches',
      { detail: { quotes: { speaker: ['Cy'] } } },
      withDetail({ quotes: [{ speaker: 'Bob' }] }),
      false,
    ],
    [
      'array of objects: fields must match in one element',
      { detail: { q: { a: [1], b: [4] } } },
      withDetail({
        q: [
          { a: 1, b: 2 },
          { a: 3, b: 4 },
        ],
      }),
      false,
    ],
    [
      'array of objects: both fields in one element',
      { detail: { q: { a: [3], b: [4] } } },
      withDetail({
        q: [
          { a: 1, b: 2 },
          { a: 3, b: 4 },
        ],
      }),
      true,
    ],
    [
      'nested arrays of objects',
      { detail: { q: { s: { n: ['Ann'] } } } },
      withDetail({ q: [{ s: { n: 'Bob' } }, { s: { n: 'Ann' } }] }),
      true,
    ],
  ],
  prefix: [
    ['time starts with a date', { time: [{ prefix: '2017-12-22' }] }, ec2Event, true],
    ['other date', { time: [{ prefix: '2017-10-02' }] }, ec2Event, false],
    [
      'prefix ignoring case',
      { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
      withDetail({ service: 'eventbridge' }),
      true,
    ],
    [
      'prefix ignoring case, no match',
      { detail: { service: [{ prefix: { 'equals-ignore-case': 'sqs' } }] } },
      withDetail({ service: 'eventbridge' }),
      false,
    ],
    ['prefix on a number', { detail: { n: [{ prefix: '1' }] } }, withDetail({ n: 12 }), false],
  ],
  suffix: [
    [
      'file name ends with .png',
      { detail: { FileName: [{ suffix: '.png' }] } },
      withDetail({ FileName: 'cat.png' }),
      true,
    ],
    [
      'ends otherwise',
      { detail: { FileName: [{ suffix: '.png' }] } },
      withDetail({ FileName: 'cat.jpg' }),
      false,
    ],
    [
      'suffix ignoring case',
      { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
      withDetail({ FileName: 'CAT.PNG' }),
      true,
    ],
    [
      'case matters without equals-ignore-case',
      { detail: { FileName: [{ suffix: '.png' }] } },
      withDetail({ FileName: 'CAT.PNG' }),
      false,
    ],
  ],
  'equals-ignore-case': [
    [
      'other casing',
      { detail: { name: [{ 'equals-ignore-case': 'alice' }] } },
      withDetail({ name: 'ALICE' }),
      true,
    ],
    [
      'other name',
      { detail: { name: [{ 'equals-ignore-case': 'alice' }] } },
      withDetail({ name: 'Alicia' }),
      false,
    ],
  ],
  wildcard: [
    [
      'star in the middle',
      { detail: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] } },
      withDetail({ EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/orders' }),
      true,
    ],
    [
      'wrong region',
      { detail: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] } },
      withDetail({ EventBusArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/orders' }),
      false,
    ],
    [
      'star matches the empty string',
      { detail: { f: [{ wildcard: 'dir/*.png' }] } },
      withDetail({ f: 'dir/.png' }),
      true,
    ],
    [
      'star spans slashes',
      { detail: { f: [{ wildcard: 'dir/*.png' }] } },
      withDetail({ f: 'dir/a/b.png' }),
      true,
    ],
    ['escaped star is literal', { detail: { f: [{ wildcard: 'a\\*b' }] } }, withDetail({ f: 'a*b' }), true],
    [
      'escaped star matches only a star',
      { detail: { f: [{ wildcard: 'a\\*b' }] } },
      withDetail({ f: 'axb' }),
      false,
    ],
    [
      'regex characters are literal',
      { detail: { f: [{ wildcard: 'a.c*' }] } },
      withDetail({ f: 'abc' }),
      false,
    ],
  ],
  'anything-but': [
    [
      'a string other than the excluded one',
      { detail: { state: [{ 'anything-but': 'initializing' }] } },
      withDetail({ state: 'running' }),
      true,
    ],
    [
      'the excluded string',
      { detail: { state: [{ 'anything-but': 'initializing' }] } },
      withDetail({ state: 'initializing' }),
      false,
    ],
    [
      'a number other than the excluded one',
      { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
      withDetail({ 'x-limit': 124 }),
      true,
    ],
    [
      'the excluded number',
      { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
      withDetail({ 'x-limit': 123 }),
      false,
    ],
    [
      'list of strings',
      { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
      withDetail({ state: 'overloaded' }),
      false,
    ],
    [
      'list of strings, other value',
      { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
      withDetail({ state: 'running' }),
      true,
    ],
    [
      'list of numbers',
      { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
      withDetail({ 'x-limit': 200 }),
      false,
    ],
    [
      'needs the field to exist',
      { detail: { state: [{ 'anything-but': 'initializing' }] } },
      withDetail({}),
      false,
    ],
    [
      'array: some element is not excluded',
      { detail: { tags: [{ 'anything-but': 'a' }] } },
      withDetail({ tags: ['a', 'b'] }),
      true,
    ],
    [
      'array: every element excluded',
      { detail: { tags: [{ 'anything-but': 'a' }] } },
      withDetail({ tags: ['a'] }),
      false,
    ],
    [
      'anything-but prefix',
      { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
      withDetail({ state: 'initializing' }),
      false,
    ],
    [
      'anything-but prefix, other value',
      { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
      withDetail({ state: 'running' }),
      true,
    ],
    [
      'anything-but suffix',
      { detail: { FileName: [{ 'anything-but': { suffix: '.png' } }] } },
      withDetail({ FileName: 'a.png' }),
      false,
    ],
    [
      'anything-but suffix, other value',
      { detail: { FileName: [{ 'anything-but': { suffix: '.png' } }] } },
      withDetail({ FileName: 'a.txt' }),
      true,
    ],
    [
      'anything-but equals-ignore-case',
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
      withDetail({ state: 'INITIALIZING' }),
      false,
    ],
    [
      'anything-but equals-ignore-case list',
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['a', 'b'] } }] } },
      withDetail({ state: 'C' }),
      true,
    ],
    [
      'anything-but wildcard',
      { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
      withDetail({ FilePath: 'src/lib/x.ts' }),
      false,
    ],
    [
      'anything-but wildcard, other path',
      { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
      withDetail({ FilePath: 'src/bin/x.ts' }),
      true,
    ],
  ],
  numeric: [
    [
      'inside a range',
      { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } },
      withDetail({ 'c-count': 5 }),
      true,
    ],
    [
      'at an open bound',
      { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } },
      withDetail({ 'c-count': 0 }),
      false,
    ],
    [
      'above the range',
      { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } },
      withDetail({ 'c-count': 5.5 }),
      false,
    ],
    ['less than', { detail: { 'd-count': [{ numeric: ['<', 10] }] } }, withDetail({ 'd-count': 9.99 }), true],
    [
      'equals, exponent form',
      { detail: { 'x-limit': [{ numeric: ['=', 3.018e2] }] } },
      withDetail({ 'x-limit': 301.8 }),
      true,
    ],
    [
      'a numeric string is not a number',
      { detail: { n: [{ numeric: ['>', 0] }] } },
      withDetail({ n: '5' }),
      false,
    ],
    [
      "the guide's combined example",
      {
        detail: {
          'c-count': [{ numeric: ['>', 0, '<=', 5] }],
          'd-count': [{ numeric: ['<', 10] }],
          'x-limit': [{ numeric: ['=', 3.018e2] }],
        },
      },
      withDetail({ 'c-count': 5, 'd-count': 7, 'x-limit': 301.8 }),
      true,
    ],
    [
      'non-converging ranges as alternatives',
      { detail: { age: [{ numeric: ['<', 30] }, { numeric: ['>=', 60] }] } },
      withDetail({ age: 65 }),
      true,
    ],
  ],
  exists: [
    ['exists: true on a present field', { detail: { state: [{ exists: true }] } }, ec2Event, true],
    ['exists: true on a missing field', { detail: { 'c-count': [{ exists: true }] } }, ec2Event, false],
    ['exists: false on a missing field', { detail: { 'c-count': [{ exists: false }] } }, ec2Event, true],
    ['exists: false on a present field', { detail: { state: [{ exists: false }] } }, ec2Event, false],
    [
      'exists: false when the field is an object (not a leaf)',
      { detail: { 'c-count': [{ exists: false }] } },
      withDetail({ 'c-count': { c1: 100 } }),
      true,
    ],
    [
      'exists: true on an explicit null',
      { detail: { v: [{ exists: true }] } },
      withDetail({ v: null }),
      true,
    ],
    [
      'exists: false under a missing parent',
      { detail: { a: { b: [{ exists: false }] } } },
      withDetail({}),
      true,
    ],
  ],
  cidr: [
    [
      'IPv4 inside the block',
      { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
      withDetail({ sourceIPAddress: '10.0.0.17' }),
      true,
    ],
    [
      'IPv4 outside the block',
      { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
      withDetail({ sourceIPAddress: '10.0.1.17' }),
      false,
    ],
    [
      'IPv6 inside the block',
      { detail: { ip: [{ cidr: '2001:db8::/32' }] } },
      withDetail({ ip: '2001:db8::1' }),
      true,
    ],
    ['not an address', { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, withDetail({ ip: 'localhost' }), false],
  ],
  $or: [
    [
      'first alternative',
      {
        detail: {
          $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }],
        },
      },
      withDetail({ 'c-count': 3 }),
      true,
    ],
    [
      'second alternative',
      {
        detail: {
          $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }],
        },
      },
      withDetail({ 'd-count': 3 }),
      true,
    ],
    [
      'neither alternative',
      {
        detail: {
          $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }],
        },
      },
      withDetail({ 'c-count': 9, 'd-count': 30 }),
      false,
    ],
    [
      'top-level $or across fields',
      { $or: [{ source: ['aws.s3'] }, { detail: { state: ['terminated'] } }], region: ['us-west-1'] },
      ec2Event,
      true,
    ],
    [
      '$or AND another field that fails',
      { $or: [{ source: ['aws.s3'] }, { source: ['aws.ec2'] }], region: ['eu-west-1'] },
      ec2Event,
      false,
    ],
  ],
};

describe('event pattern matching', () => {
  for (const [operator, cases] of Object.entries(tables)) {
    describe(operator, () => {
      it.each(cases)('%s', (_name, pattern, event, expected) => {
        expect(matchesEventPattern(pattern, event)).toBe(expected);
      });
    });
  }

  it('accepts the pattern as JSON text, as PutRule receives it', () => {
    const compiled = compileEventPattern(JSON.stringify({ source: ['aws.ec2'] }));
    expect(compiled.matches(ec2Event)).toBe(true);
    expect(compiled.matches({ ...ec2Event, source: 'aws.s3' })).toBe(false);
  });
});

describe('event pattern validation (InvalidEventPatternException on PutRule)', () => {
  const invalid: Array<[string, unknown]> = [
    ['not JSON', '{"source": '],
    ['not an object', ['aws.ec2']],
    ['an empty pattern', {}],
    ['a leaf that is not an array', { source: 'aws.ec2' }],
    ['an empty array', { source: [] }],
    ['an unknown operator', { source: [{ contains: 'ec2' }] }],
    ['two operators in one object', { source: [{ prefix: 'a', suffix: 'b' }] }],
    ['numeric with a bad operator', { detail: { n: [{ numeric: ['!=', 1] }] } }],
    ['numeric with a string value', { detail: { n: [{ numeric: ['>', '1'] }] } }],
    ['numeric range upside down', { detail: { n: [{ numeric: ['>', 5, '<', 1] }] } }],
    ['numeric out of range', { detail: { n: [{ numeric: ['>', 1e10] }] } }],
    ['exists with a string', { detail: { n: [{ exists: 'yes' }] } }],
    ['prefix with a number', { source: [{ prefix: 1 }] }],
    ['anything-but with a mixed list', { source: [{ 'anything-but': ['a', 1] }] }],
    ['anything-but with an unknown operator', { source: [{ 'anything-but': { numeric: ['>', 1] } }] }],
    ['wildcard with consecutive stars', { source: [{ wildcard: 'a**b' }] }],
    ['malformed cidr', { detail: { ip: [{ cidr: '10.0.0.0/40' }] } }],
    ['$or with one alternative', { $or: [{ source: ['a'] }] }],
  ];
  it.each(invalid)('rejects %s', (_name, pattern) => {
    expect(() => compileEventPattern(pattern)).toThrow(InvalidEventPatternError);
    expect(() => compileEventPattern(pattern)).toThrow(/^Event pattern is not valid\. Reason: /);
  });
});
