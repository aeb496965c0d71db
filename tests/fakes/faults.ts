/**
 * Failure injection shared by the fakes: an operation told to fail throws before it changes anything,
 * the way a timed-out or throttled AWS call does. Every call is logged, in order, for assertions.
 */
export class Faults<Op extends string> {
  readonly calls: Op[] = [];
  private readonly planned = new Map<Op, Array<() => Error>>();

  /** The next `times` calls of `op` throw (a fresh error each time; default: a throttling-like error). */
  failNext(op: Op, error: Error | (() => Error) = transientError(op), times = 1): void {
    const make = typeof error === 'function' ? error : () => error;
    const queue = this.planned.get(op) ?? [];
    for (let i = 0; i < times; i++) queue.push(make);
    this.planned.set(op, queue);
  }

  /** Cancels every planned failure. */
  clear(): void {
    this.planned.clear();
  }

  /** Logs the call and throws if a failure is planned for it. */
  enter(op: Op): void {
    this.calls.push(op);
    const make = this.planned.get(op)?.shift();
    if (make) throw make();
  }

  count(op: Op): number {
    return this.calls.filter((c) => c === op).length;
  }
}

/** What the SDK throws when a service throttles: a plain Error with a service error name. */
export function transientError(op: string): Error {
  const err = new Error(`injected failure of ${op}`);
  err.name = 'ThrottlingException';
  return err;
}
