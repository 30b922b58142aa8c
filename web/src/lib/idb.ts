// A small promise wrapper over IndexedDB for the two things paraplan keeps on
// a device: the outbox of records waiting to be sent, and a few saved views
// (the signed-in profile and today's day) for use without a network.

const DATABASE = 'paraplan';
const VERSION = 1;
export const OUTBOX = 'outbox';
export const SAVED = 'saved';

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, VERSION);
    request.onupgradeneeded = () => {
      const database = request.result;
      if (!database.objectStoreNames.contains(OUTBOX)) database.createObjectStore(OUTBOX, { keyPath: 'client_id' });
      if (!database.objectStoreNames.contains(SAVED)) database.createObjectStore(SAVED);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => {
      opening = null;
      reject(request.error ?? new Error('IndexedDB could not be opened'));
    };
  });
  return opening;
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

// Resolves when the transaction is committed, so a record is on disk before
// the UI says it is saved.
function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export async function put(store: string, value: unknown, key?: IDBValidKey): Promise<void> {
  const database = await open();
  const transaction = database.transaction(store, 'readwrite', { durability: 'strict' });
  transaction.objectStore(store).put(value, key);
  await committed(transaction);
}

export async function get<T>(store: string, key: IDBValidKey): Promise<T | undefined> {
  const database = await open();
  return done(database.transaction(store).objectStore(store).get(key)) as Promise<T | undefined>;
}

export async function all<T>(store: string): Promise<T[]> {
  const database = await open();
  return done(database.transaction(store).objectStore(store).getAll()) as Promise<T[]>;
}

export async function remove(store: string, keys: IDBValidKey[]): Promise<void> {
  if (keys.length === 0) return;
  const database = await open();
  const transaction = database.transaction(store, 'readwrite', { durability: 'strict' });
  const objects = transaction.objectStore(store);
  keys.forEach((key) => objects.delete(key));
  await committed(transaction);
}

export async function clear(store: string): Promise<void> {
  const database = await open();
  const transaction = database.transaction(store, 'readwrite');
  transaction.objectStore(store).clear();
  await committed(transaction);
}
