/**
 * The demo's governance: a tag policy and an allocation rule for the tags the sample data carries (in
 * the many spellings real teams use), so that `tags report`, `allocate`, `showback` and the dashboard's
 * tag page have something real to show after `finops demo`. Written as a policy file the demo's
 * config.toml points at; a config.toml the user already has is never changed.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/schema.ts';
import { loadGovernance } from '../govern/load-policy.ts';
import type { Governance } from '../govern/policy.ts';
import type { Context } from './context.ts';

export const demoPolicy = `# The demo's governance policy, written by \`finops demo\` (config.toml points here with
# [govern] policy_file). Edit it and run \`finops tags apply\`, or see config.toml.example for every key.

[tags]
owner_key = "cost_center"          # whose value owns a compliant row
unallocated = "Unallocated"        # the owner of rows that miss a required tag or carry an invalid one

[tags.keys.cost_center]            # CostCenter, cost-center, "Cost Center" match it too
required = true
case = "upper"                     # cc-1001 -> CC-1001
pattern = "^CC-[0-9]{4}$"
value_aliases = { "CC 2040" = "CC-2040" }

[tags.keys.environment]
aliases = ["env"]
required = true
values = ["production", "staging", "development"]
value_aliases = { prod = "production", dev = "development" }

[tags.keys.team]
case = "lower"                     # Payments, PLATFORM -> payments, platform

# AWS Business support is shared: each cost center pays its share of the month's spend.
[[allocation.rules]]
name = "aws-support"
pool = { service = ["AWS Support (Business)"] }
method = "proportional"
target_key = "cost_center"
weight_cost = "EffectiveCost"
`;

const policyFile = '.finops/demo-governance.toml';

export interface DemoGovernance {
  governance: Governance;
  /** What the demo did about config.toml, for the user. */
  note: string;
}

/**
 * Writes the demo policy, and a config.toml naming it when there is none. Returns the governance the
 * demo applies: the user's own when their configuration has one, else the demo's.
 */
export async function demoGovernance(ctx: Context): Promise<DemoGovernance> {
  await mkdir(path.dirname(policyFile), { recursive: true });
  await writeFile(policyFile, demoPolicy);
  const own = loadGovernance(ctx.config, ctx.configFile);
  if (own.tags)
    return { governance: own, note: `the tag policy of ${ctx.configFile ?? 'your configuration'}` };
  const withDemo: Config = {
    ...ctx.config,
    govern: { ...ctx.config.govern, policy_file: path.resolve(policyFile) },
  };
  const governance = loadGovernance(withDemo, ctx.configFile);
  if (ctx.configFile || existsSync('config.toml')) {
    const file = ctx.configFile ?? 'config.toml';
    return {
      governance,
      note: `${policyFile} (add [govern] policy_file = "${policyFile}" to ${file} for tags report and showback)`,
    };
  }
  await writeFile(
    'config.toml',
    `# Written by \`finops demo\`: the demo's tag policy and allocation rule. Edit or delete freely;
# config.toml.example lists every setting.
[govern]
policy_file = "${policyFile}"
`,
  );
  return { governance, note: `${policyFile}, named by a new config.toml` };
}
