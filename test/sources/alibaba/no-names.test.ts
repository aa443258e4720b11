/**
 * The README's own example imports an Alibaba export with `--timezone auto` and no `--code` or
 * `[alibaba.names]`: every batch used to fail ("Cannot create lists with item type of ANY"). Given an
 * export and no names at all, when I import it, then every batch loads, the numeric codes are kept as
 * delivered, and the import says which codes have no name.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defaultTagKeys } from '../../../src/config/alibaba.ts';
import { generateAlibabaSample } from '../../../src/sample/alibaba/generate.ts';
import { tagKeys } from '../../../src/sources/alibaba/tags.ts';
import { LocalStore } from '../../../src/stores/local-store.ts';
import { openTestWarehouse, type TestWarehouse } from '../../helpers/pipeline.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { alibabaRequest, alibabaTotals, runImport, toldLogger } from './helpers.ts';

let wh: TestWarehouse | undefined;
afterEach(() => wh?.warehouse.close());

describe('an Alibaba export imported with no code names', () => {
  it('loads every batch and keeps the codes as delivered', async () => {
    const out = await tempDir('alibaba-no-names');
    const sample = await generateAlibabaSample({ out, months: 1, days: 2, rowsPerDay: 6, seed: 9 });
    wh = await openTestWarehouse();
    const logger = toldLogger();
    const req = alibabaRequest(new LocalStore(out), 'billing/focus', {
      timezone: 'auto',
      naming: { providerName: 'Alibaba Cloud', names: {}, tags: tagKeys(defaultTagKeys) },
    });
    const outcomes = await runImport(wh, req, logger);
    expect(outcomes.map((o) => o.status)).toEqual(sample.batches.map(() => 'loaded'));
    const expected = sample.periods.map((p) => ({ period: p.period, rows: p.rows, cost: p.billedCost }));
    expect((await alibabaTotals(wh)).focus).toEqual(expected);
    expect(logger.lines.join('\n')).toMatch(/is a numeric code with no configured name; kept as delivered/);
  });
});
