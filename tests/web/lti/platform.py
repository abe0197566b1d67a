"""A simulated LMS for LTI tests: its own RSA key, JWKS, token and score endpoints.

The platform runs as a tiny HTTP server on 127.0.0.1, so the tool fetches the
key set and posts scores through the library's real ``requests`` path. It signs
id_tokens with its key (RS256) and checks what the tool sends back with the
tool's own JWKS, as a real platform does.
"""

from __future__ import annotations

import functools
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pylti1p3.registration import Registration

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"


@functools.cache
def _shared_key() -> rsa.RSAPrivateKey:
    """One platform key for the whole run (making RSA keys is slow)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakePlatform:
    """One LMS: issuer, client id, deployment, signing key and recorded calls."""

    def __init__(self, *, own_key: bool = False) -> None:
        self.key = (
            rsa.generate_private_key(public_exponent=65537, key_size=2048)
            if own_key
            else _shared_key()
        )
        self.private_pem = self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        public_pem = (
            self.key.public_key()
            .public_bytes(
                serialization.Encoding.PEM,
                serialization.PublicFormat.SubjectPublicKeyInfo,
            )
            .decode()
        )
        self.jwk = dict(Registration.get_jwk(public_pem))
        self.client_id = "portfolio-tool"
        self.deployment_id = "dep-1"
        self.tool_jwks: dict[str, Any] | None = None  # set by the test
        self.token_requests: list[dict[str, Any]] = []
        self.scores: list[dict[str, Any]] = []
        self.lineitems: list[dict[str, Any]] = []  # made through the container
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.issuer = self.base
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    # What the centre's administrator registers.
    def registration(self) -> dict[str, str]:
        """The form values of this platform's registration."""
        return {
            "name": "Test Moodle",
            "issuer": self.issuer,
            "client_id": self.client_id,
            "auth_login_url": self.base + "/auth",
            "auth_token_url": self.base + "/token",
            "key_set_url": self.base + "/jwks",
            "deployment_ids": self.deployment_id,
        }

    def id_token(self, nonce: str, **overrides: Any) -> str:
        """A signed launch for ``nonce``; ``overrides`` replace or add claims."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": "moodle-user-7",
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "name": "Priya Shah",
            "email": "priya.shah@college.example",
            LTI + "message_type": "LtiResourceLinkRequest",
            LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id,
            LTI + "target_link_uri": "http://127.0.0.1:5000/lti/launch",
            LTI + "resource_link": {"id": "res-1", "title": "Urgent order practice"},
            LTI + "roles": [LEARNER],
            LTI + "custom": {"scenario_type": "standard", "difficulty": "easy"},
            AGS: {
                "scope": [SCORE_SCOPE],
                "lineitem": self.base + "/lineitems/1/lineitem",
                "lineitems": self.base + "/lineitems",
            },
        }
        claims.update(overrides)
        claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(
            claims,
            self.private_pem,
            algorithm="RS256",
            headers={"kid": self.jwk["kid"]},
        )

    def deep_link_claims(self) -> dict[str, Any]:
        """The claims of a deep-linking request from an instructor."""
        return {
            LTI + "message_type": "LtiDeepLinkingRequest",
            LTI + "roles": [INSTRUCTOR],
            LTI + "resource_link": None,
            LTI + "custom": None,
            AGS: None,
            "sub": "moodle-teacher-2",
            "email": "t.jones@college.example",
            "name": "Tom Jones",
            DL + "deep_linking_settings": {
                "deep_link_return_url": self.base + "/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["window"],
                "accept_multiple": True,
                "data": "course-42",
            },
        }

    def verify_tool_jwt(self, token: str, audience: str) -> dict[str, Any]:
        """Check a JWT the tool signed, with the tool's published JWKS."""
        assert self.tool_jwks is not None, "give the platform the tool's JWKS first"
        header = jwt.get_unverified_header(token)
        (jwk,) = [k for k in self.tool_jwks["keys"] if k["kid"] == header["kid"]]
        key = jwt.PyJWK(jwk).key
        return jwt.decode(token, key, algorithms=["RS256"], audience=audience)

    def close(self) -> None:
        """Stop the server."""
        self.server.shutdown()
        self.server.server_close()


def _handler(platform: FakePlatform) -> type[BaseHTTPRequestHandler]:
    """The request handler bound to ``platform``."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            return

        def _send(self, status: int, body: Any, ctype: str = "application/json"):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if self.path == "/jwks":
                return self._send(200, {"keys": [platform.jwk]})
            if self.path == "/lineitems":
                ctype = "application/vnd.ims.lis.v2.lineitemcontainer+json"
                return self._send(200, platform.lineitems, ctype)
            return self._send(404, {"error": "not found"})

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path == "/token":
                form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                claims = platform.verify_tool_jwt(
                    form["client_assertion"], platform.base + "/token"
                )
                platform.token_requests.append({"form": form, "claims": claims})
                return self._send(
                    200,
                    {
                        "access_token": "platform-token-" + uuid.uuid4().hex,
                        "token_type": "Bearer",
                        "expires_in": 3600,
                        "scope": form.get("scope", ""),
                    },
                )
            if self.path == "/lineitems":
                item = json.loads(body)
                n = len(platform.lineitems) + 2
                item["id"] = f"{platform.base}/lineitems/{n}/lineitem"
                platform.lineitems.append(item)
                return self._send(201, item)
            path = urlsplit(self.path).path
            if path.startswith("/lineitems/") and path.endswith("/lineitem/scores"):
                platform.scores.append(
                    {
                        "path": path,
                        "authorization": self.headers.get("Authorization"),
                        "content_type": self.headers.get("Content-Type"),
                        "body": json.loads(body),
                    }
                )
                return self._send(200, {})
            return self._send(404, {"error": "not found"})

    return Handler
