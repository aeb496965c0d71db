// How the local bus shapes what a rule target receives (Input, InputPath, InputTransformer), as
// EventBridge documents it, and which target ARNs it can deliver to.
import { describe, expect, it } from 'vitest';
import {
  isDeliverableTarget,
  renderTemplate,
  targetPayload,
  valueAtPath,
} from '../../infra/local/rule-targets.js';

const event = {
  version: '0',
  id: 'e-1',
  'detail-type': 'Statement Processed',
  source: 'article-pipeline',
  time: '2026-03-03T09:15:01Z',
  detail: {
    text: 'He said "no".',
    index: 2,
    quotes: [{ speaker: { name: 'Alice Brown' } }],
  },
};
const rule = { name: 'quotes', arn: 'arn:aws:events:us-east-1:000000000000:rule/bus/quotes' };

describe('JSON paths', () => {
  it.each([
    ['$', event],
    ['$.detail.index', 2],
    ['$.detail.quotes[0].speaker.name', 'Alice Brown'],
    ["$['detail-type']", 'Statement Processed'],
    ['$.detail.missing', undefined],
    ['$.detail.quotes[3].speaker', undefined],
  ])('%s', (path, expected) => {
    expect(valueAtPath(event, path)).toEqual(expected);
  });
});

describe('input transformer templates', () => {
  const paths = {
    text: '$.detail.text',
    index: '$.detail.index',
    quote: '$.detail.quotes[0]',
    none: '$.nope',
  };
  it.each([
    ['a string inside quotes is its text, escaped', '{"t": "<text>"}', { t: 'He said "no".' }],
    ['a string outside quotes is a JSON string', '{"t": <text>}', { t: 'He said "no".' }],
    ['a number outside quotes', '{"i": <index>}', { i: 2 }],
    ['an object outside quotes', '{"q": <quote>}', { q: { speaker: { name: 'Alice Brown' } } }],
    [
      'text around a placeholder',
      '{"s": "statement <index> (<text>)"}',
      { s: 'statement 2 (He said "no".)' },
    ],
    ['a missing path is null', '{"n": <none>}', { n: null }],
    [
      'predefined variables',
      '{"r": "<aws.events.rule-name>", "e": <aws.events.event.json>}',
      { r: 'quotes', e: event },
    ],
    ['an unknown placeholder stays as written', '{"x": "<unknown>"}', { x: '<unknown>' }],
  ])('%s', (_name, template, expected) => {
    expect(JSON.parse(renderTemplate(template, paths, event, rule))).toEqual(expected);
  });
});

describe('target payloads', () => {
  it('is the whole event by default, else Input, InputPath or the transformer', () => {
    expect(JSON.parse(targetPayload({ Id: 't', Arn: 'x' }, event, rule))).toEqual(event);
    expect(targetPayload({ Id: 't', Arn: 'x', Input: '{"fixed":true}' }, event, rule)).toBe('{"fixed":true}');
    expect(
      JSON.parse(targetPayload({ Id: 't', Arn: 'x', InputPath: '$.detail.quotes' }, event, rule)),
    ).toEqual(event.detail.quotes);
    expect(
      targetPayload(
        {
          Id: 't',
          Arn: 'x',
          InputTransformer: { InputPathsMap: { i: '$.detail.index' }, InputTemplate: '"n=<i>"' },
        },
        event,
        rule,
      ),
    ).toBe('"n=2"');
  });

  it.each([
    ['arn:aws:sqs:us-east-1:000000000000:my-queue', true],
    ['arn:aws:sqs:eu-west-1:123456789012:orders.fifo', true],
    ['http://127.0.0.1:8080/hook', true],
    ['https://example.test/hook', true],
    ['arn:aws:lambda:us-east-1:000000000000:function:f', false],
    ['arn:aws:sns:us-east-1:000000000000:topic', false],
  ])('delivers to %s: %s', (arn, expected) => {
    expect(isDeliverableTarget(arn)).toBe(expected);
  });
});
