// An append-only file written synchronously: when append() returns, the bytes are in the operating
// system's file cache, so they survive the process being killed (kill -9, a crash, an OOM kill). With
// `fsync` they are also flushed to the disk before append() returns (a power cut loses nothing), at
// about 5 ms per call on this machine's disk, which is why it is an option.
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';

export interface AppendLogOptions {
  /** Flush every append to the disk (fdatasync) before returning. */
  fsync?: boolean;
}

export class AppendLog {
  private fd: number | null;

  constructor(
    readonly file: string,
    private readonly options: AppendLogOptions = {},
  ) {
    this.fd = openSync(file, 'a');
  }

  /** Appends `text` (one write call); returns once it is durable as configured. */
  append(text: string): void {
    if (this.fd === null) throw new Error(`${this.file} is closed.`);
    const bytes = Buffer.from(text, 'utf8');
    // writeSync may write less than asked (it rarely does for regular files): loop until done.
    for (let offset = 0; offset < bytes.length;)
      offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
    if (this.options.fsync) fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}
