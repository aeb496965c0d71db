// Durable SQS for the embedded stack. fauxqs 1.9 keeps queues and messages in memory only (its README:
// "No persistence"), so a crash of the stack would lose every queued S3 notification and every message
// being processed. This module gives fauxqs a write-ahead journal, `<stateDir>/queues.jsonl`:
//
//   {"op":"queue","name":…,"arn":…,"attributes":{…},"tags":{…}}   a queue was created or changed
//   {"op":"drop","arn":…}                                          a queue was deleted
//   {"op":"put","arn":…,"message":{…}}                             a message was sent (or moved to the DLQ)
//   {"op":"recv","arn":…,"ids":[…]}                                messages were received (receive count + 1)
//   {"op":"del","arn":…,"id":…}                                    a message was deleted
//   {"op":"purge","arn":…}                                         the queue was purged
//
// Every line is written synchronously (AppendLog) inside fauxqs's request handling, before the SQS API
// answers: a SendMessage that returned a MessageId is on disk. On start the journal is replayed and
// compacted (queues that exist, messages not deleted), and the messages are put back into their queues
// with their ids and receive counts. A message that was in flight when the stack died is visible again
// at once (its consumer died with the stack); with the same message id, the handler's lease on its
// article is its own and it takes over where the killed attempt stopped. Receive counts survive, so a
// message that crashes the stack every time still reaches the DLQ after maxReceiveCount receives.
//
// The hooks wrap fauxqs's queue objects (SqsStore/SqsQueue, loaded from the package's dist folder since
// its exports map only publishes buildApp): enqueue, dequeue, deleteMessage, purge, setAttributes. They
// are what fauxqs 1.9 calls for SendMessage(Batch), ReceiveMessage (and its DLQ redrive),
// DeleteMessage(Batch), PurgeQueue, SetQueueAttributes. fauxqs is pinned to 1.9.x in package.json; a
// layout change fails loudly here at start, not silently.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { AppendLog } from './append-log.js';

/** A message as fauxqs stores it (only the fields this module reads; the rest is kept as is). */
export interface FauxqsMessage {
  messageId: string;
  body: string;
  approximateReceiveCount: number;
  delayUntil?: number;
  [field: string]: unknown;
}

interface FauxqsQueue {
  name: string;
  url: string;
  arn: string;
  attributes: Record<string, string>;
  tags: Map<string, string>;
  inflightMessages: Map<string, { message: FauxqsMessage }>;
  enqueue(message: FauxqsMessage): void;
  dequeue(...args: unknown[]): Array<{ MessageId: string }>;
  deleteMessage(receiptHandle: string): boolean;
  purge(): void;
  setAttributes(attributes: Record<string, string>): void;
  inspectMessages(): {
    ready: FauxqsMessage[];
    delayed: FauxqsMessage[];
    inflight: Array<{ message: FauxqsMessage }>;
  };
}

/** fauxqs's SqsStore, as far as this module uses it (it is passed to buildApp as `stores.sqsStore`). */
export interface FauxqsSqsStore {
  createQueue(
    name: string,
    url: string,
    arn: string,
    attributes?: Record<string, string>,
    tags?: Record<string, string>,
  ): FauxqsQueue;
  deleteQueue(url: string): boolean;
  getQueue(url: string): FauxqsQueue | undefined;
  getQueueByArn(arn: string): FauxqsQueue | undefined;
  buildQueueUrl(name: string, port: string, requestHost: string, region: string): string;
}

type SqsStoreClass = new () => FauxqsSqsStore;

type JournalEntry =
  | {
      op: 'queue';
      name: string;
      arn: string;
      attributes: Record<string, string>;
      tags: Record<string, string>;
    }
  | { op: 'drop'; arn: string }
  | { op: 'put'; arn: string; message: FauxqsMessage }
  | { op: 'recv'; arn: string; ids: string[] }
  | { op: 'del'; arn: string; id: string }
  | { op: 'purge'; arn: string };

interface JournaledQueue {
  name: string;
  arn: string;
  attributes: Record<string, string>;
  tags: Record<string, string>;
}

/** A message moved from one queue to another by fauxqs (a RedrivePolicy: to the dead-letter queue). */
export interface MessageMove {
  messageId: string;
  body: string;
  from: string;
  to: string;
  receiveCount: number;
}

