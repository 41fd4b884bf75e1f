"""`workshop bench`: the real server against a bare Flask-SocketIO server, in one run."""
