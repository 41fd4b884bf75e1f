// Time on the pages (static/js/clock.js): the server's clock on a device whose own is off,
// countdowns and the console's running clock against it, and how times are written.
import assert from "node:assert/strict";
import { test } from "node:test";
import { countdownAt, endsAt, mmss, ServerClock, signedMmss, stepElapsed } from "../../static/js/clock.js";

test("the server clock follows the view's `now` on a device whose clock is off", () => {
  let local = 1000;                          // this phone's clock, 90 s behind the server's
  const clock = new ServerClock(() => local);
  assert.equal(clock.now(), 1000);           // nothing learnt yet: the device's own time
  clock.sync({ now: 1090 });
  assert.equal(clock.now(), 1090);
  local += 30;                               // time passes on the device
  assert.equal(clock.now(), 1120);
  clock.sync({ phase: "lobby" });            // a view without `now` changes nothing
  assert.equal(clock.now(), 1120);
  clock.sync(null);
  assert.equal(clock.now(), 1120);
});

test("a countdown against the server's clock: a phone 90 s behind still shows the right time left", () => {
  let local = 1000;
  const clock = new ServerClock(() => local);
  clock.sync({ now: 1090 });
  const ends = endsAt({ started_at: 1060, minutes: 2 });     // started 30 s ago (server time)
  assert.equal(ends, 1180);
  assert.deepEqual(countdownAt(ends, clock.now(), "Time is up"), { text: "1:30", over: false });
  local += 89.2;                                             // 0.8 s left: shown as a whole second
  assert.deepEqual(countdownAt(ends, clock.now(), "Time is up"), { text: "0:01", over: false });
  local += 0.8;
  assert.deepEqual(countdownAt(ends, clock.now(), "Time is up"), { text: "Time is up", over: true });
});

test("a step without a start has no countdown", () => {
  assert.equal(endsAt({ minutes: 5 }), null);
  assert.equal(endsAt(null), null);
  assert.equal(endsAt({ started_at: 100 }), 100);   // no minutes: ends as it starts
  assert.deepEqual(countdownAt(null, 10, "up"), { text: "", over: false });
  assert.deepEqual(countdownAt(NaN, 10, "up"), { text: "", over: false });
});

test("the console's clock: elapsed never negative, over only past planned minutes", () => {
  assert.deepEqual(stepElapsed(100, 2, 150), { elapsed: 50, over: false });
  assert.deepEqual(stepElapsed(100, 2, 221), { elapsed: 121, over: true });
  assert.deepEqual(stepElapsed(100, 2, 220), { elapsed: 120, over: false });
  assert.deepEqual(stepElapsed(100, 2, 90), { elapsed: 0, over: false });     // a clock just behind
  assert.deepEqual(stepElapsed(100, 0, 9999), { elapsed: 9899, over: false }); // no plan, never over
});

test("mmss writes minutes and seconds, hours from an hour on, and a real minus sign", () => {
  assert.equal(mmss(0), "0:00");
  assert.equal(mmss(59.9), "0:59");
  assert.equal(mmss(61), "1:01");
  assert.equal(mmss(600), "10:00");
  assert.equal(mmss(3661), "1:01:01");
  assert.equal(mmss(-5), "−0:05");
});

test("signedMmss marks a difference from the plan, ± within half a second", () => {
  assert.equal(signedMmss(90), "+1:30");
  assert.equal(signedMmss(-90.4), "−1:30");
  assert.equal(signedMmss(0.4), "±0:00");
  assert.equal(signedMmss(-0.4), "±0:00");
  assert.equal(signedMmss(0.5), "+0:01");
});
