"""The async runtime under Flask-SocketIO: eventlet by default, gevent or threading by choice.

eventlet and gevent replace the standard library's blocking calls with cooperative ones; that
must happen before anything else imports socket, threading or a database driver.
"""
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
