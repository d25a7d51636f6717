/**
 * One event of an execution's history in the shape of Step Functions' GetExecutionHistory, so a local run
 * (local/history.ts records these) and a deployed one read the same way.
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
