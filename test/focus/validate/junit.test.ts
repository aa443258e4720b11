/**
 * CI systems read JUnit XML: the report must be well-formed whatever the data holds (quotes, ampersands,
 * angle brackets, control characters in examples), with one suite per column and one case per rule.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderJunit, validateFocus } from '../../../src/focus/validate/index.ts';
import { Warehouse } from '../../../src/warehouse/warehouse.ts';
import { conformantRows, createFocusTable } from './fixture.ts';
import { parseXml, type XmlElement } from './xml.ts';

let w: Warehouse;
beforeEach(async () => {
  w = await Warehouse.open({ path: ':memory:' });
});
afterEach(() => w.close());

const find = (parent: XmlElement, name: string, attr: string, value: string) =>
  parent.children.find((c) => c.name === name && c.attributes[attr]?.startsWith(value));

describe('the JUnit report', () => {
  it('is well-formed XML with a suite per Reference and a case per rule, even with hostile data', async () => {
    const rows = conformantRows.map((row) => ({ ...row }));
    rows[0] = { ...rows[0], ChargeCategory: 'Usage & <Refund> "quoted" \u0001' };
    await createFocusTable(w, 'focus.costs_test', rows);
    const report = await validateFocus(w, {
      relation: 'focus.costs_test',
      applicability: ['TAGGING_SUPPORTED'],
    });
    const root = parseXml(renderJunit(report));

    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({
      tests: String(report.results.length),
      failures: String(report.summary.fail),
      skipped: String(report.summary.skip),
    });
    const cases = root.children.flatMap((suite) => suite.children);
    expect(cases).toHaveLength(report.results.length);
    expect(new Set(root.children.map((s) => s.attributes.name)).size).toBe(root.children.length);

    const suite = find(root, 'testsuite', 'name', 'ChargeCategory');
    const failed = suite && find(suite, 'testcase', 'name', 'ChargeCategory-C-003-M');
    expect(failed?.attributes.name).toBe('ChargeCategory-C-003-M :: OR');
    const failure = failed?.children[0];
    expect(failure?.name).toBe('failure');
    expect(failure?.attributes.message).toBe('ChargeCategory MUST be one of the allowed values.');
    expect(failure?.text).toContain('Usage & <Refund> \\"quoted\\" \\u0001'); // JSON of the example row

    const dynamic = find(
      find(root, 'testsuite', 'name', 'BilledCost') as XmlElement,
      'testcase',
      'name',
      'BilledCost-C-007-M',
    );
    expect(dynamic?.children[0]).toMatchObject({
      name: 'skipped',
      attributes: { message: expect.stringMatching(/^Dynamic rule/) },
    });
    const unsupported = find(
      find(root, 'testsuite', 'name', 'RegionId') as XmlElement,
      'testcase',
      'name',
      'RegionId-C-000-C',
    );
    expect(unsupported?.children[0]?.attributes.message).toBe(
      'applies only when the provider declares REGION_SUPPORTED',
    );
  });

  it('is checked by a reader that does reject malformed XML', () => {
    expect(() => parseXml('<a><b></a>')).toThrow();
    expect(() => parseXml('<a>x & y</a>')).toThrow();
    expect(() => parseXml('<a b=1/>')).toThrow();
    expect(parseXml('<a b="&lt;&amp;&quot;"><c/></a>')).toMatchObject({
      attributes: { b: '<&"' },
      children: [{ name: 'c' }],
    });
  });
});
