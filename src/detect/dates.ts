/** UTC calendar days as `YYYY-MM-DD` text. */

export const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` plus `days` (UTC). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
