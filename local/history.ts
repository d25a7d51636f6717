/**
 * Records a local execution's history as Step Functions' GetExecutionHistory events
 * (shared/runs/history-event.ts), so `tipline runs show` reads a local run and a deployed one the same way.
 */
import type { HistoryEvent } from '../shared/runs/history-event.js';

export type PendingEvent = Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp'> & { at: number; seq: number };

/** Order events by time (ties keep the order they were recorded in) and number them as Step Functions does. */
export function finishHistory(pending: PendingEvent[]): HistoryEvent[] {
  return [...pending]
    .sort((a, b) => a.at - b.at || a.seq - b.seq)
    .map(({ at, seq: _seq, ...rest }, i) => ({ ...rest, id: i + 1, previousEventId: i, timestamp: new Date(at).toISOString() }));
}
