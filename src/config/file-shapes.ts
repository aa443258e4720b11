/**
 * What a config.toml says, brought to the one schema's shape before it is validated: relative source
 * folders are the config file's, and the Open FinOps Stack's flat `[aws]` section is one export.
 */
import path from 'node:path';

/** A location that is a local folder written relative to something (not a URL, not absolute). */
const relativeFolder = (value: unknown): value is string =>
  typeof value === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !path.isAbsolute(value);

/** `source = "./exports"` in a config file means beside the file, wherever the command runs. */
export function resolveSources(raw: Record<string, unknown>, configDir: string): void {
  const resolve = (holder: unknown) => {
    if (typeof holder !== 'object' || holder === null) return;
    const h = holder as Record<string, unknown>;
    if (relativeFolder(h.source)) h.source = path.resolve(configDir, h.source);
  };
  for (const provider of ['aws', 'azure', 'gcp']) {
    const exports = (raw[provider] as { exports?: Record<string, unknown> } | undefined)?.exports;
    for (const e of Object.values(exports ?? {})) resolve(e);
  }
  resolve(raw.alibaba);
}

/**
 * The Open FinOps Stack writes one AWS export flat under `[aws]` (`bucket`, `prefix`, `export_name`,
 * `cur_version`); here exports are named under `[aws.exports.<name>]`. A flat section is read as one
 * export named by its export_name.
 */
export function liftFlatAwsExport(raw: Record<string, unknown>): void {
  const aws = raw.aws as Record<string, unknown> | undefined;
  if (!aws) return;
  const flat = Object.keys(aws).filter((k) => k !== 'exports');
  if (flat.length === 0) return;
  const settings = Object.fromEntries(flat.map((k) => [k, aws[k]]));
  const name =
    typeof settings.export_name === 'string' && settings.export_name ? settings.export_name : 'aws';
  const exports = (aws.exports ?? {}) as Record<string, unknown>;
  raw.aws = { exports: { ...exports, [name]: settings } };
}
