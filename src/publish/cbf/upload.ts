/**
 * Uploads a rendered drop into its (new) drop folder: every data file, each verified in the store
 * before the next (size by HEAD, and the MD5 ETag of a single-part upload; where the ETag is no MD5,
 * as with SSE-KMS, the object is read back and compared), then finops' record. The manifest is not
 * touched here: the caller moves it only after this returns, so a failure at any point leaves the
 * month's current drop as it was. A failed upload removes what it had written, as far as it can.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { buffer } from 'node:stream/consumers';
import { FinopsError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { joinKey, type ObjectStore, objectUrl } from '../../stores/store.ts';
import { deleteFolder } from './drops.ts';
import { type CbfRoot, dropFolder } from './layout.ts';
import { type DropRecord, recordKey, renderDropRecord } from './record.ts';
import type { RenderedDrop } from './render.ts';

export async function uploadDrop(
  root: CbfRoot,
  drop: RenderedDrop,
  record: DropRecord,
  logger: Logger,
): Promise<void> {
  const folder = dropFolder(root, record.billingDataId, record.dropId);
  try {
    for (const file of drop.files) {
      const key = joinKey(folder, file.name);
      const body = await readFile(file.path);
      await root.store.put(key, body);
      await verifyUpload(root.store, key, body, file.md5);
      logger.debug(`uploaded ${objectUrl(root.store, key)} (${file.rows} rows, ${body.length} bytes)`);
    }
    const key = recordKey(root, record.billingDataId, record.dropId);
    const body = Buffer.from(renderDropRecord(record));
    await root.store.put(key, body);
    await verifyUpload(root.store, key, body, createHash('md5').update(body).digest('hex'));
  } catch (error) {
    await deleteFolder(root.store, folder).catch((cleanup) =>
      logger.warn(
        `could not remove the unfinished drop ${objectUrl(root.store, folder)}: ${String(cleanup)}`,
      ),
    );
    throw error;
  }
}

async function verifyUpload(store: ObjectStore, key: string, body: Buffer, md5: string): Promise<void> {
  const file = objectUrl(store, key);
  const head = await store.head(key);
  if (head?.size !== body.length) {
    throw new FinopsError(`uploaded ${body.length} bytes but the store holds ${head?.size ?? 'nothing'}`, {
      file,
    });
  }
  const etag = head.etag?.toLowerCase();
  if (!etag || !/^[0-9a-f]{32}$/.test(etag) || etag === md5) return;
  // A 32-hex ETag that is not the MD5: SSE-KMS objects have those. Only the bytes themselves can tell.
  const stored = await buffer(await store.get(key));
  if (!stored.equals(body)) {
    throw new FinopsError('the uploaded object differs from the file written', { file });
  }
}
