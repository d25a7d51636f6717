/**
 * Execution history in the shape of Step Functions' GetExecutionHistory, so `tipline runs show` reads a
 * local run and a deployed one the same way.
 */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: string;
  type: string;
  stateEnteredEventDetails?: { name: string; input?: string };
  stateExitedEventDetails?: { name: string; output?: string };
  taskScheduledEventDetails?: { resourceType: string; resource: string; region: string; parameters?: string; timeoutInSeconds?: number };
  taskStartedEventDetails?: { resourceType: string; resource: string };
  taskSucceededEventDetails?: { resourceType: string; resource: string; output?: string };
  taskFailedEventDetails?: { resourceType: string; resource: string; error: string; cause?: string };
  mapIterationStartedEventDetails?: { name: string; index: number };
  mapIterationSucceededEventDetails?: { name: string; index: number };
  mapIterationFailedEventDetails?: { name: string; index: number };
  executionStartedEventDetails?: { input?: string; roleArn?: string };
  executionSucceededEventDetails?: { output?: string };
  executionFailedEventDetails?: { error?: string; cause?: string };
}

export type PendingEvent = Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp'> & { at: number; seq: number };

/** Order events by time (ties keep the order they were recorded in) and number them as Step Functions does. */
export function finishHistory(pending: PendingEvent[]): HistoryEvent[] {
  return [...pending]
    .sort((a, b) => a.at - b.at || a.seq - b.seq)
    .map(({ at, seq: _seq, ...rest }, i) => ({ ...rest, id: i + 1, previousEventId: i, timestamp: new Date(at).toISOString() }));
}
