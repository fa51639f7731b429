/**
 * The watcher's alarm clock (I/O: one timer): it wakes when the next embargo lifts, since no file
 * event will say so.
 */
import { nextEmbargo } from "../desk/eligibility.js";
import type { Story } from "../model/story.js";

/** Timers longer than this are re-armed on waking (setTimeout's limit is ~24.8 days). */
const MAX_TIMER_MS = 86_400_000;
/** Wake this long after an embargo, so the embargo has lifted by the clock's judgement. */
const WAKE_SLACK_MS = 5;

export class Wake {
  private timer: NodeJS.Timeout | undefined;
  /** When it wakes next, if ever. */
  next: Date | undefined;

  constructor(private readonly woke: () => void) {}

  /** Sets the alarm for the next embargo among `stories` after `now`, replacing the last one. */
  set(stories: readonly Story[], now: Date): void {
    this.stop();
    this.next = nextEmbargo(stories, now);
    if (!this.next) return;
    const delay = Math.min(MAX_TIMER_MS, this.next.getTime() - now.getTime() + WAKE_SLACK_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.woke();
    }, Math.max(0, delay));
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
