/**
 * The rules come from the FinOps Foundation's model file, not from a list kept here: these tests pin
 * what the bundled FOCUS 1.2 model yields, so a changed model or a broken walk shows up at once.
 */
import { describe, expect, it } from 'vitest';
import { correctedRules, loadKnownDefects } from '../../../src/focus/validate/defects.ts';
import { loadModel } from '../../../src/focus/validate/model.ts';
import { translatedFunctions } from '../../../src/focus/validate/translate.ts';
import { reachRules } from '../../../src/focus/validate/walk.ts';

describe('the FOCUS 1.2 requirements model', () => {
  const model = loadModel();
  const defects = loadKnownDefects(model);
  const reached = reachRules(
    correctedRules(model, defects),
    model.ModelDatasets.CostAndUsage?.ModelRules ?? [],
  );

  it('reaches 539 of its 621 rules from the CostAndUsage dataset through CheckModelRule composites', () => {
    expect(model.Details).toEqual({ ModelVersion: '1.2', FOCUSVersion: '1.2' });
    expect(Object.keys(model.ModelRules)).toHaveLength(621);
    expect(reached).toHaveLength(539);
    expect(reached.filter((r) => r.rule.Type === 'Static')).toHaveLength(406);
    expect(reached.filter((r) => r.rule.Type === 'Dynamic')).toHaveLength(133);
    expect(reached[0]?.id).toBe('CostAndUsage-D-000-M');
  });

  it('has a translator for every check function the model declares', () => {
    expect(Object.keys(model.CheckFunctions).filter((name) => !translatedFunctions.includes(name))).toEqual(
      [],
    );
    expect(translatedFunctions).toHaveLength(22);
  });

  it("passes a composite's applicability criteria and conditions down to the rules it combines", () => {
    const byId = new Map(reached.map((r) => [r.id, r]));
    expect(byId.get('AvailabilityZone-C-001-M')?.criteria).toEqual(['AVAILABILITY_ZONE_SUPPORTED']);
    // "When ListUnitPrice is not null, ListUnitPrice adheres to ...": ListUnitPrice >= 0 only where it is set.
    expect(byId.get('ListUnitPrice-C-008-M')?.inheritedConditions).toEqual([
      { CheckFunction: 'CheckNotValue', ColumnName: 'ListUnitPrice', Value: null },
    ]);
  });

  it('keeps every known defect pointing at a rule of the model, with a sentence saying why', () => {
    expect(defects.size).toBeGreaterThanOrEqual(5);
    for (const defect of defects.values()) {
      expect(model.ModelRules[defect.ruleId]).toBeDefined();
      expect(defect.why.length).toBeGreaterThan(40);
      if (defect.treatment === 'correct') expect(defect.Requirement ?? defect.Condition).toBeDefined();
    }
  });
});
