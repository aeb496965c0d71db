// The bus's server-sent events, shared by every page: one EventSource, filtered on the server to the
// article events, with the last few kept so that a late subscriber (an upload that has just returned)
// still sees an event that came first.
import type { ArticleEvent } from './types.js';

export type { ArticleEvent };
type Listener = (event: ArticleEvent) => void;
export type StreamState = 'connecting' | 'live' | 'offline' | 'none';

const RECENT = 200;
const PATTERN = JSON.stringify({ 'detail-type': ['Article Processed', 'Article Failed'] });

export class LiveEvents {
  private readonly listeners = new Set<Listener>();
  private readonly stateListeners = new Set<(state: StreamState) => void>();
  private readonly recent: ArticleEvent[] = [];
  private source: EventSource | null = null;
  state: StreamState = 'none';

  constructor(url: string | null) {
    if (!url) return;
    this.setState('connecting');
    const source = new EventSource(`${url}?pattern=${encodeURIComponent(PATTERN)}`);
    source.onopen = () => this.setState('live');
    source.onerror = () => this.setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    source.onmessage = (message: MessageEvent<string>) => {
      const envelope = JSON.parse(message.data) as {
        id: string;
        time: string;
        'detail-type': ArticleEvent['type'];
        detail: ArticleEvent['detail'];
      };
      const event: ArticleEvent = {
        type: envelope['detail-type'],
        id: envelope.id,
        time: envelope.time,
        detail: envelope.detail,
      };
      this.recent.push(event);
      if (this.recent.length > RECENT) this.recent.shift();
      for (const listener of this.listeners) listener(event);
    };
    this.source = source;
  }

  /** Calls `listener` for each new article event (and, with `replay`, the recent ones). */
  subscribe(listener: Listener, replay = false): () => void {
    if (replay) for (const event of this.recent) listener(event);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener: (state: StreamState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  close(): void {
    this.source?.close();
  }

  private setState(state: StreamState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
