// Records captured on a phone go to the outbox in IndexedDB first, and are
// sent from there with POST /api/v1/sync. Each record carries a UUID made on
// the phone, and the server stores a record once per id, so a batch that is
// sent twice (the answer was lost when the signal dropped) leaves no
// duplicate. A record leaves the outbox only when the server has answered
// for it.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from './api';
import { OUTBOX, all, put, remove } from './idb';

export type CaptureKind = 'service_session' | 'goal_observation' | 'behavior_incident' | 'fidelity_check' | 'self_monitoring';

// The record as the API takes it: the client's id and creation time, the
// student, the kind, and the kind's fields.
export interface CaptureRecord {
  id: string;
  kind: CaptureKind;
  created_at: string;
  student_id: number;
  [field: string]: unknown;
}

export interface OutboxEntry {
  client_id: string;
  // Whose record this is: only they may send it.
  owner: string;
  record: CaptureRecord;
  // A plain-language line for the list of waiting records.
  summary: string;
  queued_at: string;
  // Set when the server refused the record; it stays until the person discards it.
  refused?: string;
}

const BATCH = 100;
const changeListeners = new Set<() => void>();
let flushing: Promise<FlushResult> | null = null;
// Set when a record is added to the outbox; a run clears it as it reads the
// outbox, so a run that ends with it set knows of records it did not send.
let added = false;

function changed(): void {
  changeListeners.forEach((listener) => listener());
}

export function newRecordId(): string {
  return crypto.randomUUID();
}

export async function enqueue(owner: string, record: CaptureRecord, summary: string): Promise<void> {
  await put(OUTBOX, { client_id: record.id, owner, record, summary, queued_at: new Date().toISOString() } satisfies OutboxEntry);
  added = true;
  changed();
}

export async function entries(owner: string): Promise<OutboxEntry[]> {
  const every = await all<OutboxEntry>(OUTBOX);
  return every.filter((entry) => entry.owner === owner).sort((a, b) => a.queued_at.localeCompare(b.queued_at));
}

export async function discard(clientId: string): Promise<void> {
  await remove(OUTBOX, [clientId]);
  changed();
}

export interface FlushResult {
  sent: number;
  refused: number;
  waiting: number;
  error?: ApiError;
}

interface SyncAnswer {
  id?: string;
  client_id?: string;
  status?: number | string;
  ok?: boolean;
  error?: { message?: string; fields?: { field: string; reason: string }[] } | string;
}

function answersOf(body: unknown): SyncAnswer[] {
  if (Array.isArray(body)) return body as SyncAnswer[];
  const object = body as { results?: unknown; records?: unknown } | null;
  if (object && Array.isArray(object.results)) return object.results as SyncAnswer[];
  if (object && Array.isArray(object.records)) return object.records as SyncAnswer[];
  return [];
}

function accepted(answer: SyncAnswer): boolean {
  if (answer.ok === true) return true;
  if (typeof answer.status === 'number') return answer.status >= 200 && answer.status < 300;
  return ['created', 'stored', 'unchanged', 'duplicate', 'exists', 'ok', 'accepted'].includes(String(answer.status));
}

function refusal(answer: SyncAnswer): string {
  const error = answer.error;
  if (typeof error === 'string') return error;
  const fields = error?.fields?.map((problem) => `${problem.field}: ${problem.reason}`).join('; ');
  return [error?.message, fields].filter(Boolean).join(' — ') || `refused (${String(answer.status)})`;
}

async function flushOnce(owner: string): Promise<FlushResult> {
  const pending = (await entries(owner)).filter((entry) => !entry.refused);
  let sent = 0;
  let refused = 0;
  for (let start = 0; start < pending.length; start += BATCH) {
    const batch = pending.slice(start, start + BATCH);
    let body: unknown;
    try {
      body = await api.post('/sync', { records: batch.map((entry) => entry.record) });
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(0, 'offline', String(error));
      return { sent, refused, waiting: pending.length - sent - refused, error: apiError };
    }
    const answers = new Map(answersOf(body).map((answer) => [answer.id ?? answer.client_id ?? '', answer]));
    const done: string[] = [];
    for (const entry of batch) {
      const answer = answers.get(entry.client_id);
      if (!answer) continue; // No answer for it: it stays and is sent again.
      if (accepted(answer)) {
        done.push(entry.client_id);
        sent++;
      } else {
        await put(OUTBOX, { ...entry, refused: refusal(answer) });
        refused++;
      }
    }
    await remove(OUTBOX, done);
    changed();
  }
  return { sent, refused, waiting: pending.length - sent - refused };
}

// Sends the outbox again as long as records were added while it was being
// sent: a call made meanwhile shares the run, and without this its records
// waited for the next retry, 30 seconds later, while the page was online.
async function flushAll(owner: string): Promise<FlushResult> {
  const total: FlushResult = { sent: 0, refused: 0, waiting: 0 };
  for (;;) {
    added = false;
    const result = await flushOnce(owner);
    total.sent += result.sent;
    total.refused += result.refused;
    total.waiting = result.waiting;
    total.error = result.error;
    if (result.error || !added) return total;
  }
}

// Sends every waiting record of `owner`, including records added while it
// sends. Concurrent calls share one run, so the same record is never in two
// requests at once.
export function flush(owner: string): Promise<FlushResult> {
  flushing ??= flushAll(owner).finally(() => {
    flushing = null;
  });
  return flushing;
}

// The owner's outbox, kept current as records are added, sent or refused;
// null until it has been read.
export function useOutbox(owner: string): OutboxEntry[] | null {
  const [list, setList] = useState<OutboxEntry[] | null>(null);
  useEffect(() => {
    let live = true;
    const refresh = () => {
      entries(owner).then((next) => live && setList(next), () => live && setList([]));
    };
    refresh();
    changeListeners.add(refresh);
    return () => {
      live = false;
      changeListeners.delete(refresh);
    };
  }, [owner]);
  return list;
}
