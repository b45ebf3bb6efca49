import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type RenderResult, render } from '@testing-library/react';
import { App } from 'antd';
import type { ReactNode } from 'react';
import { MemoryRouter, useLocation } from 'react-router';
import { vi } from 'vitest';
import '../../app/i18n';

/**
 * Rendering a shared component as the app does (query cache, antd's App for messages, a router
 * at `url`), for component tests in jsdom. `location()` reads the address the component left.
 */

/** A media query list that always answers `matches` (jsdom has none: it has no layout). */
export const fixedMediaQuery = (matches: boolean) => (query: string) =>
  ({
    matches,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }) as MediaQueryList;

// antd asks for media queries (responsive columns); by default the screen counts as narrow.
if (typeof window !== 'undefined' && !window.matchMedia) window.matchMedia = fixedMediaQuery(false);

// …watches element sizes (the text area's auto size), which never change without layout…
if (typeof window !== 'undefined' && !window.ResizeObserver) {
  window.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

// …and measures scrollbars through a pseudo-element, which jsdom does not implement.
if (typeof window !== 'undefined') {
  const computed = window.getComputedStyle.bind(window);
  window.getComputedStyle = (element: Element) => computed(element);
}

export function renderWithApp(ui: ReactNode, { url = '/' }: { url?: string } = {}): RenderResult & { location: () => URL } {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  let current = url;
  function Probe() {
    const { pathname, search } = useLocation();
    current = pathname + search;
    return null;
  }
  const result = render(
    <QueryClientProvider client={client}>
      <App>
        <MemoryRouter initialEntries={[url]}>
          {ui}
          <Probe />
        </MemoryRouter>
      </App>
    </QueryClientProvider>,
  );
  return { ...result, location: () => new URL(current, 'http://localhost') };
}

/** A JSON answer of the fake server the tests put in place of `fetch`. */
export const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Replaces `fetch` with `answer`, recording each request as URL, method, headers and body. */
export function fakeServer(answer: (url: URL, init: RequestInit) => Response | Promise<Response>) {
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => answer(new URL(String(input), 'http://localhost'), init));
  vi.stubGlobal('fetch', fetch);
  return {
    requests: () => fetch.mock.calls.map(([input, init]) => ({ url: new URL(String(input), 'http://localhost'), init: init ?? {} })),
  };
}
