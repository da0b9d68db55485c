import { writeSync } from 'node:fs';

let workerThread: boolean | undefined;

/**
 * Whether this code runs in a worker thread, as the local runtime runs each bundle
 * (infra/local/bundled-lambdas.ts): there descriptor 1 is the process's, not the thread's, and the
 * host reads the thread's `process.stdout` (to tag each line with its function, and for the local
 * /metrics page), so a line goes through the stream. Lambda runs a function on the main thread.
 */
function inWorkerThread(): boolean {
  workerThread ??= !process.getBuiltinModule('node:worker_threads').isMainThread;
  return workerThread;
}

/** The streams a line goes to only after a write to its descriptor would have blocked (see {@link writeLine}). */
const fellBack = new Set<1 | 2>();

/**
 * Writes `text` and a newline to standard output (1) or standard error (2), whole, before it returns.
 * The bundles' log lines (shared/aws/powertools-logger) and EMF documents
 * (shared/aws/powertools-metrics) go out this way rather than through `process.stdout`: the first
 * read of `process.stdout` or `process.stderr` makes Node build the stream object over the
 * descriptor (its net, tty or pipe machinery), about 5 ms of a cold start, where `fs.writeSync`
 * costs well under one and builds nothing. The Lambda runtime writes its own log lines with
 * `fs.writeSync` too, so ours interleave with its as they were written.
 *
 * A descriptor that is a full non-blocking pipe answers `EAGAIN`; the rest of the line then goes
 * through the stream, which queues it, and so do the next lines while the queue drains, so none
 * overtakes another. Any other failure drops the line, as Powertools' `Console` (which ignores
 * write errors) would: a log line never fails the work it describes.
 */
export function writeLine(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(`${text}\n`, 'utf8');
  const stream = () => (fd === 1 ? process.stdout : process.stderr);
  if (inWorkerThread()) {
    stream().write(bytes);
    return;
  }
  if (fellBack.has(fd)) {
    if (stream().writableLength > 0) {
      stream().write(bytes);
      return;
    }
    fellBack.delete(fd);
  }
  let written = 0;
  try {
    // A write to a pipe may take part of the line; the rest follows until it is all out.
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return;
    fellBack.add(fd);
    stream().write(bytes.subarray(written));
  }
}
