/**
 * `tipline resend --batch ID` (local, or --aws): send the batch's messages SES refused, exactly once each.
 * Each unsent slot is claimed in the ledger (UNSENT → PENDING, a conditional write, so two resends at once
 * cannot both send it), its kept message sent with a "delayed" note, and the slot marked SENT — or UNSENT
 * again with SES's new reason. A slot a crashed resend left PENDING is sent again (as a possible repeat) once
 * it is older than a send can take. The batch record's unsent count and list follow.
 */
import { getBatch, updateBatch, type Deliveries } from '../aws/batch-records.js';
import { claimEmail, listSlots, type EmailSlot } from '../aws/email-ledger.js';
import { sendClaimed } from '../aws/mailer.js';
import { getObjectText } from '../aws/object-store.js';
import { markDelayed, markPossibleRepeat } from '../notify/repeat-marker.js';
import type { RenderedEmail } from '../notify/email-layout.js';
import { resource } from '../config.js';
import { logger } from '../logger.js';

/** Longer than one send can take (the SDK's five attempts with backoff included). */
export const RESEND_PENDING_STALE_MS = 5 * 60_000;

export interface ResendResult {
  batchId: string;
  /** Messages this resend sent. */
  sent: number;
  /** Messages SES refused again, with its reason. */
  unsent: { to: string; reason: string }[];
  /** Messages another sender is sending right now (left alone). */
  inFlight: number;
}

const label = (slot: string) => (slot.startsWith('DISTRICT#') ? slot.slice('DISTRICT#'.length) : slot.startsWith('HQ#SUMMARY') ? 'HQ summary' : 'HQ failure notice');

export class ResendRefusedError extends Error {
  override readonly name = 'ResendRefusedError';
}

export async function resendUnsent(batchId: string): Promise<ResendResult> {
  const batch = await getBatch(batchId);
  if (!batch) throw new ResendRefusedError(`no batch ${batchId} (\`tipline runs\` lists batch IDs)`);
  if (batch.status === 'RUNNING') throw new ResendRefusedError(`batch ${batchId} is still running (execution ${batch.execution}); resend when it has ended`);

  const waiting = (await listSlots(batchId)).filter((s) => s.messageKey && (s.state === 'UNSENT' || s.state === 'PENDING'));
  const result: ResendResult = { batchId, sent: 0, unsent: [], inFlight: 0 };
  for (const slot of waiting) {
    const claim = await claimEmail(batchId, slot.slot, slot.recipient, { pendingStaleMs: RESEND_PENDING_STALE_MS });
    if (claim.kind === 'SENT') continue;
    if (claim.kind === 'PENDING') {
      result.inFlight++;
      continue;
    }
    const kept = JSON.parse(await getObjectText(resource('WORK_BUCKET'), slot.messageKey!)) as { to: string; email: RenderedEmail };
    const email = delayed(kept.email, slot);
    const outcome = await sendClaimed(batchId, slot.slot, kept.to, claim.repeat ? markPossibleRepeat(email) : email, claim.repeat);
    if (outcome.status === 'sent') result.sent++;
    else if (outcome.status === 'unsent') result.unsent.push({ to: label(slot.slot), reason: outcome.reason });
  }

  const remaining = (await listSlots(batchId)).filter((s) => s.state === 'UNSENT');
  const deliveries: Deliveries = {
    resent: batch.deliveries?.resent ?? [],
    unsent: remaining.map((s) => ({ to: label(s.slot), reason: s.reason ?? 'refused' })),
  };
  await updateBatch(batchId, { emailsUnsent: remaining.length, deliveries });
  logger.info('unsent email resent', { batchId, sent: result.sent, stillUnsent: result.unsent.length, inFlight: result.inFlight });
  return result;
}

function delayed(email: RenderedEmail, slot: EmailSlot): RenderedEmail {
  return markDelayed(email, slot.markedAt ?? slot.claimedAt, slot.reason ?? 'refused');
}
