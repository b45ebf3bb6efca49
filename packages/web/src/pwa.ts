/**
 * Registers the service worker (public/sw.js) that keeps the app shell, so a grid member's phone
 * opens /grid/patrol without signal. After the page has loaded: the worker's first fetches then
 * come from the HTTP cache and never compete with the first screen. Not in development, where
 * Vite serves unbundled modules the worker would keep stale.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.warn('[pwa] service worker not registered', error));
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
