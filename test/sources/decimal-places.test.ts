/**
 * Before a CSV is read with amounts kept to ten fractional digits, its first lines are looked at: a value
 * with more digits would be rounded by the read, so the file is refused, naming line, column and value.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDecimalPlaces } from '../../src/sources/decimal-places.ts';
import { tempDir } from '../helpers/tmp.ts';

const fields = [
  { header: 'account', type: 'VARCHAR' },
  { header: 'cost', type: 'DECIMAL(18,10)' },
];

async function fileWith(lines: string[]) {
  const dir = await tempDir('decimal-places');
  const file = path.join(dir, 'costs.csv');
  await writeFile(file, `${['account,cost', ...lines].join('\n')}\n`);
  return { key: 'costs.csv', path: file, url: `file://${file}`, size: 0 };
}

describe('amounts with more fractional digits than the reader keeps', () => {
  it('are refused with the file, line, column and value', async () => {
    const file = await fileWith(['"0123",1.5', '0456,20.868133139514752734']);
    await expect(checkDecimalPlaces([file], fields)).rejects.toMatchObject({
      message: 'column "cost" has 20.868133139514752734, with 18 fractional digits; this reader keeps 10',
      file: file.url,
      line: 3,
    });
  });

  it('count digits after an exponent and ignore trailing zeros', async () => {
    const fine = await fileWith(['a,1.0E-8', 'b,0.12345678900000000', 'c,', 'd,-3']);
    await expect(checkDecimalPlaces([fine], fields)).resolves.toBeUndefined();
    const tiny = await fileWith(['a,1.5E-10']);
    await expect(checkDecimalPlaces([tiny], fields)).rejects.toMatchObject({ line: 2 });
  });

  it('leave text where a number belongs, or a short row, to the reader, which stops there first', async () => {
    const text = await fileWith(['a,n/a', 'b,0.000000000001']);
    await expect(checkDecimalPlaces([text], fields)).resolves.toBeUndefined();
    const short = await fileWith(['a', 'b,0.000000000001']);
    await expect(checkDecimalPlaces([short], fields)).resolves.toBeUndefined();
  });
});
