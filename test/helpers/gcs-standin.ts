/**
 * A local stand-in for the Google Cloud Storage JSON API, for the calls a reader makes:
 * objects.list (GET /storage/v1/b/{bucket}/o with prefix, delimiter, maxResults and pageToken),
 * objects.get for metadata, and objects.get with alt=media for the bytes. Objects carry GCS's metadata
 * (size as a string, base64 md5Hash, generation). Faults can be scheduled (a 503 on a listing once, a
 * body cut short). Objects are put with `put`, or a folder with `uploadFolder`.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

interface StoredObject {
  body: Buffer;
  generation: string;
  updated: string;
}

interface Fault {
  call: 'list' | 'media' | 'metadata';
  status: number;
  times: number;
  /** For media: send this many bytes of the body, then cut the connection. */
  truncateAt?: number;
}

export interface GcsStandIn {
  endpoint: string;
  put(bucket: string, key: string, body: Buffer | string): void;
  uploadFolder(bucket: string, dir: string): Promise<void>;
  fail(fault: Omit<Fault, 'times'> & { times?: number }): void;
  requests(): { method: string; path: string; query: Record<string, string> }[];
  stop(): Promise<void>;
}

export async function startGcsStandIn(pageSize = 1000): Promise<GcsStandIn> {
  const buckets = new Map<string, Map<string, StoredObject>>();
  const faults: Fault[] = [];
  const log: { method: string; path: string; query: Record<string, string> }[] = [];
  let generation = 1_700_000_000_000_000;

  const server = createServer((req, res) => handle(req, res));

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    log.push({ method: req.method ?? '', path: url.pathname, query });
    const list = /^\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
    if (list && req.method === 'GET') return listObjects(res, decodeURIComponent(list[1] as string), query);
    const one = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(url.pathname);
    if (one && req.method === 'GET') {
      const bucket = decodeURIComponent(one[1] as string);
      const key = decodeURIComponent(one[2] as string);
      const object = buckets.get(bucket)?.get(key);
      const call = query.alt === 'media' ? 'media' : 'metadata';
      const fault = takeFault(call);
      if (fault && fault.truncateAt === undefined) return sendError(res, fault.status);
      if (!object) return sendError(res, 404, `No such object: ${bucket}/${key}`);
      if (call === 'metadata') return sendJson(res, 200, resource(bucket, key, object));
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': object.body.length,
        'x-goog-generation': object.generation,
      });
      if (fault?.truncateAt !== undefined) {
        res.write(object.body.subarray(0, fault.truncateAt));
        res.socket?.destroy();
        return;
      }
      return res.end(object.body);
    }
    sendError(res, 404, `Not found: ${url.pathname}`);
  }

  function takeFault(call: Fault['call']): Fault | undefined {
    const fault = faults.find((f) => f.call === call && f.times > 0);
    if (fault) fault.times--;
    return fault;
  }

  function listObjects(res: ServerResponse, bucket: string, query: Record<string, string>) {
    const fault = takeFault('list');
    if (fault) return sendError(res, fault.status);
    const objects = buckets.get(bucket);
    if (!objects) return sendError(res, 404, `The specified bucket does not exist: ${bucket}`);
    const prefix = query.prefix ?? '';
    const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    const items: string[] = [];
    const prefixes = new Set<string>();
    for (const key of keys) {
      const rest = key.slice(prefix.length);
      const cut = query.delimiter ? rest.indexOf(query.delimiter) : -1;
      if (cut >= 0) prefixes.add(prefix + rest.slice(0, cut + 1));
      else items.push(key);
    }
    const start = query.pageToken ? Number(Buffer.from(query.pageToken, 'base64url').toString()) : 0;
    const size = Math.min(pageSize, Number(query.maxResults ?? pageSize));
    const page = items.slice(start, start + size);
    const next =
      start + size < items.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
    sendJson(res, 200, {
      kind: 'storage#objects',
      items: page.map((key) => resource(bucket, key, objects.get(key) as StoredObject)),
      ...(start === 0 && prefixes.size ? { prefixes: [...prefixes] } : {}),
      ...(next ? { nextPageToken: next } : {}),
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const put = (bucket: string, key: string, body: Buffer | string) => {
    const objects = buckets.get(bucket) ?? new Map<string, StoredObject>();
    buckets.set(bucket, objects);
    generation += 1;
    objects.set(key, {
      body: Buffer.from(body),
      generation: String(generation),
      updated: new Date().toISOString(),
    });
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    put,
    uploadFolder: async (bucket, dir) => {
      for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const file = path.join(entry.parentPath, entry.name);
        put(bucket, path.relative(dir, file).split(path.sep).join('/'), await readFile(file));
      }
    },
    fail: (fault) => faults.push({ times: 1, ...fault }),
    requests: () => [...log],
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function resource(bucket: string, key: string, o: StoredObject) {
  return {
    kind: 'storage#object',
    id: `${bucket}/${key}/${o.generation}`,
    name: key,
    bucket,
    generation: o.generation,
    metageneration: '1',
    contentType: 'application/octet-stream',
    size: String(o.body.length),
    md5Hash: createHash('md5').update(o.body).digest('base64'),
    etag: `C${o.generation.slice(-6)}=`,
    updated: o.updated,
    timeCreated: o.updated,
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message = `injected fault (HTTP ${status})`) {
  sendJson(res, status, {
    error: { code: status, message, errors: [{ message, domain: 'global', reason: 'backendError' }] },
  });
}
