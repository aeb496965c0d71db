// Drop files (or choose them) to upload them into the incoming prefix through the stack's upload
// endpoint, then follow each from queued to processed or failed through the bus's events (and the
// upload endpoint's status, for a text that was processed before and is not announced again).
import { useEffect, useRef, useState } from 'preact/hooks';
import { href } from './router.js';
import { useServices } from './services.js';

interface Upload {
  id: number;
  name: string;
  state: 'uploading' | 'queued' | 'processed' | 'failed';
  key?: string;
  articleId?: string | null;
  message?: string;
}

/** What GET <upload endpoint>/status answers (infra/local/viewer-server.ts). */
interface UploadStatus {
  state: 'queued' | 'processed' | 'failed';
  articleId: string | null;
  error: { code: string; message: string } | null;
  alreadyProcessed: boolean;
}

/** How often a queued upload's record is read, for what the bus does not announce. */
const STATUS_POLL_MS = 2000;

let nextUploadId = 1;

export function DropZone({ endpoint }: { endpoint: string }) {
  const { live } = useServices();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const update = (id: number, change: Partial<Upload>) =>
    setUploads((list) => list.map((u) => (u.id === id ? { ...u, ...change } : u)));

  // An upload is done when the bus announces its object (replayed: the event may beat the response),
  // or when the pipeline's record of it says so: a text processed before is not announced again.
  const follow = (id: number, key: string, uploadedAt: string) => {
    let done = false;
    let poll: ReturnType<typeof setInterval> | undefined;
    const stop = () => {
      unsubscribe();
      clearInterval(poll);
    };
    const finish = (change: Partial<Upload>) => {
      if (done) return;
      done = true;
      // Later: a replayed event finishes it while live.subscribe below has not returned yet.
      queueMicrotask(stop);
      update(id, change);
    };
    const unsubscribe = live.subscribe((event) => {
      if (event.detail.source.key !== key) return;
      if (event.type === 'Article Processed')
        finish({ state: 'processed', articleId: event.detail.articleId, message: undefined });
      else
        finish({
          state: 'failed',
          articleId: event.detail.articleId,
          message: `${event.detail.error?.code}: ${event.detail.error?.message}`,
        });
    }, true);
    if (!done)
      poll = setInterval(() => {
        fetch(`${endpoint}/status?${new URLSearchParams({ key, since: uploadedAt })}`)
          .then((r) => (r.ok ? (r.json() as Promise<UploadStatus>) : null))
          .then((status) => {
            if (!status || status.state === 'queued') return;
            finish({
              state: status.state,
              articleId: status.articleId,
              message: status.alreadyProcessed
                ? 'this text was already processed'
                : status.error
                  ? `${status.error.code}: ${status.error.message}`
                  : undefined,
            });
          })
          .catch(() => undefined);
      }, STATUS_POLL_MS);
    return stop;
  };

  const stops = useRef<Array<() => void>>([]);
  useEffect(() => () => stops.current.forEach((stop) => stop()), []);

  const send = async (files: File[]) => {
    for (const file of files) {
      const id = nextUploadId++;
      setUploads((list) => [{ id, name: file.name, state: 'uploading' as const }, ...list].slice(0, 20));
      try {
        const response = await fetch(`${endpoint}?${new URLSearchParams({ name: file.name })}`, {
          method: 'POST',
          headers: { 'content-type': file.type || 'application/octet-stream' },
          body: file,
        });
        const body = (await response.json()) as { key?: string; uploadedAt?: string; error?: string };
        if (!response.ok || !body.key || !body.uploadedAt)
          throw new Error(body.error ?? `${response.status} ${response.statusText}`);
        update(id, { state: 'queued', key: body.key });
        stops.current.push(follow(id, body.key, body.uploadedAt));
      } catch (err) {
        update(id, {
          state: 'failed',
          message: `Upload failed: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
    }
  };

  return (
    <div
      class={`drop-zone${over ? ' over' : ''}`}
      data-testid="drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void send([...(e.dataTransfer?.files ?? [])]);
      }}
    >
      <p>
        Drop articles here (text, Markdown, HTML or JSON) or{' '}
        <button type="button" onClick={() => input.current?.click()}>
          choose files
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = '';
            void send(files);
          }}
        />
      </p>
      <ul class="uploads" aria-live="polite">
        {uploads.map((u) => (
          <li key={u.id} class={`upload upload-${u.state}`} data-state={u.state}>
            <span class="upload-name">{u.name}</span> <span class="upload-state">{u.state}</span>
            {u.state === 'processed' && u.articleId && (
              <>
                {' '}
                <a href={href.article(u.articleId)}>open</a>
              </>
            )}
            {u.message && <span class="upload-message"> {u.message}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
