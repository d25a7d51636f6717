/**
 * Marks on a message sent later than, or possibly in addition to, its first sending. A digest whose first
 * sending is uncertain (a crash between sending and recording it) is sent again with the possible-repeat
 * marker, so a district that got both knows the second is the same list; one SES refused at first and sent
 * by `tipline resend` says it is late, and why.
 */
import type { RenderedEmail } from './email-layout.js';
import { esc, oneLine } from './escape.js';
import { STYLE } from './email-layout.js';

export const POSSIBLE_REPEAT_TAG = '[Possible repeat]';
export const DELAYED_TAG = '[Delayed]';

const REPEAT_NOTE =
  'POSSIBLE REPEAT: the first sending of this message could not be confirmed, so it is sent again. ' +
  'If you already received it for this batch, the cases are the same; act on either copy, not both.';

function withNote(email: RenderedEmail, tag: string, note: string): RenderedEmail {
  const html = `<p style="${STYLE.note}border:1px solid #8a4b00;padding:6px 10px;">${esc(note)}</p>`;
  // The note goes first in the body: inside the layout's column, or at the top when there is none.
  const at = email.html.search(/<div[^>]*>/i);
  const markedHtml = at >= 0
    ? email.html.replace(/<div[^>]*>/i, (open) => `${open}\n${html}`)
    : `${html}\n${email.html}`;
  return { subject: `${tag} ${email.subject}`, text: `${note}\n\n${email.text}`, html: markedHtml };
}

export function markPossibleRepeat(email: RenderedEmail): RenderedEmail {
  if (email.subject.startsWith(POSSIBLE_REPEAT_TAG)) return email;
  return withNote(email, POSSIBLE_REPEAT_TAG, REPEAT_NOTE);
}

/** For `tipline resend`: the message is late because SES refused it when the batch ran. */
export function markDelayed(email: RenderedEmail, refusedAt: string, reason: string): RenderedEmail {
  const note = `DELAYED: this message could not be sent when the batch ran (${refusedAt}; SES: ${oneLine(reason, 200)}). It is sent now, once.`;
  return withNote(email, DELAYED_TAG, note);
}
