import { describe, expect, it } from 'vitest';
import { Progress, formatDuration } from '../../../scripts/city/progress';

/** A stream that keeps what was written, and a clock the test moves. */
function recording(isTTY: boolean) {
  const written: string[] = [];
  let now = 0;
  const progress = new Progress({ isTTY, write: (text: string) => written.push(text) }, { clock: () => now, redrawEveryMs: 100 });
  return { written, progress, advance: (ms: number) => (now += ms) };
}

describe('progress of long work', () => {
  it('writes a log a line at every tenth of the way, and one when done', () => {
    // Prepare
    const { written, progress, advance } = recording(false);
    const task = progress.start('writing units', 1_000);
    // Act
    for (let step = 0; step < 1_000; step += 1) {
      advance(10);
      task.tick();
    }
    task.done();
    // Assess
    expect(written).toHaveLength(10);
    expect(written[0]).toBe('writing units 100/1,000 (10%), 100/s, ETA 0:09\n');
    expect(written.at(-1)).toBe('writing units 1,000/1,000 (100%), 100/s, 0:10\n');
  });

  it('redraws one line on a terminal, at most every redraw interval, and ends it when done', () => {
    // Prepare
    const { written, progress, advance } = recording(true);
    const task = progress.start('reading staff', 50);
    // Act
    for (let step = 0; step < 50; step += 1) {
      advance(20);
      task.tick();
    }
    task.done();
    // Assess
    expect(written.every((text) => text.startsWith('\r'))).toBe(true);
    expect(written.length).toBeLessThan(50);
    expect(written.at(-1)).toBe('\rreading staff 50/50 (100%), 50/s, 0:01\u001b[K\n');
  });

  it('says nothing when quiet, and spells durations as minutes and hours', () => {
    // Prepare
    const written: string[] = [];
    const progress = new Progress({ write: (text: string) => written.push(text) }, { quiet: true });
    // Act
    const task = progress.start('writing', 10);
    task.tick(10);
    task.done();
    progress.note('a note');
    // Assess
    expect(written).toEqual([]);
    expect([formatDuration(0), formatDuration(65_000), formatDuration(3_725_000)]).toEqual(['0:00', '1:05', '1:02:05']);
  });
});
