import Link from 'next/link';
import { withParams, type SearchParams } from '@/lib/search-params';

export function Pager({ sp, page, pages, total }: { sp: SearchParams; page: number; pages: number; total: number }) {
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 ? <Link href={withParams(sp, { page: String(page - 1) })}>← Previous</Link> : <span className="muted">← Previous</span>}
      <span>
        Page {page} of {Math.max(pages, 1)} · {total} in all
      </span>
      {page < pages ? <Link href={withParams(sp, { page: String(page + 1) })}>Next →</Link> : <span className="muted">Next →</span>}
    </nav>
  );
}
