import { useCallback, useEffect, useState } from 'react';
import { ApiError, send } from '../../../shared/api';
import { uploadAttachment } from '../../../shared/files/files';
import { noteAnswered, noteFailed, useSignal } from './reach';
import { type QueuedVisit, deleteVisit, putVisit, queuedVisits } from './store';

/** Where a visit is sent (POST /api/grid/visits): idempotent on its clientId, so sending twice records once. */
const VISITS_PATH = '/api/grid/visits';

/** How often a queue that could not be sent is tried again while the phone has signal. */
const RETRY_MS = 30_000;

type Listener = () => void;
const listeners = new Set<Listener>();
const changed = () => listeners.forEach((l) => l());

/**
 * Whether a refusal is the visit's own (kept with its reason, not retried by itself) rather than the
 * connection's or the server's (retried at the next chance): 409 another place under this clientId,
 * 422 too old or in the future, 400/404/413/415 a body or a photo the server will never take.
 */
const refusesTheVisit = (e: unknown): e is ApiError =>
  e instanceof ApiError && e.status >= 400 && e.status < 500 && ![401, 403, 408, 429].includes(e.status);

/** Puts a completed visit in the queue (the page then sends what waits: useVisitQueue's `sync`). */
export async function enqueueVisit(visit: QueuedVisit): Promise<void> {
  await putVisit(visit);
  changed();
}

/** Forgets a refused visit once the member has read why (it will never be accepted as it is). */
export async function discardVisit(clientId: string): Promise<void> {
  await deleteVisit(clientId);
  changed();
}

/** Sends a refused visit again (after a fix on the server's side, e.g. a place moved back into the grid). */
export async function retryVisit(visit: QueuedVisit): Promise<void> {
  await putVisit({ ...visit, error: null });
  changed();
  await syncQueue(visit.userId);
}

/** The body as sent: the photos' file ids filled in, on the visit and on the findings that carry them. */
function bodyOf(visit: QueuedVisit): Record<string, unknown> {
  const photoFileIds = visit.photos.flatMap((p) => (p.fileId ? [p.fileId] : []));
  const findings = (visit.body.findings as { clientId: string }[] | undefined)?.map((f) =>
    visit.findingsWithPhotos.includes(f.clientId) && photoFileIds.length > 0 ? { ...f, photoFileIds } : f,
  );
  return { ...visit.body, photoFileIds, ...(findings ? { findings } : {}) };
}

/** Sends one visit: its photos first (each id kept as soon as known), then the visit. */
async function sendVisit(visit: QueuedVisit): Promise<void> {
  for (const photo of visit.photos) {
    if (photo.fileId) continue;
    const meta = await uploadAttachment(new File([photo.blob], photo.name, { type: photo.blob.type }));
    photo.fileId = meta.id;
    await putVisit(visit);
  }
  await send(VISITS_PATH, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(bodyOf(visit)) });
}

let running: Promise<void> = Promise.resolve();

/**
 * Sends a member's queue in order, each visit removed only once the server answered 200 or 201. A
 * visit the server refuses stays with the reason shown and the next ones go on; no connection or a
 * server error stops the round (the rest are tried when the signal returns, every RETRY_MS, or at page load). One round
 * at a time in this page, and across the tabs of the phone through a Web Lock where there is one.
 */
export function syncQueue(userId: string): Promise<void> {
  const round = async () => {
    for (const visit of await queuedVisits(userId)) {
      if (visit.error) continue;
      try {
        await sendVisit(visit);
        noteAnswered();
        await deleteVisit(visit.clientId);
      } catch (e) {
        noteFailed(e);
        if (!refusesTheVisit(e)) break;
        await putVisit({ ...visit, error: { status: e.status, zh: e.bilingual.zh, en: e.bilingual.en } });
      } finally {
        changed();
      }
    }
  };
  const locked = () => (navigator.locks ? navigator.locks.request('citysafe-grid-sync', round) : round());
  running = running.then(locked, locked);
  return running;
}

/**
 * A member's queue as the page shows it, kept current; sent on page load and whenever the
 * connection returns. `onSent` is told when a round removed visits (to refresh the route).
 */
export function useVisitQueue(userId: string, onSent?: () => void) {
  const online = useSignal();
  const [visits, setVisits] = useState<QueuedVisit[]>([]);
  const [syncing, setSyncing] = useState(false);

  const reload = useCallback(async () => setVisits(await queuedVisits(userId)), [userId]);

  useEffect(() => {
    const listener = () => void reload();
    listeners.add(listener);
    void reload();
    return () => void listeners.delete(listener);
  }, [reload]);

  const sync = useCallback(async () => {
    setSyncing(true);
    const before = (await queuedVisits(userId)).length;
    try {
      await syncQueue(userId);
    } finally {
      setSyncing(false);
    }
    if ((await queuedVisits(userId)).length < before) onSent?.();
  }, [userId, onSent]);

  useEffect(() => {
    if (online) void sync();
  }, [online, sync]);

  // A round stopped by a flaky line or a busy server (503) is tried again while visits wait.
  const waiting = visits.some((v) => !v.error);
  useEffect(() => {
    if (!online || !waiting) return;
    const timer = setInterval(() => void sync(), RETRY_MS);
    return () => clearInterval(timer);
  }, [online, waiting, sync]);

  return { online, syncing, visits, pending: visits.filter((v) => !v.error), refused: visits.filter((v) => v.error), sync };
}
