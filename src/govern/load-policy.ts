/**
 * Reads the governance policy: `[govern]` in config.toml, or the TOML file `govern.policy_file` names
 * (relative to config.toml). Checks what a schema cannot: rule names are unique, fixed shares sum to
 * exactly 100, targets and keys exist in the tag registry. Errors name the file and the key.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { type AllocationRuleConfig, policyFileSchema, type TagPolicyConfig } from '../config/govern.ts';
import type { Config } from '../config/schema.ts';
import { FinopsError } from '../errors.ts';
import { addDecimal } from '../money.ts';
import { compileRule, compileTagPolicy, type Governance } from './policy.ts';

interface Source {
  tags?: TagPolicyConfig;
  rules: AllocationRuleConfig[];
  /** The file the policy came from, for messages. */
  file?: string;
  /** How keys are named in messages: `govern.` in config.toml, nothing in a policy file. */
  prefix: string;
}

export function loadGovernance(config: Config, configFile?: string): Governance {
  const source = policySource(config, configFile);
  const tags = source.tags && compileTagPolicy(source.tags);
  source.rules.forEach((rule, i) => {
    checkRule(rule, source, i);
  });
  const rules = source.rules.map(compileRule);
  const names = new Set<string>();
  rules.forEach((rule, i) => {
    if (names.has(rule.name)) fail(source, `allocation.rules.${i}.name`, `two rules are named ${rule.name}`);
    names.add(rule.name);
    if (tags && !tags.keys.some((k) => k.key === rule.targetKey)) {
      fail(source, `allocation.rules.${i}.target_key`, `${rule.targetKey} is not a key of the tag registry`);
    }
    const allowed = tags?.keys.find((k) => k.key === rule.targetKey)?.values;
    const unknown = allowed && rule.targets?.find((t) => !allowed.includes(t));
    if (unknown) {
      fail(
        source,
        `allocation.rules.${i}`,
        `unknown target ${unknown}: not an allowed value of ${rule.targetKey}`,
      );
    }
  });
  return { tags, rules };
}

function policySource(config: Config, configFile?: string): Source {
  const inline: Source = {
    tags: config.govern.tags,
    rules: config.govern.allocation.rules,
    prefix: 'govern.',
  };
  if (!config.govern.policy_file) return { ...inline, file: configFile };
  const file = path.resolve(configFile ? path.dirname(configFile) : process.cwd(), config.govern.policy_file);
  const parsed = policyFileSchema.safeParse(readPolicyFile(file));
  if (!parsed.success) {
    throw new FinopsError(`invalid governance policy: ${describe(parsed.error)}`, { kind: 'usage', file });
  }
  if (inline.tags || inline.rules.length > 0) {
    throw new FinopsError(
      'govern.policy_file is set, so [govern.tags] and [[govern.allocation.rules]] must not be',
      {
        kind: 'usage',
        file: configFile,
        hint: 'keep the policy in one place',
      },
    );
  }
  return { tags: parsed.data.tags, rules: parsed.data.allocation.rules, file, prefix: '' };
}

function readPolicyFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new FinopsError('cannot read the governance policy file', { kind: 'usage', file, cause: error });
  }
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    throw new FinopsError(`invalid TOML: ${error.message.split('\n')[0]}`, {
      kind: 'usage',
      file,
      line: error.line,
      cause: error,
    });
  }
}

const percentText = /^\d{1,3}(\.\d{1,6})?$/;

function checkRule(rule: AllocationRuleConfig, source: Source, i: number): void {
  const at = (key: string) => `allocation.rules.${i}.${key}`;
  if (rule.method === 'fixed') {
    const shares = Object.entries(rule.shares ?? {});
    if (shares.length === 0) fail(source, at('shares'), 'a fixed rule needs shares (target = percent)');
    const bad = shares.find(([, p]) => !percentText.test(String(p)));
    if (bad) fail(source, at(`shares.${bad[0]}`), `${bad[1]} is not a percent with at most 6 decimals`);
    const sum = shares.reduce((s, [, p]) => addDecimal(s, String(p)), '0');
    if (addDecimal(sum, '-100').replace(/[0.]/g, '') !== '') {
      fail(source, at('shares'), `the percentages sum to ${sum}, not 100`);
    }
    if (rule.targets) fail(source, at('targets'), 'a fixed rule takes its targets from shares');
  } else if (rule.shares) {
    fail(source, at('shares'), `shares are for fixed rules, not ${rule.method}`);
  }
  if (rule.method === 'usage' && !rule.usage) {
    fail(
      source,
      at('usage'),
      'a usage rule needs usage = { sku = [...] } (the rows whose ConsumedQuantity weighs the targets)',
    );
  }
  if (rule.method !== 'usage' && rule.usage)
    fail(source, at('usage'), `usage is for usage rules, not ${rule.method}`);
}

function fail(source: Source, key: string, message: string): never {
  throw new FinopsError(`${source.prefix}${key}: ${message}`, {
    kind: 'usage',
    file: source.file,
    hint: 'see [govern] in config.toml.example',
  });
}

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : '(top level)';
      if (issue.code === 'unrecognized_keys') return `${where}: unknown key ${issue.keys.join(', ')}`;
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}
