/** Reminder timing on a fixed clock: P1 overdue from 24 h after assignment, P2 from 72 h, P3 never by default. */
import { dueAtFor, isOverdue } from '../../../shared/cases/due-time.js';
import { istDay } from '../../../shared/cases/digest.js';

const ASSIGNED = '2026-12-03T03:30:00.000Z'; // 09:00 IST
const at = (hours: number) => new Date(Date.parse(ASSIGNED) + hours * 3_600_000);
const hours = { P1: 24, P2: 72 };

it('a P1 is overdue from exactly 24 h, not a second before; a P2 from 72 h', () => {
  const p1 = { status: 'assigned', dueAt: dueAtFor('P1', ASSIGNED, hours) };
  expect(p1.dueAt).toBe('2026-12-04T03:30:00.000Z');
  expect(isOverdue(p1, new Date(at(24).getTime() - 1000))).toBe(false);
  expect(isOverdue(p1, at(24))).toBe(true);
  expect(isOverdue(p1, at(25))).toBe(true);
  const p2 = { status: 'assigned', dueAt: dueAtFor('P2', ASSIGNED, hours) };
  expect(isOverdue(p2, at(71))).toBe(false);
  expect(isOverdue(p2, at(72))).toBe(true);
});

it('P3 has no deadline unless configured; the hours are configurable', () => {
  expect(dueAtFor('P3', ASSIGNED, hours)).toBeUndefined();
  expect(dueAtFor('P3', ASSIGNED, { ...hours, P3: 168 })).toBe('2026-12-10T03:30:00.000Z');
  expect(dueAtFor('P1', ASSIGNED, { P1: 12, P2: 72 })).toBe('2026-12-03T15:30:00.000Z');
});

it('only an assigned case is overdue', () => {
  for (const status of ['acknowledged', 'investigating', 'closed', 'in-review']) {
    expect(isOverdue({ status, dueAt: '2026-12-04T03:30:00.000Z' }, at(100))).toBe(false);
  }
});

it('the ledger day is the IST date', () => {
  expect(istDay(new Date('2026-12-03T18:29:59Z'))).toBe('2026-12-03');
  expect(istDay(new Date('2026-12-03T18:30:00Z'))).toBe('2026-12-04');
});
