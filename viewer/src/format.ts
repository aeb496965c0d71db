// Small display helpers shared by the pages.
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // Calendar dates (2024-11-22) have no time of day worth showing.
  return /^\d{4}-\d{2}-\d{2}$/.test(iso)
    ? date.toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' })
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export const percent = (p: number | null | undefined): string =>
  p === null || p === undefined ? 'not given' : `${Math.round(p * 100)} %`;

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Colours for speakers, in order of first quote: light enough for black text (WCAG AA), distinct. */
export const SPEAKER_COLOURS = [
  '#ffd8a8',
  '#a5d8ff',
  '#b2f2bb',
  '#eebefa',
  '#ffec99',
  '#99e9f2',
  '#fcc2d7',
  '#d0bfff',
];
export const UNRESOLVED_COLOUR = '#dee2e6';
