"""The real client address behind a configured number of reverse proxies (issue 16 #2).

``TRUSTED_PROXIES`` (default 0) is how many proxies in front of the app append to
``X-Forwarded-For``. Werkzeug's ProxyFix then takes the address that many hops from
the right, so a client cannot choose its own address by sending the header itself,
and the rate limits key on each real client instead of on the proxy.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    """Wrap the WSGI app in ProxyFix when proxies are configured."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0
        )
