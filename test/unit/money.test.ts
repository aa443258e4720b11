import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/format.ts';
import { addDecimal } from '../../src/money.ts';
import { curNumber, dec, fixed, mul, scientific } from '../../src/sample/fixed-decimal.ts';
import { isNumeric, parseCsvError } from '../../src/sources/csv-errors.ts';

describe('exact decimals', () => {
  it('adds decimal text without floating point', () => {
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(addDecimal('1.0000000001', '-2')).toBe('-0.9999999999');
    expect(addDecimal('99999999999999999999.5', '0.5')).toBe('100000000000000000000.0');
  });

  it('prints generated amounts the way CUR does, exactly', () => {
    expect(fixed(dec('0.096'))).toBe('0.0960000000');
    expect(scientific(dec('0.0000000648'))).toBe('6.48E-8');
    expect(curNumber(dec('-0.0000012345'))).toBe('-1.2345E-6');
    expect(fixed(mul(dec('24'), dec('0.096')))).toBe('2.3040000000');
  });
});

describe('DuckDB CSV errors', () => {
  it('become a line number and a reason', () => {
    const e = parseCsvError(
      'Conversion Error: CSV Error on Line: 4\nOriginal Line: 3,x\nError when converting column "b". Could not convert string "x" to \'DECIMAL\'\n',
    );
    expect(e).toMatchObject({
      line: 4,
      column: 'b',
      value: 'x',
      reason: 'column "b": "x" is not a valid DECIMAL',
    });
    expect(
      parseCsvError(
        'Invalid Input Error: CSV Error on Line: 3\nExpected Number of Columns: 3 Found: 4\n  file = /a/b.csv\n',
      ),
    ).toMatchObject({
      line: 3,
      path: '/a/b.csv',
      reason: 'the row has 4 fields where the header has 3',
    });
    expect(isNumeric('1.5E-8')).toBe(true);
    expect(isNumeric('1.2.5')).toBe(false);
  });
});

describe('amounts a person reads', () => {
  it("rounds to the currency's minor unit, groups thousands and names the currency", () => {
    expect(formatMoney('1234567.125', 'USD')).toBe('1,234,567.13 USD');
    expect(formatMoney('1234567.5', 'JPY')).toBe('1,234,568 JPY');
    expect(formatMoney('12.3456', 'BHD')).toBe('12.346 BHD');
    expect(formatMoney('-0.004', 'EUR')).toBe('0.00 EUR');
    expect(formatMoney('20.280226728990000000', 'XYZ1')).toBe('20.28 XYZ1');
  });
});
