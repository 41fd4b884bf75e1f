"""The async runtime under Flask-SocketIO: eventlet by default, gevent or threading by choice.

eventlet and gevent replace the standard library's blocking calls with cooperative ones; that
must happen before anything else imports socket, threading or a database driver.
"""
import gc
import warnings


def patch(async_mode: str):
    if async_mode == "eventlet":
        with warnings.catch_warnings():
            # eventlet warns that it is deprecated for new projects; see docs/architecture.md.
            warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
            import eventlet
        eventlet.monkey_patch()
    elif async_mode == "gevent":
        from gevent import monkey
        monkey.patch_all()
    # Thousands of connections make many long-lived objects: with the default thresholds full
    # collections paused the server for up to a second at 2,000 phones (docs/performance.md).
    gc.set_threshold(50_000, 20, 100)
