import { useEffect, useState } from 'react';
import { ApiError } from '../../../shared/api';

/**
 * Whether this phone reaches the server. `navigator.onLine` only knows that the phone has a network: on a Wi-Fi with
 * no way out, at the edge of coverage or behind a dead VPN it says online while every request fails, and Chromium
 * reports online again on a page the service worker served from its cache. So the patrol page counts itself offline
 * when the browser says so or when its last request got no answer at all (`ApiError` status 0; a 5xx is an answer),
 * and online again at the first answer: while unreachable it asks `/api/health` at once and every PROBE_MS.
 */
const PROBE_MS = 10_000;
const HEALTH_PATH = '/api/health';

let reachable = true;
const listeners = new Set<() => void>();

function setReachable(value: boolean): void {
  if (value === reachable) return;
  reachable = value;
  listeners.forEach((l) => l());
}

/** A request got an answer: the server is reachable. */
export function noteAnswered(): void {
  setReachable(true);
}

/**
 * A request failed: the server is out of reach when there was no answer at all (status 0), reached when it answered
 * (a refusal or a 5xx is an answer); an error of the phone's own (IndexedDB, a file) says nothing about the server.
 */
export function noteFailed(error: unknown): void {
  if (error instanceof ApiError) setReachable(error.status !== 0);
}

/** Whether the patrol page has signal: the browser's network state and the server's last answer together. */
export function useSignal(): boolean {
  const [browserOnline, setBrowserOnline] = useState(() => navigator.onLine);
  const [serverReached, setServerReached] = useState(reachable);
  useEffect(() => {
    const on = () => setBrowserOnline(true);
    const off = () => setBrowserOnline(false);
    const reach = () => setServerReached(reachable);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    listeners.add(reach);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
      listeners.delete(reach);
    };
  }, []);
  useEffect(() => {
    if (!browserOnline || serverReached) return;
    const probe = () => void fetch(HEALTH_PATH, { cache: 'no-store' }).then(noteAnswered, () => undefined);
    // At once as well: when the phone reports its network back, the queue goes without waiting for the first tick.
    probe();
    const timer = setInterval(probe, PROBE_MS);
    return () => clearInterval(timer);
  }, [browserOnline, serverReached]);
  return browserOnline && serverReached;
}
