// GET requests to the query API signed with SigV4 for execute-api, as the deployed API (IAM
// authorisation) requires; the embedded stack's API ignores the signature. Credentials come from the
// SDK's default provider chain, resolved by an SDK client's config.
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

export interface SignedGetOptions {
  region: string;
  credentials: AwsCredentialIdentityProvider;
}

export async function signedGet(url: string, { region, credentials }: SignedGetOptions): Promise<Response> {
  const target = new URL(url);
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'GET',
    protocol: target.protocol,
    hostname: target.hostname,
    ...(target.port ? { port: Number(target.port) } : {}),
    path: target.pathname,
    query: Object.fromEntries(target.searchParams),
    headers: { host: target.host, accept: 'application/json' },
  });
  // fetch sets Host itself, to the same value that was signed.
  const { host: _host, ...headers } = signed.headers;
  return fetch(target, { headers });
}
