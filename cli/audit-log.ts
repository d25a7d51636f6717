/**
 * The local audit log: one JSON line per sensitive local action (today: `tipline rejected --reveal`), appended
 * to `<data dir>/audit/audit.jsonl` (mode 0600, never rewritten). It records who, when, what and which batch —
 * never a revealed value. The portal's audit trail (DynamoDB) is separate; this one covers the local CLI.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export interface AuditEvent {
  action: string;
  batchId?: string;
  /** How many records the action showed. */
  records?: number;
}

export function auditLogPath(dataDir: string): string {
  return join(dataDir, 'audit', 'audit.jsonl');
}

/** Appends the event; throws when it cannot be written, so an unlogged reveal never happens. */
export function appendAuditEvent(dataDir: string, event: AuditEvent, now = new Date()): void {
  mkdirSync(join(dataDir, 'audit'), { recursive: true, mode: 0o700 });
  const line = JSON.stringify({ at: now.toISOString(), user: userInfo().username, pid: process.pid, ...event });
  appendFileSync(auditLogPath(dataDir), `${line}\n`, { mode: 0o600, flag: 'a' });
}
