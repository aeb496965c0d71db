// Drop files (or choose them) to upload them into the incoming prefix through the stack's upload
// endpoint, then follow each from queued to processed or failed through the bus's events.
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

let nextUploadId = 1;

export function DropZone({ endpoint }: { endpoint: string }) {
  const { live } = useServices();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const update = (id: number, change: Partial<Upload>) =>
    setUploads((list) => list.map((u) => (u.id === id ? { ...u, ...change } : u)));

  // An upload is done when the bus announces its object (replayed: the event may beat the response).
  const follow = (id: number, key: string) =>
    live.subscribe((event) => {
      if (event.detail.source.key !== key) return;
      if (event.type === 'Article Processed')
        update(id, { state: 'processed', articleId: event.detail.articleId, message: undefined });
      else
        update(id, {
          state: 'failed',
          articleId: event.detail.articleId,
          message: `${event.detail.error?.code}: ${event.detail.error?.message}`,
        });
    }, true);

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
        const body = (await response.json()) as { key?: string; error?: string };
        if (!response.ok || !body.key)
          throw new Error(body.error ?? `${response.status} ${response.statusText}`);
        update(id, { state: 'queued', key: body.key });
        stops.current.push(follow(id, body.key));
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
