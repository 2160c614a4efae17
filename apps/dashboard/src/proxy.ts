import { NextResponse, type NextRequest } from 'next/server';

// Everything but the sign-in page needs a key: the cookie, or local mode's bootstrap key.
export function proxy(req: NextRequest) {
  const hasKey = Boolean(req.cookies.get('loralab_key')?.value || process.env.LORALAB_LOCAL_API_KEY);
  if (!hasKey && !req.nextUrl.pathname.startsWith('/login')) {
    return NextResponse.redirect(new URL('/login', req.url));
  }
  return NextResponse.next();
}

export const config = { matcher: ['/((?!_next/|favicon.ico).*)'] };
