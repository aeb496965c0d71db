// The viewer's local web server: the built front-end (viewer/dist), its configuration, an upload
// endpoint for the drop zone and a pass-through to the query API.
//   GET  /                 the built page (viewer/dist; a hint when it was not built)
//   GET  /config.json      where the page finds the query API, the event stream and the upload endpoint
//   POST /upload?name=…    the request body becomes s3://<bucket>/<incoming prefix><name>
//   GET  /upload/status?key=…&since=…   where an upload is: QUEUED until its source has a final status
//                          newer than `since` (also for a text that was already processed, which the
//                          bus does not announce again)
//   *    /api/…            forwarded to the query API (same origin for the page: no CORS needed locally)
// Browsers cannot sign S3 requests without credentials in the page, hence the upload endpoint: it puts
// the object through the same S3 API as any producer, so the notification path is the real one.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeServer } from './close-server.js';

/** Where `npm ci` (the prepare script) puts the built viewer. */
export const VIEWER_DIST = fileURLToPath(new URL('../../viewer/dist', import.meta.url));

/** Uploads larger than this are refused (the pipeline's own limit on articles is lower). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

export interface ViewerServerOptions {
  host: string;
  port: number;
  s3: S3Client;
  bucket: string;
  incomingPrefix: string;
  /** The bus's server-sent events endpoint. */
  eventStream: string;
  /** Base URL of the query API, when the stack serves one. */
  apiUrl?: string;
  /** The built front-end (default: viewer/dist). */
  distDir?: string;
  /** The pipeline's record of an uploaded object (its SOURCE item), for /upload/status. */
  sourceStatus?: (key: string) => Promise<SourceStatus | null>;
}

/** What the pipeline recorded about an uploaded object. */
export interface SourceStatus {
  status: string;
  articleId: string | null;
  error: { code: string; message: string } | null;
  /** The same text had been processed before: nothing new was stored or announced. */
  alreadyProcessed?: boolean;
  updatedAt: string;
}

/** What GET /upload/status answers. */
export interface UploadStatus {
  key: string;
  state: 'queued' | 'processed' | 'failed';
  articleId: string | null;
  error: { code: string; message: string } | null;
  alreadyProcessed: boolean;
}

/** What GET /config.json answers: everything the page needs to find. */
export interface ViewerConfig {
  api: string | null;
  events: string;
  upload: string;
  bucket: string;
  incomingPrefix: string;
}

/** The object key an uploaded file name becomes: its base name, made safe, under the prefix. */
export function uploadKey(prefix: string, name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const safe = base
    .normalize('NFC')
    // Control characters and the characters S3 guidance asks to avoid in keys.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\\{}^%`[\]"<>~#|]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  if (!safe) throw new UploadError(400, 'The upload needs a file name (?name=…).');
  return `${prefix}${safe}`;
}

class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

export class ViewerServer {
  private server: Server | null = null;
  private readonly distDir: string;

  constructor(private readonly opts: ViewerServerOptions) {
    this.distDir = resolve(opts.distDir ?? VIEWER_DIST);
  }

  /** Listens; resolves to the viewer's base URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        const status = err instanceof UploadError ? err.status : 500;
        if (!res.headersSent) sendJson(res, status, { error: errorMessage(err) });
        else res.destroy();
      });
    });
    this.server = server;
    const port = await new Promise<number>((done, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host, () => done((server.address() as AddressInfo).port));
    });
    return `http://${this.opts.host}:${port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await closeServer(server);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://viewer');
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return this.proxy(req, res, url);
    if (url.pathname === '/upload/status') return sendJson(res, 200, await this.uploadStatus(url));
    if (url.pathname === '/upload') {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST a file to /upload?name=…' });
      return this.upload(req, res, url);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'Read only.' });
    if (url.pathname === '/config.json') return sendJson(res, 200, this.config());
    return this.serveFile(res, url.pathname);
  }

  private config(): ViewerConfig {
    return {
      api: this.opts.apiUrl ? '/api' : null,
      events: this.opts.eventStream,
      upload: '/upload',
      bucket: this.opts.bucket,
      incomingPrefix: this.opts.incomingPrefix,
    };
  }

  private async uploadStatus(url: URL): Promise<UploadStatus> {
    const key = url.searchParams.get('key');
    if (!key?.startsWith(this.opts.incomingPrefix)) throw new UploadError(400, 'Which upload? (?key=…)');
    const since = url.searchParams.get('since') ?? '';
    const record = await this.opts.sourceStatus?.(key);
    // A record older than the upload is about an earlier object under the same key.
    const final = record && record.updatedAt >= since && ['PROCESSED', 'FAILED'].includes(record.status);
    return {
      key,
      state: !final ? 'queued' : record.status === 'PROCESSED' ? 'processed' : 'failed',
      articleId: final ? record.articleId : null,
      error: final ? record.error : null,
      alreadyProcessed: final ? record.alreadyProcessed === true : false,
    };
  }

  private async upload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const key = uploadKey(this.opts.incomingPrefix, url.searchParams.get('name') ?? '');
    const uploadedAt = new Date().toISOString();
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_UPLOAD_BYTES)
      throw new UploadError(413, `Files over ${MAX_UPLOAD_BYTES} bytes are refused.`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_UPLOAD_BYTES)
        throw new UploadError(413, `Files over ${MAX_UPLOAD_BYTES} bytes are refused.`);
      chunks.push(chunk);
    }
    if (size === 0) throw new UploadError(400, 'The file is empty.');
    const contentType = req.headers['content-type'];
    await this.opts.s3.send(
      new PutObjectCommand({
        Bucket: this.opts.bucket,
        Key: key,
        Body: Buffer.concat(chunks),
        ...(contentType ? { ContentType: contentType } : {}),
      }),
    );
    sendJson(res, 201, { bucket: this.opts.bucket, key, size, uploadedAt });
  }

  /** Forwards /api/<path> to <apiUrl>/<path>, streaming both ways. */
  private async proxy(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!this.opts.apiUrl) return sendJson(res, 503, { error: 'This stack serves no query API.' });
    const base = this.opts.apiUrl.replace(/\/$/, '');
    const target = new URL(`${base}${url.pathname.slice('/api'.length) || '/'}${url.search}`);
    await new Promise<void>((done, reject) => {
      const upstream = httpRequest(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', done);
          answer.on('error', reject);
        },
      );
      upstream.on('error', reject);
      req.pipe(upstream);
    });
  }

  private async serveFile(res: ServerResponse, pathname: string): Promise<void> {
    const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    const requested = resolve(this.distDir, relative || 'index.html');
    if (!requested.startsWith(this.distDir + sep)) return sendJson(res, 404, { error: 'Not found.' });
    const found = await stat(requested).catch(() => null);
    // A path without an extension is a page: the one page (routing is in the URL's hash).
    const path = found?.isFile() ? requested : extname(relative) ? null : join(this.distDir, 'index.html');
    const size = path ? (await stat(path).catch(() => null))?.size : undefined;
    if (!path || size === undefined) {
      const missingAsset = path === null;
      res.writeHead(missingAsset ? 404 : 503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(
        missingAsset
          ? 'Not found.\n'
          : 'The viewer is not built: run `npm run build:viewer` (npm ci builds it).\n',
      );
      return;
    }
    // Hashed assets never change; the page itself is always revalidated.
    const immutable = path.includes(`${sep}assets${sep}`);
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    createReadStream(path).pipe(res);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));
