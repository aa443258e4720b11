/** `start_date` after `end_date` selects nothing: a mistake to report, not an empty import. */
export const inPeriodOrder = (s: { start_date?: string; end_date?: string }) =>
  !s.start_date || !s.end_date || s.start_date <= s.end_date;

export const periodOrder = { message: 'start_date is after end_date', path: ['start_date'] };
