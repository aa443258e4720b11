/**
 * CloudZero's `manifest.json` of a month: the pointer to the current drop. CloudZero ingests a month
 * again only when this file changes, and then replaces the whole month with the drop it names, so it is
 * the one object whose write publishes a drop (docs.cloudzero.com/docs/anycost-cbf-drop-specs;
 * docs.cloudzero.com/docs/anycost-bucket-delivery-reference: "This is the only action that triggers
 * ingestion"). The version is 1.0.0, as CloudZero's own adaptors write it
 * (Cloudzero/cloudzero-oci-cost-adaptor); the docs' example shows 1.3.0 with the same two keys.
 */
import { FinopsError } from '../../errors.ts';
import { readText } from '../../stores/read-text.ts';
import { objectUrl } from '../../stores/store.ts';
import { type CbfRoot, manifestKey } from './layout.ts';

export const MANIFEST_VERSION = '1.0.0';

export interface Manifest {
  version: string;
  current_drop_id: string;
}

/** The month's manifest, or undefined when the month has none yet. */
export async function readManifest(root: CbfRoot, billingDataId: string): Promise<Manifest | undefined> {
  const key = manifestKey(root, billingDataId);
  if (!(await root.store.head(key))) return undefined;
  const file = objectUrl(root.store, key);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readText(root.store, key));
  } catch (error) {
    throw new FinopsError('the manifest is not JSON', { kind: 'input', file, cause: error });
  }
  const m = parsed as Partial<Manifest> | null;
  if (typeof m?.current_drop_id !== 'string' || m.current_drop_id === '') {
    throw new FinopsError('the manifest has no current_drop_id', {
      kind: 'input',
      file,
      hint: 'point it at a drop with finops export cbf --revert DROP_ID, or export the month again',
    });
  }
  return { version: String(m.version ?? ''), current_drop_id: m.current_drop_id };
}

/** Points the month at `dropId`. Callers make sure every file of the drop is in place first. */
export async function writeManifest(root: CbfRoot, billingDataId: string, dropId: string): Promise<void> {
  const key = manifestKey(root, billingDataId);
  const manifest: Manifest = { version: MANIFEST_VERSION, current_drop_id: dropId };
  const body = `${JSON.stringify(manifest, null, 2)}\n`;
  await root.store.put(key, body);
  const head = await root.store.head(key);
  if (head?.size !== Buffer.byteLength(body)) {
    throw new FinopsError(`wrote the manifest but the store holds ${head?.size ?? 'nothing'} bytes`, {
      file: objectUrl(root.store, key),
    });
  }
}
