/**
 * The phone's own storage for patrols (IndexedDB): copies of what the server said (the day's route, the
 * settings) as last fetched, and the queue
 * of visits recorded on the phone and not yet accepted by the server. IndexedDB rather than
 * localStorage because photos (Blobs) are kept with their visit until sent, and it survives the
 * app being closed on a phone with no signal.
 */

const DB_NAME = 'citysafe-grid';
const DB_VERSION = 1;
const KEPT = 'kept';
const VISITS = 'visits';

/** A visit waiting on the phone, keyed by the clientId it was given when started. */
export interface QueuedVisit {
  clientId: string;
  /** Whose visit: the queue of a phone shared by two members sends each one's only in their session. */
  userId: string;
  /** The order in which visits were completed: they are sent in that order. */
  queuedAt: number;
  /** The visit's JSON body, without the photos' file ids (known only once each is uploaded). */
  body: Record<string, unknown>;
  /** The photos taken; `fileId` is set once uploaded, so a retried send does not upload them twice. */
  photos: { name: string; blob: Blob; fileId: string | null }[];
  /** Clients ids of the findings that carry the visit's photos. */
  findingsWithPhotos: string[];
  /** The server refused it (409, 422…): kept with its reason, not sent again by itself. */
  error: { status: number; zh: string; en: string } | null;
  /** The place's name, for the list of what waits. */
  placeName: string;
}

/** A copy of an answer of the server, kept under a key naming whose and what (a member's route of a day). */
export interface Kept<T> {
  key: string;
  savedAt: number;
  value: T;
}

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(KEPT)) db.createObjectStore(KEPT, { keyPath: 'key' });
      if (!db.objectStoreNames.contains(VISITS)) db.createObjectStore(VISITS, { keyPath: 'clientId' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => {
      opening = null;
      reject(request.error ?? new Error('IndexedDB did not open'));
    };
  });
  return opening;
}

/** Runs one request in a transaction and resolves when the transaction has committed. */
async function run<T>(store: string, mode: IDBTransactionMode, use: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const request = use(tx.objectStore(store));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export const routeKey = (userId: string, date: string): string => `route:${userId}:${date}`;
export const settingsKey = 'settings';

export async function keep<T>(key: string, value: T): Promise<void> {
  await run(KEPT, 'readwrite', (s) => s.put({ key, savedAt: Date.now(), value } satisfies Kept<T>));
}

export async function kept<T>(key: string): Promise<Kept<T> | undefined> {
  return run(KEPT, 'readonly', (s) => s.get(key) as IDBRequest<Kept<T> | undefined>);
}

export async function putVisit(visit: QueuedVisit): Promise<void> {
  await run(VISITS, 'readwrite', (s) => s.put(visit));
}

export async function deleteVisit(clientId: string): Promise<void> {
  await run(VISITS, 'readwrite', (s) => s.delete(clientId));
}

/** A member's queued visits, oldest first. */
export async function queuedVisits(userId: string): Promise<QueuedVisit[]> {
  const all = await run(VISITS, 'readonly', (s) => s.getAll() as IDBRequest<QueuedVisit[]>);
  return all.filter((v) => v.userId === userId).sort((a, b) => a.queuedAt - b.queuedAt);
}
