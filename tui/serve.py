"""`school-log serve`: the app in a browser on the school network, through textual-serve.

Each browser tab gets its own `school-log` process (textual-serve starts one per websocket);
the app's own unlock screen is the login, so nothing new guards the log. What changes is
where the decrypted session lives: on the serving machine, for as long as a tab is open
(see the README, "The app in a browser").

Refused, with one line, where the network could read what is typed: a listening address
beyond this machine without a certificate and key (HTTPS and WSS then carry every key
press, the passphrase among them).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import shlex
import ssl
import sys
from dataclasses import dataclass
from pathlib import Path

from school_log.errors import InputError

log = logging.getLogger("school_log.serve")


@dataclass(frozen=True)
class Listen:
    """Where the server listens and, beyond this machine, the TLS certificate it proves itself with."""

    host: str = "127.0.0.1"
    port: int = 8000
    certificate: Path | None = None
    key: Path | None = None
    public_url: str | None = None

    @property
    def loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False  # a host name: it may resolve to any interface

    @property
    def tls(self) -> bool:
        return self.certificate is not None

    def check(self) -> None:
        """Refuse (InputError, one line) to serve the log in clear beyond this machine."""
        if (self.certificate is None) != (self.key is None):
            raise InputError("[serve] needs both 'certificate' and 'key' (PEM files), or neither")
        if not self.loopback and not self.tls:
            raise InputError(
                f"refusing to serve on {self.host} without TLS: every key press (passphrases too) would cross "
                "the network in clear; set [serve] certificate and key in the config file, or listen on 127.0.0.1 "
                "behind a TLS proxy"
            )

    def ssl_context(self) -> ssl.SSLContext | None:
        if self.certificate is None or self.key is None:
            return None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        try:
            context.load_cert_chain(self.certificate, self.key)
        except (OSError, ssl.SSLError) as error:
            raise InputError(
                f"{self.certificate}: cannot load the certificate and key ({error.__class__.__name__})"
            ) from None
        return context

    def url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        scheme = "https" if self.tls else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"


def app_command() -> str:
    """The command textual-serve runs for each browser tab: this Python, this program, no arguments.

    The store's URL travels in SCHOOL_LOG_DB (set by `serve`), never on a command line
    another user on the machine could read with `ps`.
    """
    return shlex.join([sys.executable, "-m", "tui.main"])


def serve(db: str | None, listen: Listen) -> int:
    """Serve until interrupted (ctrl+c or SIGTERM); 0 after a clean stop."""
    listen.check()
    context = listen.ssl_context()
    from aiohttp import web  # the web server loads only for `serve`
    from textual_serve.server import Server

    class SchoolServer(Server):
        """textual-serve with our logging (no tracebacks with locals) and TLS."""

        def initialize_logging(self) -> None:
            logging.getLogger("textual-serve").handlers[:] = [logging.NullHandler()]

        def serve(self, debug: bool = False) -> None:
            import asyncio
            import signal

            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
            web.run_app(
                self._make_app(),
                host=listen.host,
                port=listen.port,
                ssl_context=context,
                handle_signals=False,
                loop=loop,
                print=lambda *args: None,
            )

    if db:
        os.environ["SCHOOL_LOG_DB"] = db
    server = SchoolServer(
        app_command(), host=listen.host, port=listen.port, title="school-log", public_url=listen.url()
    )
    print(f"school-log: serving the app at {listen.url()} (ctrl+c stops it)", file=sys.stderr)
    log.info("serve start host=%s port=%s tls=%s", listen.host, listen.port, listen.tls)
    server.serve()
    log.info("serve stop")
    return 0
