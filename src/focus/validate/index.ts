/**
 * The FOCUS conformance validator, driven by the FinOps Foundation's FOCUS 1.2 requirements model.
 * `validateFocus` checks a relation; the renderers print its report for people (text) and CI (JUnit).
 */
export { renderJunit } from './render-junit.ts';
export { renderText } from './render-text.ts';
export type {
  KnownDefectNote,
  RuleLevel,
  RuleResult,
  RuleStatus,
  ValidateOptions,
  ValidationReport,
} from './types.ts';
export { applicabilityCriteria, validateFocus } from './validate.ts';
