"""Free TCP ports on the loopback, for the servers the tools and the tests start."""

import socket

_GIVEN = set()


def free_port():
    """A free TCP port on 127.0.0.1, never the same one twice in a process.

    A port is bound only when its server starts, seconds later: the system could meanwhile
    hand out again a port given a moment before, to the next server of the same run."""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in _GIVEN:
            _GIVEN.add(port)
            return port
