"""`docgen serve`: the portal under gunicorn, a production WSGI server (pre-fork processes, graceful
restarts, request timeouts) rather than Flask's development server, which must not face users.

Workers each build their own app from the environment (`PortalConfig.from_env`), after the fork: no
database connection or file handle is shared across processes.
"""

from __future__ import annotations

import os

from docgen.portal.checker import backstop
from docgen.portal.config import DATA_ENV, PortalConfig


def serve(cfg: PortalConfig, host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    os.environ[DATA_ENV] = str(cfg.data)
    if cfg.db:
        os.environ["DOCGEN_DB"] = cfg.db

    class _Portal(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "sync")
            self.cfg.set("timeout", int(backstop(cfg.limits)) + 30)  # a check is killed before this
            self.cfg.set("accesslog", "-")
            self.cfg.set("proc_name", "docgen-portal")
            if "control_socket_disable" in self.cfg.settings:  # gunicorn ≥ 24: one socket path per user
                self.cfg.set("control_socket_disable", True)   # would collide between two portals

        def load(self):
            from docgen.portal import create_app

            return create_app(PortalConfig.from_env())

    _Portal().run()
