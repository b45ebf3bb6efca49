/**
 * The first script of the page, loaded beside the app's own and run as soon as it arrives: it asks
 * for the session and the server's settings while the app's JavaScript is still downloading and
 * compiling, so on a phone (150 ms a round trip) the answers are there when the app first renders
 * rather than one round trip after. The app's `send` takes a started request instead of sending its
 * own (shared/api.ts, takeEarlyResponse). Self-contained on purpose: importing app code here would
 * make the app wait for this entry's chunks.
 */
const early: Record<string, Promise<Response>> = {};
for (const path of ['/api/auth/me', '/api/config']) {
  early[path] = fetch(path, { headers: { Accept: 'application/json' }, credentials: 'include' });
  // A failed early request is the app's to report when it takes it; never an unhandled rejection here.
  early[path].catch(() => undefined);
}
(globalThis as { citysafeEarlyResponses?: typeof early }).citysafeEarlyResponses = early;
