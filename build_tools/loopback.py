"""A free TCP port on 127.0.0.1, for the local servers of the audit, the
benchmarks and the browser tests (one implementation for all three)."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port the OS has just handed out and released; free until someone binds it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
