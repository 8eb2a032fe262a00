// Keep the page smooth: draw at most once per interval (the latest data wins), and measure frames per second.
// Pure: the clock and the scheduler are passed in, so tests/playground/js/throttle.test.mjs drives them.

/**
 * Wrap fn so it runs at most once per `interval` ms; calls in between are merged into one trailing call with
 * the latest arguments. `now` and `schedule(fn, ms)` default to the browser's clock and setTimeout.
 */
export function throttle(fn, interval, { now = () => performance.now(), schedule = (f, ms) => setTimeout(f, ms) } = {}) {
  let last = -Infinity;
  let pending = null;
  let scheduled = false;
  const fire = () => {
    scheduled = false;
    last = now();
    const args = pending;
    pending = null;
    fn(...args);
  };
  return (...args) => {
    pending = args;
    const wait = last + interval - now();
    if (wait <= 0 && !scheduled) fire();
    else if (!scheduled) {
      scheduled = true;
      schedule(fire, wait);
    }
  };
}

/** Frames per second over a sliding window of `windowMs`. */
export class RateMeter {
  constructor(windowMs = 2000) {
    this.windowMs = windowMs;
    this.times = [];
  }

  /** Record a frame at time t (ms). */
  tick(t) {
    this.times.push(t);
    while (this.times.length && this.times[0] < t - this.windowMs) this.times.shift();
  }

  /** Frames per second in the window ending at the last tick. */
  rate() {
    if (this.times.length < 2) return 0;
    const span = this.times[this.times.length - 1] - this.times[0];
    return span > 0 ? ((this.times.length - 1) * 1000) / span : 0;
  }
}
