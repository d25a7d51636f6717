/**
 * What an execution's history says about cost and limits (issue 9): state transitions (every
 * *StateEntered event, as Step Functions bills them), the largest payload that crossed a state boundary
 * (Step Functions refuses any over 256 KB; docs/design.md §2 keeps them far below), and where the time went per
 * state. Shared by bench/e2e.ts and test/local/scale.test.ts.
 */
import type { ExecutionRecord } from '../local/execution-record.js';
import type { HistoryEvent } from '../shared/runs/history-event.js';

export interface PayloadMax {
  bytes: number;
  /** The event type and state (or task) it belongs to. */
  where: string;
}

export interface StateTime {
  state: string;
  /** How many times the state was entered (Map iterations enter their inner states once each). */
  entries: number;
  /** Sum of entered→exited durations, ms (concurrent Map iterations overlap, so this can exceed wall). */
  busyMs: number;
  /** First entry to last exit, ms. */
  spanMs: number;
}

export interface ExecutionStats {
  status: string;
  transitions: number;
  maxPayload: PayloadMax;
  durationMs: number;
  states: StateTime[];
}

const bytes = (s: string | undefined): number => (s === undefined ? 0 : Buffer.byteLength(s, 'utf8'));

/** Every payload in the history: state input/output, task output, execution input/output. */
function payloads(e: HistoryEvent): [string, string | undefined][] {
  return [
    [`${e.type} ${e.stateEnteredEventDetails?.name ?? ''}`, e.stateEnteredEventDetails?.input],
    [`${e.type} ${e.stateExitedEventDetails?.name ?? ''}`, e.stateExitedEventDetails?.output],
    [`${e.type}`, e.taskSucceededEventDetails?.output],
    [`${e.type}`, e.executionStartedEventDetails?.input],
    [`${e.type}`, e.executionSucceededEventDetails?.output],
  ];
}

export function executionStats(record: ExecutionRecord): ExecutionStats {
  let transitions = 0;
  let maxPayload: PayloadMax = { bytes: 0, where: '' };
  const open = new Map<string, number[]>();
  const times = new Map<string, StateTime & { first: number; last: number }>();
  for (const e of record.events) {
    if (e.type.endsWith('StateEntered')) transitions++;
    for (const [where, text] of payloads(e)) {
      const n = bytes(text);
      if (n > maxPayload.bytes) maxPayload = { bytes: n, where: where.trim() };
    }
    const at = Date.parse(e.timestamp);
    if (e.stateEnteredEventDetails) {
      const name = e.stateEnteredEventDetails.name;
      const stack = open.get(name) ?? [];
      stack.push(at);
      open.set(name, stack);
    } else if (e.stateExitedEventDetails) {
      // Concurrent iterations of the same state: pair each exit with the earliest open entry. The busy
      // sum is the same whichever entry an exit is paired with.
      const name = e.stateExitedEventDetails.name;
      const entered = open.get(name)?.shift();
      if (entered === undefined) continue;
      const t = times.get(name) ?? { state: name, entries: 0, busyMs: 0, spanMs: 0, first: entered, last: at };
      t.entries++;
      t.busyMs += at - entered;
      t.first = Math.min(t.first, entered);
      t.last = Math.max(t.last, at);
      t.spanMs = t.last - t.first;
      times.set(name, t);
    }
  }
  const durationMs = record.stopDate ? Date.parse(record.stopDate) - Date.parse(record.startDate) : NaN;
  const states = [...times.values()]
    .sort((a, b) => a.first - b.first)
    .map(({ state, entries, busyMs, spanMs }) => ({ state, entries, busyMs, spanMs }));
  return { status: record.status, transitions, maxPayload, durationMs, states };
}

/** Chunk, district and index part counts, read from the Validate and Classify results in the history. */
export function workCounts(record: ExecutionRecord): { chunks: number; districts: number; indexParts: number; indexItems: number } {
  let chunks = 0;
  let districts = 0;
  let indexParts = 0;
  let indexItems = 0;
  for (const e of record.events) {
    const out = e.stateExitedEventDetails;
    if (!out?.output) continue;
    if (out.name === 'Validate') {
      const v = JSON.parse(out.output) as { validation?: { chunks?: number[] } };
      chunks = v.validation?.chunks?.length ?? chunks;
    } else if (out.name === 'Classify') {
      const c = JSON.parse(out.output) as { classification?: { districts?: unknown[]; indexParts?: number[] } };
      districts = c.classification?.districts?.length ?? districts;
      indexParts = c.classification?.indexParts?.length ?? indexParts;
      indexItems = c.classification?.indexParts?.reduce((sum, items) => sum + items, 0) ?? indexItems;
    }
  }
  return { chunks, districts, indexParts, indexItems };
}
