/**
 * Governance configuration: the tag policy (`[govern.tags]`) and the shared-cost allocation rules
 * (`[[govern.allocation.rules]]`), either inline in config.toml or in a file it names
 * (`govern.policy_file`, the same keys without the `govern.` prefix). Everything here is validated on
 * input; a message names the file and the key and says what is expected.
 */
import { z } from 'zod';

/** Canonical tag keys and rule names: what reports and SQL show, so no spaces or quotes. */
const keyName = z.string().regex(/^[a-z0-9][a-z0-9_:.-]*$/, 'expected lower case letters, digits, _ : . -');

const validRegex = (p: string) => {
  try {
    new RegExp(p);
    return true;
  } catch {
    return false;
  }
};

export const tagKeySchema = z
  .object({
    /** Other spellings of the key. Case, spaces, `-` and `_` never matter (`Cost Center` = `costcenter`). */
    aliases: z.array(z.string().min(1)).default([]),
    /** A row without this key (or with an empty value) is non-compliant and goes to the unallocated owner. */
    required: z.boolean().default(false),
    /** Allowed values; a delivered value equal to one ignoring case is normalized to its spelling here. */
    values: z.array(z.string().min(1)).min(1).optional(),
    /** Allowed values as a regular expression the whole (normalized) value must match. */
    pattern: z.string().min(1).refine(validRegex, 'not a valid regular expression').optional(),
    /** Fold delivered values to upper or lower case before they are checked (`cc-1001` -> `CC-1001`). */
    case: z.enum(['keep', 'upper', 'lower']).default('keep'),
    /** Delivered value -> normalized value (`prod = "production"`), matched ignoring case. */
    value_aliases: z.record(z.string(), z.string().min(1)).default({}),
  })
  .strict();

export const tagPolicySchema = z
  .object({
    /** The registry: canonical key -> its rule. */
    keys: z.record(keyName, tagKeySchema).refine((k) => Object.keys(k).length > 0, 'name at least one key'),
    /** The key whose value is a row's owner (default: the first required key). */
    owner_key: keyName.optional(),
    /** The owner of rows that miss a required tag or carry an invalid value. */
    unallocated: z.string().min(1).default('Unallocated'),
    /** Alert (`finops tags report --notify`) when untagged spend crosses either threshold. */
    alert: z
      .object({
        /** Percent of a period's spend (per currency) that is not compliant. */
        max_untagged_percent: z.number().min(0).max(100).optional(),
        /** Non-compliant spend, in currency units. */
        max_untagged_cost: z.number().min(0).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Which rows: every given field must match (a list matches any of its values). */
export const rowFilterSchema = z
  .object({
    provider: z.array(z.string().min(1)).min(1).optional(),
    /** SubAccountId or SubAccountName. */
    account: z.array(z.string().min(1)).min(1).optional(),
    service: z.array(z.string().min(1)).min(1).optional(),
    resource: z.array(z.string().min(1)).min(1).optional(),
    sku: z.array(z.string().min(1)).min(1).optional(),
    /** Normalized tag key -> value. */
    tags: z.record(z.string().min(1), z.string()).optional(),
  })
  .strict()
  .refine(
    (f) => Object.values(f).some((v) => v !== undefined),
    'give at least one of provider, account, service, resource, sku, tags',
  );

export const allocationRuleSchema = z
  .object({
    /** AllocatedMethodId of the split rows. */
    name: keyName,
    description: z.string().optional(),
    /** The shared cost to split. */
    pool: rowFilterSchema,
    /** fixed: by percentages; proportional: by the targets' own spend; usage: by their ConsumedQuantity. */
    method: z.enum(['fixed', 'proportional', 'usage']),
    /** The normalized tag key whose values are the targets (e.g. cost_center). */
    target_key: z.string().min(1),
    /** Limit proportional and usage targets to these values (default: every valid value in the period). */
    targets: z.array(z.string().min(1)).min(1).optional(),
    /** fixed: target value -> percent; they must sum to 100. */
    shares: z.record(z.string().min(1), z.number().positive()).optional(),
    /** usage: the rows whose ConsumedQuantity measures each target's use (e.g. egress SKUs). */
    usage: rowFilterSchema.optional(),
    /** proportional: which cost weighs the targets. */
    weight_cost: z.enum(['EffectiveCost', 'BilledCost']).default('EffectiveCost'),
  })
  .strict();

export const allocationSchema = z.object({ rules: z.array(allocationRuleSchema).default([]) }).strict();

export const governSchema = z
  .object({
    /** A TOML file with `[tags]` and `[[allocation.rules]]`, relative to config.toml. */
    policy_file: z.string().min(1).optional(),
    tags: tagPolicySchema.optional(),
    allocation: allocationSchema.prefault({}),
  })
  .strict();

/** The policy file's shape: governSchema without the file pointer. */
export const policyFileSchema = z
  .object({ tags: tagPolicySchema.optional(), allocation: allocationSchema.prefault({}) })
  .strict();

export type TagPolicyConfig = z.infer<typeof tagPolicySchema>;
export type AllocationRuleConfig = z.infer<typeof allocationRuleSchema>;
export type RowFilterConfig = z.infer<typeof rowFilterSchema>;
