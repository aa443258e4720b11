/**
 * Reading the governance policy from config.toml or the file it names: a good policy compiles, and a
 * bad one is refused with the file, the key and the reason (shares that do not sum to 100, a target
 * the registry does not allow, a key it does not know, broken TOML).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { FinopsError } from '../../src/errors.ts';
import { loadGovernance } from '../../src/govern/load-policy.ts';
import { tempDir } from '../helpers/tmp.ts';

async function governanceFrom(config: string, policy?: string) {
  const dir = await tempDir('policy');
  const file = path.join(dir, 'config.toml');
  await writeFile(file, config);
  if (policy !== undefined) await writeFile(path.join(dir, 'governance.toml'), policy);
  const { config: loaded } = loadConfig({ configPath: file, env: {} });
  return { dir, load: () => loadGovernance(loaded, file) };
}

const registry = `
[govern.tags.keys.cost_center]
aliases = ["CostCentre"]
required = true
values = ["CC-1001", "CC-2040"]
`;

function failure(run: () => unknown): FinopsError {
  try {
    run();
  } catch (error) {
    if (error instanceof FinopsError) return error;
    throw error;
  }
  throw new Error('expected a FinopsError');
}

describe('the governance policy', () => {
  it('compiles aliases, values and rules from config.toml', async () => {
    const { load } = await governanceFrom(`${registry}
[[govern.allocation.rules]]
name = "tgw"
pool = { service = ["AWS Transit Gateway"] }
method = "fixed"
target_key = "cost_center"
shares = { "CC-1001" = 62.5, "CC-2040" = 37.5 }
`);
    const g = load();
    expect(g.tags?.keys[0]).toMatchObject({
      key: 'cost_center',
      matches: ['costcenter', 'costcentre'],
      required: true,
    });
    expect(g.tags?.ownerKey).toBe('cost_center');
    expect(g.rules[0]?.shares).toEqual([
      { target: 'CC-1001', percent: '62.5' },
      { target: 'CC-2040', percent: '37.5' },
    ]);
  });

  it('refuses fixed shares that do not sum to exactly 100, naming the file and the rule', async () => {
    const { load } = await governanceFrom(`${registry}
[[govern.allocation.rules]]
name = "tgw"
pool = { service = ["AWS Transit Gateway"] }
method = "fixed"
target_key = "cost_center"
shares = { "CC-1001" = 33.33, "CC-2040" = 66.66 }
`);
    const error = failure(load);
    expect(error.kind).toBe('usage');
    expect(error.file).toMatch(/config\.toml$/);
    expect(error.message).toBe('govern.allocation.rules.0.shares: the percentages sum to 99.99, not 100');
  });

  it('refuses a target the registry does not allow, and a key it does not know', async () => {
    const unknownTarget = await governanceFrom(`${registry}
[[govern.allocation.rules]]
name = "tgw"
pool = { service = ["AWS Transit Gateway"] }
method = "fixed"
target_key = "cost_center"
shares = { "CC-1001" = 50, "CC-9999" = 50 }
`);
    expect(failure(unknownTarget.load).message).toMatch(
      /unknown target CC-9999: not an allowed value of cost_center/,
    );
    const unknownKey = await governanceFrom(`${registry}
[[govern.allocation.rules]]
name = "logs"
pool = { tags = { team = "central" } }
method = "proportional"
target_key = "team"
`);
    expect(failure(unknownKey.load).message).toMatch(/target_key: team is not a key of the tag registry/);
  });

  it('reads a policy file named by govern.policy_file, and points at the file when it is broken', async () => {
    const good = await governanceFrom(
      '[govern]\npolicy_file = "governance.toml"\n',
      registry.replaceAll('govern.', ''),
    );
    expect(good.load().tags?.keys.map((k) => k.key)).toEqual(['cost_center']);

    const broken = await governanceFrom(
      '[govern]\npolicy_file = "governance.toml"\n',
      '[tags.keys.cost_center\nrequired = true\n',
    );
    const error = failure(broken.load);
    expect(error.file).toBe(path.join(broken.dir, 'governance.toml'));
    expect(error.line).toBe(1);
    expect(error.message).toMatch(/^invalid TOML/);

    const wrongKey = await governanceFrom(
      '[govern]\npolicy_file = "governance.toml"\n',
      '[tags.keys.cost_center]\nrequried = true\n',
    );
    expect(failure(wrongKey.load).message).toBe(
      'invalid governance policy: tags.keys.cost_center: unknown key requried',
    );

    const missing = await governanceFrom('[govern]\npolicy_file = "nowhere.toml"\n');
    expect(failure(missing.load).file).toBe(path.join(missing.dir, 'nowhere.toml'));
  });

  it('refuses a usage rule without usage rows and a regular expression that does not compile', async () => {
    const usage = await governanceFrom(`${registry}
[[govern.allocation.rules]]
name = "egress"
pool = { service = ["AWS Data Transfer"] }
method = "usage"
target_key = "cost_center"
`);
    expect(failure(usage.load).message).toMatch(
      /^govern\.allocation\.rules\.0\.usage: a usage rule needs usage/,
    );
    const regex = failure(() =>
      loadConfig({
        configPath: undefined,
        env: {},
        overrides: { govern: { tags: { keys: { a: { pattern: '([' } } } } },
      }),
    );
    expect(regex.message).toMatch(/govern\.tags\.keys\.a\.pattern: not a valid regular expression/);
  });
});
