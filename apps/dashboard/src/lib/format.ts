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

export const targetsLabel = (t: readonly string[]) => t.map((m) => m.replace('_PROJ', '').toLowerCase()).join('+');

export const shortId = (id: string) => id.slice(-8);
