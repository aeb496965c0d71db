// The query API on the embedded stack: an HTTP server that hands each request to the query-api Lambda
// handler as API Gateway would (an HTTP API payload 2.0 event) and writes back its result. The same
// handler code as on AWS; there is no authorisation locally (the server listens on loopback only).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { closeServer } from './close-server.js';

export type QueryApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** An API Gateway HTTP API (payload format 2.0) event for a Node request, as the service builds it. */
export function toHttpApiEvent(req: IncomingMessage, body: string): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const queryStringParameters: Record<string, string> = {};
  // API Gateway joins repeated parameters with commas.
  for (const key of new Set(url.searchParams.keys())) {
    queryStringParameters[key] = url.searchParams.getAll(key).join(',');
  }
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search ? { queryStringParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: crypto.randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body ? { body } : {}),
    isBase64Encoded: false,
  };
}

/** What a Lambda context offers a short synchronous API handler. */
function localContext(timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  // Without the deprecated callbacks (done, fail, succeed): the handler returns a promise.
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'query-api',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:query-api',
    memoryLimitInMB: '256',
    awsRequestId: crypto.randomUUID(),
    logGroupName: '/aws/lambda/query-api',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  } as Context;
}

export class QueryApiServer {
  private server: Server | null = null;

  constructor(
    private readonly handler: QueryApiHandler,
    private readonly options: { host: string; port: number; timeoutMs?: number },
  ) {}

  /** Listens; returns the base URL (http://host:port). */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const event = toHttpApiEvent(req, Buffer.concat(chunks).toString('utf8'));
        this.handler(event, localContext(this.options.timeoutMs ?? 30_000)).then(
          (result) => {
            res.writeHead(result.statusCode ?? 200, {
              ...(result.headers as Record<string, string> | undefined),
            });
            res.end(result.body && result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
          },
          (err: unknown) => {
            // A handler that throws is a 500 on API Gateway too.
            res.writeHead(500, { 'content-type': 'application/json' });
            res.end(
              JSON.stringify({
                statusCode: 500,
                error: 'InternalServerError',
                message: err instanceof Error ? err.message : String(err),
              }),
            );
          },
        );
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    return `http://${this.options.host}:${port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await closeServer(server);
  }
}
