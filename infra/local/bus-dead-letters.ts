import { existsSync, readFileSync } from 'node:fs';
import type { EventBridgeEvent } from 'aws-lambda';
import { appendLineDurably, writeFileAtomically } from './durable-files';

/** A delivery that failed every attempt, kept so someone can look at it and redrive it. */
export interface DeadLetter {
  consumer: string;
  event: EventBridgeEvent<string, unknown>;
  error: string;
  attempts: number;
  failedAt: string;
}

/**
 * The local bus's dead letters, in memory and, with a file, on disk across restarts (one JSON line
 * each): a letter is appended and synced when it is added, and the file is replaced atomically when
 * letters leave it.
 */
export class DeadLetterShelf {
  private readonly letters: DeadLetter[] = [];

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim()) this.letters.push(JSON.parse(line) as DeadLetter);
      }
    }
  }

  list(): readonly DeadLetter[] {
    return this.letters;
  }

  add(letter: DeadLetter): void {
    this.letters.push(letter);
    if (this.file) appendLineDurably(this.file, JSON.stringify(letter));
  }

  /** Keeps only the letters `keep` accepts (rewriting the file if any left). */
  keepOnly(keep: (letter: DeadLetter) => boolean): void {
    const kept = this.letters.filter(keep);
    if (kept.length < this.letters.length) {
      this.letters.splice(0, this.letters.length, ...kept);
      this.persist();
    }
  }

  /** Removes the oldest `count` letters (those just redriven). */
  removeFirst(count: number): void {
    this.letters.splice(0, count);
    this.persist();
  }

  private persist(): void {
    if (this.file) writeFileAtomically(this.file, this.letters.map((letter) => `${JSON.stringify(letter)}\n`).join(''));
  }
}
