"""workshop: run a live couples workshop on trust from a console, a screen and phones."""
