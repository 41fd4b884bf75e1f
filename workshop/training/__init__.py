"""Training: recordings, replay, rehearsal with simulated participants, timing reports."""
