"""The pylti1p3 tool configuration, read from the registered platforms per request."""

from __future__ import annotations

from typing import Any

from pylti1p3.deployment import Deployment
from pylti1p3.registration import Registration
from pylti1p3.request import Request
from pylti1p3.tool_config import ToolConfAbstract
from sqlalchemy import select

from portfolio.core.typing import Session
from portfolio.lti.models import LtiPlatform
from portfolio.lti.services.keys import ToolKey


def registration_for(platform: LtiPlatform, key: ToolKey) -> Registration:
    """The library's registration object for one platform row."""
    return (
        Registration()
        .set_issuer(platform.issuer)
        .set_client_id(platform.client_id)
        .set_auth_login_url(platform.auth_login_url)
        .set_auth_token_url(platform.auth_token_url)
        .set_key_set_url(platform.key_set_url)
        .set_tool_private_key(key.private_pem)
        .set_tool_public_key(key.public_pem)
    )


class DatabaseToolConf(ToolConfAbstract[Request]):
    """Every issuer may have several client ids; registrations come from the DB."""

    def __init__(self, session: Session, key: ToolKey) -> None:
        """Look platforms up in ``session``; sign with ``key``."""
        self._db = session
        self._key = key
        self.issuers_relation_types = {}  # never the class-level shared dict

    def check_iss_has_one_client(self, iss: str) -> bool:
        """Always look registrations up by issuer *and* client id."""
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        """Always look registrations up by issuer *and* client id."""
        return True

    def platform(self, iss: str, client_id: str | None) -> LtiPlatform | None:
        """The platform for ``iss`` and ``client_id`` (or the issuer's only one)."""
        query = select(LtiPlatform).where(LtiPlatform.issuer == iss)
        if client_id:
            query = query.where(LtiPlatform.client_id == client_id)
        found = list(self._db.scalars(query.limit(2)))
        return found[0] if len(found) == 1 else None

    def find_registration_by_issuer(
        self, iss: str, *args: Any, **kwargs: Any
    ) -> Registration:
        """Not used: every look-up names the client id."""
        raise NotImplementedError

    def find_registration_by_params(
        self, iss: str, client_id: str, *args: Any, **kwargs: Any
    ) -> Registration:
        """The registration of a known platform (None, despite the hint, if unknown)."""
        platform = self.platform(iss, client_id)
        return registration_for(platform, self._key) if platform else None  # type: ignore[return-value]  # the library checks for None

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        """Not used: every look-up names the client id."""
        raise NotImplementedError

    def find_deployment_by_params(
        self, iss: str, deployment_id: str, client_id: str, *args: Any, **kwargs: Any
    ) -> Deployment | None:
        """The deployment if the platform lists ``deployment_id``."""
        platform = self.platform(iss, client_id)
        if platform is None or deployment_id not in platform.deployments:
            return None
        return Deployment().set_deployment_id(deployment_id)
