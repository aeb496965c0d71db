import type { Clock } from '../../shared/app/ports.js';

/** A clock that moves only when told to (or by `stepMs` on every reading, for distinct timestamps). */
export class FakeClock implements Clock {
  private current: number;

  constructor(
    start: string | Date = '2026-01-01T00:00:00.000Z',
    private readonly stepMs = 0,
  ) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    const reading = new Date(this.current);
    this.current += this.stepMs;
    return reading;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  set(at: string | Date): void {
    this.current = new Date(at).getTime();
  }
}
