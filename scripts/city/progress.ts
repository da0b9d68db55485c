/**
 * Progress of long work on stderr: on a terminal one line redrawn in place (`\r`) with the count
 * done of the total, the rate and the time left; elsewhere (a log, CI) a line at every tenth of the
 * way, so a log of a long import stays short. Summaries are the caller's.
 */

/** Where progress goes: stderr, or a stand-in in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** One stretch of work with a known size (units to write, staff to read…). */
export interface ProgressTask {
  /** `count` more done. */
  tick(count?: number): void;
  /** Done: a terminal's line is finished with its total and time. */
  done(): void;
}

/** Seconds as `1:05` or `1:02:05`. */
export function formatDuration(milliseconds: number): string {
  const total = Math.max(0, Math.round(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

const count = (value: number) => value.toLocaleString('en-US');

/** Reports tasks one after another; `quiet` reports nothing (tests, `--quiet`). */
export class Progress {
  private readonly tty: boolean;

  constructor(
    private readonly stream: ProgressStream = process.stderr,
    private readonly options: { quiet?: boolean; clock?: () => number; redrawEveryMs?: number } = {},
  ) {
    this.tty = stream.isTTY === true;
  }

  /** A task of `total` steps, shown as `label`. A task of no steps reports nothing. */
  start(label: string, total: number): ProgressTask {
    const clock = this.options.clock ?? Date.now;
    const redrawEveryMs = this.options.redrawEveryMs ?? 200;
    const startedAt = clock();
    let done = 0;
    let lastDrawn = 0;
    let lastTenth = 0;
    const silent = this.options.quiet === true || total <= 0;
    const line = () => {
      const elapsed = clock() - startedAt;
      const rate = elapsed > 0 ? (done / elapsed) * 1000 : 0;
      const left = rate > 0 ? ((total - done) / rate) * 1000 : undefined;
      const percent = Math.floor((done / total) * 100);
      return (
        `${label} ${count(done)}/${count(total)} (${percent}%)` +
        `, ${rate >= 10 ? count(Math.round(rate)) : rate.toFixed(1)}/s` +
        (done < total && left !== undefined ? `, ETA ${formatDuration(left)}` : `, ${formatDuration(elapsed)}`)
      );
    };
    return {
      tick: (steps = 1) => {
        done = Math.min(total, done + steps);
        if (silent) return;
        if (this.tty) {
          const now = clock();
          // The last step is drawn by done().
          if (now - lastDrawn < redrawEveryMs || done >= total) return;
          lastDrawn = now;
          this.stream.write(`\r${line()}\u001b[K`);
        } else {
          // A log gets a line at every tenth of the way, once the work has gone on for a second.
          const tenth = Math.floor((done / total) * 10);
          if (tenth > lastTenth && done < total && clock() - startedAt >= 1_000) {
            lastTenth = tenth;
            this.stream.write(`${line()}\n`);
          }
        }
      },
      done: () => {
        if (silent) return;
        done = total;
        this.stream.write(this.tty ? `\r${line()}\u001b[K\n` : `${line()}\n`);
      },
    };
  }

  /** A line of its own (what is about to happen), between tasks. */
  note(text: string): void {
    if (this.options.quiet !== true) this.stream.write(`${text}\n`);
  }
}
