// The EventBridge adapter, through the SDK to the test bus endpoint (which can reject entries), against
// the same contract as the in-memory fake (tests/unit/publisher-fake.test.ts).
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { createEventBridgeClient } from '../../shared/adapters/aws-clients.js';
import { EventBridgePublisher } from '../../shared/adapters/eventbridge/eventbridge-publisher.js';
import { publisherContract, type PublisherUnderTest } from '../fakes/publisher-contract.js';
import { startStack, type Stack } from './handler-harness.js';

let stack: Stack;
let underTest: PublisherUnderTest;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('EventBridgePublisher (test bus endpoint)', () => {
  beforeEach(() => {
    const from = stack.events.length;
    const attempts = new Map<string, number>();
    stack.failEvents = null;
    underTest = {
      publisher: new EventBridgePublisher(createEventBridgeClient(), {
        busName: stack.busName,
        maxAttempts: 3,
        baseDelayMs: 1,
      }),
      reject: (decide) => {
        stack.failEvents =
          decide &&
          ((entry) => {
            const { eventId } = JSON.parse(entry.Detail) as { eventId: string };
            const attempt = (attempts.get(eventId) ?? 0) + 1;
            attempts.set(eventId, attempt);
            return decide(eventId, attempt);
          });
      },
      accepted: () => stack.events.slice(from).map((e) => e.detail.eventId),
    };
  });
  publisherContract(() => underTest);
});
