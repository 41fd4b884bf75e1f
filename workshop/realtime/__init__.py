"""Socket.IO edges, one namespace per audience: parse, call the core, persist, broadcast."""