export interface DurableQueuesOptions {
  /** Flush every journal line to the disk (survives a power cut, not only a crash of the process). */
  fsync?: boolean;
  onMove?: (move: MessageMove) => void;
}

async function loadSqsStoreClass(): Promise<SqsStoreClass> {
  const url = new URL('./sqs/sqsStore.js', import.meta.resolve('fauxqs'));
  const mod = (await import(url.href)) as { SqsStore?: unknown };
  if (typeof mod.SqsStore !== 'function')
    throw new Error(
      `fauxqs changed its layout: no SqsStore in ${url.href} (the journal needs fauxqs 1.9.x).`,
    );
  return mod.SqsStore as SqsStoreClass;
}

/** What the journal says exists: queues and the messages not deleted, in the order they were sent. */
export function replayJournal(lines: string[]): {
  queues: Map<string, JournaledQueue>;
  messages: Map<string, { arn: string; message: FauxqsMessage }>;
} {
  const queues = new Map<string, JournaledQueue>();
  const messages = new Map<string, { arn: string; message: FauxqsMessage }>();
  for (const line of lines) {
    if (!line.trim()) continue;
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      continue; // a line cut short by the crash: its request was never answered
    }
    switch (entry.op) {
      case 'queue':
        queues.set(entry.arn, {
          name: entry.name,
          arn: entry.arn,
          attributes: entry.attributes,
          tags: entry.tags,
        });
        break;
      case 'drop':
      case 'purge':
        if (entry.op === 'drop') queues.delete(entry.arn);
        for (const [id, m] of messages) if (m.arn === entry.arn) messages.delete(id);
        break;
      case 'put':
        // A move (to the DLQ) re-inserts the message: it keeps its place in the order of its new queue.
        messages.delete(entry.message.messageId);
        messages.set(entry.message.messageId, { arn: entry.arn, message: { ...entry.message } });
        break;
      case 'recv':
        for (const id of entry.ids) {
          const m = messages.get(id);
          if (m && m.arn === entry.arn) m.message.approximateReceiveCount += 1;
        }
        break;
      case 'del': {
        const m = messages.get(entry.id);
        if (m && m.arn === entry.arn) messages.delete(entry.id);
        break;
      }
    }
  }
  for (const [id, m] of messages) if (!queues.has(m.arn)) messages.delete(id);
  return { queues, messages };
}

const regionOf = (arn: string) => arn.split(':')[3] ?? 'us-east-1';

export class DurableQueues {
  /** Pass to fauxqs's buildApp as `stores.sqsStore`. */
  readonly store: FauxqsSqsStore;
  private readonly log: AppendLog;
  /** Which queue each message not yet deleted is in (to tell a move to the DLQ from a send). */
  private readonly location = new Map<string, string>();
  private restoring = false;

  private constructor(
    StoreClass: SqsStoreClass,
    file: string,
    private readonly pending: ReturnType<typeof replayJournal>,
    private readonly options: DurableQueuesOptions,
  ) {
    this.log = new AppendLog(file, { fsync: options.fsync });
    for (const [id, { arn }] of pending.messages) this.location.set(id, arn);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the subclass's hooks report to this journal
    const journal = this;
    class JournaledSqsStore extends StoreClass {
      override createQueue(
        name: string,
        url: string,
        arn: string,
        attributes?: Record<string, string>,
        tags?: Record<string, string>,
      ): FauxqsQueue {
        const queue = super.createQueue(name, url, arn, attributes, tags);
        journal.attach(queue);
        journal.writeQueue(queue);
        return queue;
      }

      override deleteQueue(url: string): boolean {
        const queue = this.getQueue(url);
        const deleted = super.deleteQueue(url);
        if (deleted && queue) journal.forgetQueue(queue.arn, 'drop');
        return deleted;
      }
    }
    this.store = new JournaledSqsStore();
  }

