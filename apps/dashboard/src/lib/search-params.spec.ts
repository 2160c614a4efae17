import { describe, expect, it } from 'vitest';
import { formatBytes, formatPct, targetsLabel } from './format';
import { one, withParams } from './search-params';

describe('URL state', () => {
  it('keeps other filters when one changes and drops emptied keys', () => {
    const sp = { status: 'RUNNING', q: 'lora', page: '3' };
    expect(withParams(sp, { page: '4' })).toBe('?status=RUNNING&q=lora&page=4');
    expect(withParams(sp, { q: undefined, page: '' })).toBe('?status=RUNNING');
    expect(withParams({}, {})).toBe('');
    expect(one({ rank: ['4', '8'] }, 'rank')).toBe('4');
  });
});

describe('formatting', () => {
  it('formats bytes, percentages and target sets', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(10.6 * 1048576)).toBe('10.6 MiB');
    expect(formatBytes(null)).toBe('—');
    expect(formatPct(0.8675)).toBe('86.8%');
    expect(targetsLabel(['Q_PROJ', 'V_PROJ'])).toBe('q+v');
  });
});
