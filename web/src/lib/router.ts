// A small history router: the server falls back to index.html for unknown
// paths, so every page has a real URL that can be bookmarked and reloaded.
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  listeners.forEach((listener) => listener());
}

addEventListener('popstate', () => listeners.forEach((listener) => listener()));

export interface Route {
  path: string;
  query: URLSearchParams;
}

function current(): Route {
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    listeners.add(update);
    return () => void listeners.delete(update);
  }, []);
  return route;
}

// Matches `/students/:id` style patterns; returns the parameters or null.
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const parameters: Record<string, string> = {};
  for (let index = 0; index < want.length; index++) {
    const part = want[index]!;
    if (part.startsWith(':')) parameters[part.slice(1)] = decodeURIComponent(have[index]!);
    else if (part !== have[index]) return null;
  }
  return parameters;
}

// Intercepts clicks on same-origin links so they navigate without a reload.
export function onLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || anchor.target || anchor.origin !== location.origin || anchor.hasAttribute('download')) return;
  // A link to a part of this same page (the skip link) is the browser's to
  // follow: it scrolls there and moves focus.
  if (anchor.hash && anchor.pathname + anchor.search === location.pathname + location.search) return;
  event.preventDefault();
  // A link to a part of another page keeps its fragment: that page, once it
  // has loaded the part, shows it (see the progress page's schedule).
  navigate(anchor.pathname + anchor.search + anchor.hash);
}
