/**
 * Where a generated batch numbers its reports from. Each seed gets its own block of report numbers, so
 * batches generated with different seeds can be run into the same data dir without their reports being
 * taken for duplicates of each other; `--first-id` chooses the start outright.
 *
 * Nine digits, like the CyberTipline's own report numbers: blocks of 10,000,000 from 100,000,000, one per
 * seed modulo 80, below the 900,000,000s the hand-written example batches use. So consecutive seeds (and
 * any seeds less than 80 apart) never share a report number for batches up to ten million reports.
 */
export const REPORT_ID_BLOCK = 10_000_000;
export const REPORT_ID_BLOCKS = 80;
const FIRST_BLOCK = 100_000_000;

export function firstReportIdFor(seed: number): number {
  const block = ((seed % REPORT_ID_BLOCKS) + REPORT_ID_BLOCKS) % REPORT_ID_BLOCKS;
  return FIRST_BLOCK + block * REPORT_ID_BLOCK;
}
