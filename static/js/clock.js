/* Time on the pages. Step start times are the server's epoch seconds; a view may carry `now`
 * (the server's clock) so that a phone whose clock is off still counts down correctly.
 * Pure (no DOM): countdown.js puts these numbers into the page. */

export class ServerClock {
  /** localNow: this device's clock in epoch seconds (a stand-in in tests). */
  constructor(localNow = () => Date.now() / 1000) {
    this.localNow = localNow;
    this.offset = 0;
  }

  /** Learn the server's clock from a view that carries it. */
  sync(view) {
    if (view && typeof view.now === "number") this.offset = view.now - this.localNow();
  }

  /** The server's time now, in epoch seconds. */
  now() {
    return this.localNow() + this.offset;
  }
}

/** The one clock every module of a page reads. */
export const clock = new ServerClock();

/** Seconds as m:ss, or h:mm:ss from an hour on; negative with a minus sign. */
export function mmss(seconds) {
  const negative = seconds < 0;
  const whole = Math.floor(Math.abs(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const text = (h ? `${h}:${String(m).padStart(2, "0")}` : String(m)) + ":" + String(s).padStart(2, "0");
  return (negative ? "−" : "") + text;
}

/** A difference against a plan: +m:ss, −m:ss, or ±m:ss within half a second. */
export function signedMmss(seconds) {
  const sign = seconds >= 0.5 ? "+" : seconds <= -0.5 ? "−" : "±";
  return sign + mmss(Math.round(Math.abs(seconds)));
}

/** When a timed step (a break, a pair round) ends, in server seconds; null if it has no start. */
export function endsAt(step) {
  if (!step || typeof step.started_at !== "number") return null;
  return step.started_at + (step.minutes || 0) * 60;
}

/** What a countdown to `ends` shows at `now`: {text, over}. timeUp: the words once it is over. */
export function countdownAt(ends, now, timeUp) {
  if (typeof ends !== "number" || Number.isNaN(ends)) return { text: "", over: false };
  const left = ends - now;
  return left > 0 ? { text: mmss(Math.ceil(left)), over: false } : { text: timeUp, over: true };
}

/** The console's running clock for a step: seconds since it started (never negative), and
 *  whether it has run over its planned minutes (a step without minutes never does). */
export function stepElapsed(startedAt, plannedMinutes, now) {
  const elapsed = Math.max(0, now - startedAt);
  const planned = (plannedMinutes || 0) * 60;
  return { elapsed, over: planned > 0 && elapsed > planned };
}

/** Call fn now and then every second, on the second; returns a stop function. */
export function everySecond(fn) {
  let timer = null;
  const tick = () => {
    fn();
    timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
  };
  tick();
  return () => clearTimeout(timer);
}