  /**
   * Reads and compacts the journal (what survives: queues and undeleted messages), then opens it for
   * appending. Call restore() once the SQS server listens to put the messages back.
   */
  static async open(file: string, options: DurableQueuesOptions = {}): Promise<DurableQueues> {
    const StoreClass = await loadSqsStoreClass();
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
    const state = replayJournal(lines);
    const compacted: JournalEntry[] = [
      ...[...state.queues.values()].map((q) => ({ op: 'queue' as const, ...q })),
      ...[...state.messages.values()].map(({ arn, message }) => ({ op: 'put' as const, arn, message })),
    ];
    // Written aside and renamed over the old journal: a crash here leaves one or the other, whole.
    writeFileSync(`${file}.tmp`, compacted.map((e) => JSON.stringify(e) + '\n').join(''));
    renameSync(`${file}.tmp`, file);
    return new DurableQueues(StoreClass, file, state, options);
  }

  /**
   * Re-creates the journaled queues the stack has not created itself and puts the surviving messages
   * back, visible at once. `port` is the SQS server's (queue URLs name it). Returns how many messages
   * were restored per queue name.
   */
  restore(port: number): Map<string, number> {
    const restored = new Map<string, number>();
    this.restoring = true;
    try {
      for (const q of this.pending.queues.values()) {
        if (this.store.getQueueByArn(q.arn)) continue;
        const url = this.store.buildQueueUrl(q.name, String(port), `127.0.0.1:${port}`, regionOf(q.arn));
        this.store.createQueue(q.name, url, q.arn, q.attributes, q.tags);
      }
      for (const { arn, message } of this.pending.messages.values()) {
        const queue = this.store.getQueueByArn(arn);
        if (!queue) continue;
        queue.enqueue(message);
        restored.set(queue.name, (restored.get(queue.name) ?? 0) + 1);
      }
    } finally {
      this.restoring = false;
      this.pending.messages.clear();
      this.pending.queues.clear();
    }
    return restored;
  }

  /** Bodies of the messages waiting, delayed or in flight in a queue (restored ones included). */
  bodiesIn(arn: string): string[] {
    const messages = this.store.getQueueByArn(arn)?.inspectMessages();
    if (!messages) return [];
    return [...messages.ready, ...messages.delayed, ...messages.inflight.map((e) => e.message)].map(
      (m) => m.body,
    );
  }

  close(): void {
    this.log.close();
  }

  private write(entry: JournalEntry): void {
    if (this.restoring) return; // restored state is already in the compacted journal
    this.log.append(JSON.stringify(entry) + '\n');
  }

  private writeQueue(queue: FauxqsQueue): void {
    this.write({
      op: 'queue',
      name: queue.name,
      arn: queue.arn,
      attributes: { ...queue.attributes },
      tags: Object.fromEntries(queue.tags),
    });
  }

  private forgetQueue(arn: string, op: 'drop' | 'purge'): void {
    this.write({ op, arn });
    for (const [id, where] of this.location) if (where === arn) this.location.delete(id);
  }

  /** Wraps the queue's state-changing methods so that each change is journaled before SQS answers. */
  private attach(queue: FauxqsQueue): void {
    const enqueue = queue.enqueue.bind(queue);
    const dequeue = queue.dequeue.bind(queue);
    const deleteMessage = queue.deleteMessage.bind(queue);
    const purge = queue.purge.bind(queue);
    const setAttributes = queue.setAttributes.bind(queue);

    queue.enqueue = (message) => {
      const from = this.location.get(message.messageId);
      this.write({ op: 'put', arn: queue.arn, message });
      this.location.set(message.messageId, queue.arn);
      enqueue(message);
      if (from && from !== queue.arn && !this.restoring) {
        this.options.onMove?.({
          messageId: message.messageId,
          body: message.body,
          from: from.split(':').pop() ?? from,
          to: queue.name,
          receiveCount: message.approximateReceiveCount,
        });
      }
    };
    queue.dequeue = (...args) => {
      const received = dequeue(...args);
      if (received.length) this.write({ op: 'recv', arn: queue.arn, ids: received.map((m) => m.MessageId) });
      return received;
    };
    queue.deleteMessage = (receiptHandle) => {
      const id = queue.inflightMessages.get(receiptHandle)?.message.messageId;
      const deleted = deleteMessage(receiptHandle);
      if (deleted && id) {
        this.write({ op: 'del', arn: queue.arn, id });
        this.location.delete(id);
      }
      return deleted;
    };
    queue.purge = () => {
      purge();
      this.forgetQueue(queue.arn, 'purge');
    };
    queue.setAttributes = (attributes) => {
      setAttributes(attributes);
      this.writeQueue(queue);
    };
  }
}
