"""The async runtime under Flask-SocketIO: eventlet by default, gevent or threading by choice.

eventlet and gevent replace the standard library's blocking calls with cooperative ones; that
must happen before anything else imports socket, threading or a database driver.
"""
import gc
import warnings

_mode = "threading"   # what patch() set up; threading when nothing was patched


def patch(async_mode: str):
    global _mode
    _mode = async_mode
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


def off_loop(fn, *args):
    """fn(*args) in a real OS thread, so that CPU-heavy work in C (a password hash: scrypt
    releases the GIL) does not stop the event loop; returns its result. Under threading every
    request has its own thread already: a direct call. The only runtime-specific calls of this
    kind are here."""
    if _mode == "eventlet":
        from eventlet import tpool
        return tpool.execute(fn, *args)
    if _mode == "gevent":
        import gevent
        return gevent.get_hub().threadpool.apply(fn, args)
    return fn(*args)
