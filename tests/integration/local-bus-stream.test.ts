// The bus's server-sent events stream (for the browser viewer): read as a browser's EventSource
// would, over HTTP from the running embedded stack, with an EventBridge pattern as the filter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBusTestStack, type BusTestStack } from './local-stack.helpers.js';

interface SseMessage {
  id?: string;
  data: string;
}

/** Opens the stream and collects its messages until `count` arrived (or the timeout). */
async function openStream(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const messages: SseMessage[] = [];
  let buffer = '';
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
          if (data.length === 0) continue;
          const id = lines.find((l) => l.startsWith('id: '))?.slice(4);
          messages.push({ ...(id ? { id } : {}), data: data.join('\n') });
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    response,
    messages,
    async waitFor(count: number, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return messages;
    },
    async close() {
      abort.abort();
      await pump;
    },
  };
}

describe('server-sent events of the local bus', () => {
  let bus: BusTestStack;
  let streamUrl: string;
  const put = (detailType: string, detail: object) => bus.put([detailType, detail]);

  beforeAll(async () => {
    bus = await startBusTestStack('bus-stream-');
    streamUrl = bus.stack.endpoints.eventStream;
  });
  afterAll(() => bus?.stop());

  it('streams matching events as JSON with their ids; a reconnect gets what it missed', async () => {
    const pattern = JSON.stringify({ 'detail-type': ['Article Processed', 'Article Failed'] });
    const stream = await openStream(`${streamUrl}?pattern=${encodeURIComponent(pattern)}`);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get('access-control-allow-origin')).toBe('*');

    await put('Statement Processed', { n: 1 });
    const [entry] = await put('Article Processed', { n: 2 });
    await put('Article Failed', { n: 3 });
    const messages = await stream.waitFor(2);
    await stream.close();
    expect(
      messages.map((m) => JSON.parse(m.data) as { detail: { n: number } }).map((e) => e.detail.n),
    ).toEqual([2, 3]);
    expect(messages[0]!.id).toBe(entry!.EventId);
    expect(JSON.parse(messages[0]!.data)).toMatchObject({
      version: '0',
      source: 'article-pipeline',
      'detail-type': 'Article Processed',
      region: 'us-east-1',
    });

    // Events put while disconnected come first after a reconnect with Last-Event-ID.
    await put('Article Failed', { n: 4 });
    const again = await openStream(`${streamUrl}?pattern=${encodeURIComponent(pattern)}`, {
      'last-event-id': messages[0]!.id!,
    });
    await put('Article Processed', { n: 5 });
    const resumed = await again.waitFor(3);
    await again.close();
    expect(resumed.map((m) => (JSON.parse(m.data) as { detail: { n: number } }).detail.n)).toEqual([3, 4, 5]);
  });

  it('streams everything without a pattern and rejects an invalid one', async () => {
    const all = await openStream(streamUrl);
    await put('Statement Processed', { n: 6 });
    const [first] = await all.waitFor(1);
    await all.close();
    expect((JSON.parse(first!.data) as { detail: { n: number } }).detail.n).toBe(6);

    const bad = await fetch(`${streamUrl}?pattern=${encodeURIComponent('{"source":"x"}')}`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/Event pattern is not valid/);
  });
});
