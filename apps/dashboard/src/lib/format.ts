const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null || !Number.isFinite(bytes)) return '—';
  let v = bytes;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v >= 100 || u === 0 ? 0 : 1)} ${UNITS[u]}`;
}

export const formatPct = (x: number | null | undefined, digits = 1) =>
  x == null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)}%`;

/** A ratio such as measured ÷ predicted memory: `1.03×`. */
export const formatRatio = (x: number | null | undefined) => (x == null || !Number.isFinite(x) ? '—' : `${x.toFixed(2)}×`);

export const formatDate = (iso: string | null | undefined) =>
  iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—';

export { targetsLabel } from '@loralab/core';

export const shortId = (id: string) => id.slice(-8);

/** What a run's accuracy measures (GraphQL `AccuracyMetric`), for people. */
export function accuracyMetricLabel(metric: string | null | undefined): string {
  switch (metric) {
    case 'LABEL_ACCURACY':
      return 'label accuracy (most likely label)';
    case 'EXACT_MATCH':
      return 'exact match of the greedy completion';
    case 'TOKEN_ACCURACY':
      return 'next-token accuracy (top-1)';
    default:
      return '';
  }
}
