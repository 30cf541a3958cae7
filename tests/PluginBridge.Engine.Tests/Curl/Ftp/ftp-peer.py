#!/usr/bin/python3
"""FTP test peer for the CURL tests: Debian's pyftpdlib on 127.0.0.1, an ephemeral port, a temp root folder.

ftp-peer.py ROOT [explicit|implicit CERT KEY]
Users: alice/secret may do everything in ROOT, reader/secret may only list and download.
Prints "PORT <n>" once listening; serves until its standard input closes (the test ends it that way too).
"""
import os
import sys
import threading

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler, TLS_FTPHandler
from pyftpdlib.servers import FTPServer

root = sys.argv[1]
mode = sys.argv[2] if len(sys.argv) > 2 else "plain"

authorizer = DummyAuthorizer()
authorizer.add_user("alice", "secret", root, perm="elradfmwMT")
authorizer.add_user("reader", "secret", root, perm="elr")

if mode == "plain":
    handler = FTPHandler
else:
    class ImplicitTLS(TLS_FTPHandler):
        """TLS from the first byte (ftps://): the handshake before the greeting."""
        def handle(self):
            self.secure_connection(self.ssl_context)

        def handle_ssl_established(self):
            TLS_FTPHandler.handle(self)

    handler = ImplicitTLS if mode == "implicit" else TLS_FTPHandler
    handler.certfile = sys.argv[3]
    handler.keyfile = sys.argv[4]
    handler.tls_control_required = True
    handler.tls_data_required = True

handler.authorizer = authorizer
handler.banner = "pyftpdlib test peer ready."
handler.passive_ports = None
server = FTPServer(("127.0.0.1", 0), handler)
print("PORT %d" % server.address[1], flush=True)


def stop_when_stdin_closes():
    sys.stdin.read()
    server.close_all()
    os._exit(0)


threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
server.serve_forever(timeout=0.2)
