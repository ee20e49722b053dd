/**
 * Before a proxy is measured, one request for each response the scenarios use
 * must come back right through it: a fast proxy that answers 502 is not a
 * figure.
 */
import { request } from 'node:http';
import { BIG_PATH, BIG_SIZE, SMALL_BODY, SMALL_PATH } from './nginx.js';

function get(port: number, path: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no response within 5 s')));
    req.on('error', reject);
    req.end();
  });
}

/** Undefined when the proxy on `port` serves both test responses correctly, else what went wrong. */
export async function checkResponses(port: number): Promise<string | undefined> {
  let path = SMALL_PATH;
  try {
    const small = await get(port, SMALL_PATH);
    if (small.status !== 200 || small.body.toString() !== SMALL_BODY) {
      return `GET ${SMALL_PATH} answered ${small.status} with ${JSON.stringify(small.body.toString().slice(0, 80))}`;
    }
    path = BIG_PATH;
    const big = await get(port, BIG_PATH);
    if (big.status !== 200 || big.body.length !== BIG_SIZE) {
      return `GET ${BIG_PATH} answered ${big.status} with ${big.body.length} bytes`;
    }
    return undefined;
  } catch (err) {
    return `test request GET ${path} failed: ${(err as Error).message}`;
  }
}
