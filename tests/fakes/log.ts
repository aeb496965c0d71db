import type { Log } from '../../shared/app/ports.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  attributes: Record<string, unknown>;
}

/** A Log that keeps what was logged, for assertions. */
export class RecordingLog implements Log {
  readonly entries: LogEntry[] = [];
  debug(message: string, attributes: Record<string, unknown>): void {
    this.entries.push({ level: 'debug', message, attributes });
  }
  info(message: string, attributes: Record<string, unknown>): void {
    this.entries.push({ level: 'info', message, attributes });
  }
  warn(message: string, attributes: Record<string, unknown>): void {
    this.entries.push({ level: 'warn', message, attributes });
  }
  error(message: string, attributes: Record<string, unknown>): void {
    this.entries.push({ level: 'error', message, attributes });
  }
  at(level: LogEntry['level']): LogEntry[] {
    return this.entries.filter((e) => e.level === level);
  }
}
