"""The supervisor's socket reaches each worker as a new socket in the port's SO_REUSEPORT
group, and an address already served is refused."""

from __future__ import annotations

import pickle
import socket

import pytest

from admtrack.web.server import PortSocket, reuse_port_socket

pytestmark = pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT"), reason="no SO_REUSEPORT")


def test_a_worker_gets_a_socket_of_its_own_on_the_same_address() -> None:
    supervisor = reuse_port_socket("127.0.0.1", 0)
    assert isinstance(supervisor, PortSocket)
    with supervisor:
        address = supervisor.getsockname()
        first = pickle.loads(pickle.dumps(supervisor))  # as multiprocessing hands it over
        second = pickle.loads(pickle.dumps(supervisor))
        with first, second:
            assert first.fileno() != second.fileno() != supervisor.fileno()
            for worker in (first, second):
                assert worker.getsockname() == address
                assert worker.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
                assert worker.get_inheritable()
                worker.listen()
            # both listen at once: the kernel spreads connections over them
            with socket.create_connection(address) as client:
                client.sendall(b"x")
            first.setblocking(False)
            second.setblocking(False)
            accepted = 0
            for worker in (first, second):
                try:
                    conn, _ = worker.accept()
                except BlockingIOError:
                    continue
                conn.close()
                accepted += 1
            assert accepted == 1


def test_an_address_something_listens_on_is_refused() -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        with pytest.raises(OSError, match="in use"):
            reuse_port_socket("127.0.0.1", port)
