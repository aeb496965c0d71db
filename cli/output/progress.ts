// Progress of long work (many files) on stderr: a redrawn bar with counts, rate and ETA when stderr is
// a terminal (drawn by cli-progress), and a plain line every few seconds when it is not (CI logs,
// `2> file`), so a long run is never silent. `--quiet` turns both off. stdout is never touched.
import cliProgress from 'cli-progress';
import { outputClosed } from './stdout.js';

export interface ProgressOptions {
  /** What is being done, first on every line: the command name. */
  label: string;
  /** How many items there are in all. */
  total: number;
  /** Plural noun for the items ("files"). */
  unit?: string;
  /** No progress output at all (`--quiet`); log() still writes. */
  quiet?: boolean;
  /** Where progress goes (stderr). */
  stream?: NodeJS.WriteStream;
  /** Milliseconds between lines when `stream` is not a terminal (ARTICLE_PIPELINE_PROGRESS_INTERVAL, in seconds; 5). */
  intervalMs?: number;
  /** Whether stop() writes a summary line (count, time, rate); default true. */
  summary?: boolean;
}

export interface Progress {
  /** Records `count` more items done, `failed` of them failed. */
  tick(count?: number, failed?: number): void;
  /** A short note shown after the counts (e.g. "uploaded 120/400"); '' removes it. */
  note(text: string): void;
  /** Writes a line on stderr without breaking the bar (instead of writing to stderr directly). */
  log(line: string): void;
  /** Removes the bar and, if progress was shown, writes the summary line (unless `summary: false`, nothing was done or stdout was closed early). Idempotent. */
  stop(): void;
}

/** Below this many items there is nothing worth a bar. */
const MIN_ITEMS = 2;

export function progressIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.ARTICLE_PIPELINE_PROGRESS_INTERVAL);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 5000;
}

/** "1 h 02 min", "3 min 05 s", "42 s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** The state behind every rendering: counts, rate and ETA. */
class Counts {
  done = 0;
  failed = 0;
  noteText = '';
  readonly started = Date.now();
  /** When the first item finished, and how many were then done: the pace is measured from there on, so startup (loading models, starting a stack) does not skew the ETA. */
  private first: { at: number; done: number } | null = null;
  constructor(
    readonly total: number,
    readonly unit: string,
  ) {}
  add(done: number, failed: number) {
    this.first ??= { at: Date.now(), done: this.done + done };
    this.done += done;
    this.failed += failed;
  }
  /**
   * Items per second since the first item finished; null until a later one has (the first one's time
   * is mostly startup, which would make the ETA absurd).
   */
  get pace(): number | null {
    if (!this.first || this.done <= this.first.done) return null;
    const since = Date.now() - this.first.at;
    return since > 0 ? ((this.done - this.first.done) * 1000) / since : null;
  }
  get averageRate(): number {
    return (this.done * 1000) / Math.max(1, Date.now() - this.started);
  }
  rateText(rate: number | null): string {
    return `${rate === null ? '?' : rate < 10 ? rate.toFixed(1) : Math.round(rate)} ${this.unit}/s`;
  }
  get eta(): string {
    const pace = this.pace;
    return pace ? formatDuration(((this.total - this.done) / pace) * 1000) : '?';
  }
  get extras(): string {
    return (this.failed ? `, ${this.failed} failed` : '') + (this.noteText ? `, ${this.noteText}` : '');
  }
  /** The line for a non-terminal: "process: 120/400 files (30%), 5.1 files/s, ETA 55 s". */
  line(label: string): string {
    const percent = Math.floor((this.done / this.total) * 100);
    return `${label}: ${this.done}/${this.total} ${this.unit} (${percent}%), ${this.rateText(this.pace)}, ETA ${this.eta}${this.extras}`;
  }
  /** The bar's text after the bar itself: "120/400 files | 5.1 files/s | ETA 55 s". */
  barText(): string {
    return `${this.done}/${this.total} ${this.unit} | ${this.rateText(this.pace)} | ETA ${this.eta}${this.extras}`;
  }
  /** "process: 400/400 files in 1 min 15 s (5.3 files/s), 398 ok, 2 failed". */
  summary(label: string): string {
    return (
      `${label}: ${this.done}/${this.total} ${this.unit} in ${formatDuration(Date.now() - this.started)} (${this.rateText(this.averageRate)})` +
      (this.failed ? `, ${this.done - this.failed} ok, ${this.failed} failed` : '')
    );
  }
}

const silent = (stream: NodeJS.WriteStream): Progress => ({
  tick() {},
  note() {},
  log: (line) => void stream.write(`${line}\n`),
  stop() {},
});

/** Starts reporting progress over `total` items. Call stop() in a finally block. */
export function startProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.quiet || options.total < MIN_ITEMS) return silent(stream);
  const counts = new Counts(options.total, options.unit ?? 'items');
  return stream.isTTY ? terminalProgress(options, counts, stream) : lineProgress(options, counts, stream);
}

function lineProgress(options: ProgressOptions, counts: Counts, stream: NodeJS.WriteStream): Progress {
  // unref: a forgotten stop() must not keep the process alive.
  const timer = setInterval(
    () => stream.write(`${counts.line(options.label)}\n`),
    options.intervalMs ?? progressIntervalMs(),
  ).unref();
  let stopped = false;
  return {
    tick: (count = 1, failed = 0) => counts.add(count, failed),
    note: (text) => void (counts.noteText = text),
    log: (line) => void stream.write(`${line}\n`),
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      if (options.summary !== false && counts.done > 0 && !outputClosed())
        stream.write(`${counts.summary(options.label)}\n`);
    },
  };
}

function terminalProgress(options: ProgressOptions, counts: Counts, stream: NodeJS.WriteStream): Progress {
  const { label } = options;
  // MultiBar, even for one bar, because it can print log lines above the bar.
  const bars = new cliProgress.MultiBar({
    stream,
    clearOnComplete: true,
    hideCursor: false, // a Ctrl-C must not leave the user's cursor hidden
    fps: 5,
    barsize: Math.max(10, Math.min(30, (stream.columns ?? 80) - 60)),
    barCompleteChar: '\u2588',
    barIncompleteChar: '\u2591',
    format: `${label} {bar} {counts}`,
  });
  const bar = bars.create(counts.total, 0, { counts: counts.barText() });
  // Rate, ETA and note change between items too: refreshed before every redraw.
  bars.on('update-pre', () => bar.update(counts.done, { counts: counts.barText() }));
  let stopped = false;
  return {
    tick: (count = 1, failed = 0) => counts.add(count, failed),
    note: (text) => void (counts.noteText = text),
    log: (line) => (stopped ? void stream.write(`${line}\n`) : bars.log(`${line}\n`)),
    stop() {
      if (stopped) return;
      stopped = true;
      bars.update(); // prints log lines still waiting for the next redraw
      bars.stop();
      if (options.summary !== false && counts.done > 0 && !outputClosed())
        stream.write(`${counts.summary(label)}\n`);
    },
  };
}
