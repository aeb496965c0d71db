// The viewer's web server: static files from the build, config, uploads into the incoming prefix
// through the S3 API (s3rver here), and the pass-through to the query API.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  uploadKey,
  ViewerServer,
  type SourceStatus,
  type UploadStatus,
} from '../../infra/local/viewer-server.js';

const BUCKET = 'viewer-test';

describe('uploadKey', () => {
  it('keeps the base name under the prefix and replaces characters S3 keys should avoid', () => {
    expect(uploadKey('incoming/', 'article one.txt')).toBe('incoming/article one.txt');
    expect(uploadKey('incoming/', '../../etc/passwd')).toBe('incoming/passwd');
    expect(uploadKey('incoming/', 'C:\\news\\a#b?.html')).toBe('incoming/a_b?.html');
    expect(() => uploadKey('incoming/', '...')).toThrow(/file name/);
  });
});

describe('ViewerServer', () => {
  let dir: string;
  let s3rver: S3rver;
  let s3: S3Client;
  let api: Server;
  let viewer: ViewerServer;
  let unbuilt: ViewerServer;
  let base: string;
  let unbuiltBase: string;
  const apiRequests: string[] = [];
  const sources = new Map<string, SourceStatus>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'viewer-server-'));
    await mkdir(join(dir, 'dist', 'assets'), { recursive: true });
    await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html><title>viewer</title>');
    await writeFile(join(dir, 'dist', 'assets', 'app-1234.js'), 'console.log(1)');
    s3rver = new S3rver({
      port: 0,
      address: '127.0.0.1',
      directory: join(dir, 's3'),
      silent: true,
      configureBuckets: [{ name: BUCKET, configs: [] }],
    });
    const { port: s3Port } = await s3rver.run();
    s3 = new S3Client({
      endpoint: `http://127.0.0.1:${s3Port}`,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    api = createServer((req, res) => {
      apiRequests.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: [], cursor: null }));
    });
    await new Promise<void>((done) => api.listen(0, '127.0.0.1', done));
    const common = {
      host: '127.0.0.1',
      port: 0,
      s3,
      bucket: BUCKET,
      incomingPrefix: 'incoming/',
      eventStream: 'http://127.0.0.1:1/events',
    };
    viewer = new ViewerServer({
      ...common,
      distDir: join(dir, 'dist'),
      apiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
      sourceStatus: async (key) => sources.get(key) ?? null,
    });
    unbuilt = new ViewerServer({ ...common, distDir: join(dir, 'missing') });
    [base, unbuiltBase] = await Promise.all([viewer.start(), unbuilt.start()]);
  });

  afterAll(async () => {
    await viewer?.stop();
    await unbuilt?.stop();
    await new Promise((done) => api?.close(done));
    s3?.destroy();
    await s3rver?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the page, its hashed assets for good, and nothing outside the build', async () => {
    const page = await fetch(base);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('<title>viewer</title>');
    const asset = await fetch(`${base}/assets/app-1234.js`);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    // Any page path is the one page (routes are in the hash).
    expect(await (await fetch(`${base}/some/page`)).text()).toContain('<title>viewer</title>');
  });

  it('says how to build the viewer when it was not built', async () => {
    const page = await fetch(unbuiltBase);
    expect(page.status).toBe(503);
    expect(await page.text()).toMatch(/npm run build:viewer/);
  });

  it('tells the page where the API, the event stream and the upload endpoint are', async () => {
    expect(await (await fetch(`${base}/config.json`)).json()).toEqual({
      api: '/api',
      events: 'http://127.0.0.1:1/events',
      upload: '/upload',
      bucket: BUCKET,
      incomingPrefix: 'incoming/',
    });
    expect(((await (await fetch(`${unbuiltBase}/config.json`)).json()) as { api: unknown }).api).toBeNull();
  });

  it('puts an uploaded file into the incoming prefix through the S3 API', async () => {
    const answer = await fetch(`${base}/upload?name=${encodeURIComponent('talks in vienna.txt')}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'Talks resumed in Vienna, the ministry said.',
    });
    expect(answer.status).toBe(201);
    expect(await answer.json()).toEqual({
      bucket: BUCKET,
      key: 'incoming/talks in vienna.txt',
      size: 43,
      uploadedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const object = await s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'incoming/talks in vienna.txt' }),
    );
    expect(await object.Body!.transformToString()).toBe('Talks resumed in Vienna, the ministry said.');
    expect(object.ContentType).toBe('text/plain');
  });

  it('refuses uploads without a name or content, and other methods', async () => {
    const noName = await fetch(`${base}/upload`, { method: 'POST', body: 'x' });
    expect(noName.status).toBe(400);
    expect(await noName.json()).toEqual({ error: expect.stringMatching(/file name/) });
    expect((await fetch(`${base}/upload?name=a.txt`, { method: 'POST', body: '' })).status).toBe(400);
    expect((await fetch(`${base}/upload?name=a.txt`)).status).toBe(405);
  });

  it('forwards /api/… to the query API, and says when there is none', async () => {
    const answer = await fetch(`${base}/api/articles?status=FAILED`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ items: [], cursor: null });
    expect(apiRequests).toContain('GET /articles?status=FAILED');
    const none = await fetch(`${unbuiltBase}/api/articles`);
    expect(none.status).toBe(503);
  });

  it('says where an upload is: queued until its record is final and newer than the upload', async () => {
    const status = async (key: string, since: string) =>
      (
        await fetch(`${base}/upload/status?${new URLSearchParams({ key, since }).toString()}`)
      ).json() as Promise<UploadStatus>;
    const since = '2026-12-01T05:00:00.000Z';
    expect(await status('incoming/new.txt', since)).toEqual({
      key: 'incoming/new.txt',
      state: 'queued',
      articleId: null,
      error: null,
      alreadyProcessed: false,
    });
    // A record of an earlier object under the same key, or one still processing, is not an answer.
    sources.set('incoming/new.txt', {
      status: 'PROCESSED',
      articleId: 'art_old',
      error: null,
      updatedAt: '2026-11-30T00:00:00.000Z',
    });
    expect((await status('incoming/new.txt', since)).state).toBe('queued');
    sources.set('incoming/new.txt', {
      status: 'PROCESSING',
      articleId: 'art_1',
      error: null,
      updatedAt: '2026-12-01T05:00:01.000Z',
    });
    expect((await status('incoming/new.txt', since)).state).toBe('queued');
    sources.set('incoming/new.txt', {
      status: 'PROCESSED',
      articleId: 'art_1',
      error: null,
      alreadyProcessed: true,
      updatedAt: '2026-12-01T05:00:02.000Z',
    });
    expect(await status('incoming/new.txt', since)).toMatchObject({
      state: 'processed',
      articleId: 'art_1',
      alreadyProcessed: true,
    });
    const error = { code: 'EMPTY_INPUT', message: 'The file has no text.' };
    sources.set('incoming/empty.txt', {
      status: 'FAILED',
      articleId: null,
      error,
      updatedAt: '2026-12-01T05:00:02.000Z',
    });
    expect(await status('incoming/empty.txt', since)).toMatchObject({ state: 'failed', error });
    // Only uploads (the incoming prefix) can be asked about.
    expect((await fetch(`${base}/upload/status?key=elsewhere/x.txt`)).status).toBe(400);
  });
});
