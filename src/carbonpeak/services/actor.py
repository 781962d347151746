"""Who is acting, and what their role lets them do (data-model.md §4).

Every service call that writes takes an :class:`Actor`; permission checks live here so the API,
the pages and the CLI apply the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from carbonpeak.errors import PermissionDenied

__all__ = ["SYSTEM", "Actor", "Role"]


class Role(StrEnum):
    """The five roles of the platform."""

    ADMINISTRATOR = "administrator"
    PROVINCE = "province"  #: provincial office (development and reform commission)
    DEPARTMENT = "department"  #: a department leading actions; bound to one department
    CITY = "city"  #: a city office; bound to one city
    VIEWER = "viewer"


@dataclass(frozen=True)
class Actor:
    """The acting user (or the system, for loads run from the command line)."""

    login: str
    role: Role
    department: str | None = None  #: department key, for Role.DEPARTMENT
    region: str | None = None  #: region code, for Role.CITY
    client: str | None = None  #: client address, for the audit trail
    request_id: str | None = None

    def can_write_region(self, region: str) -> bool:
        """Province-wide roles write any region; a city writes only its own."""
        if self.role in (Role.ADMINISTRATOR, Role.PROVINCE):
            return True
        return self.role == Role.CITY and self.region == region

    def require_region_write(self, region: str) -> None:
        """Raise :class:`PermissionDenied` unless the actor may write data of ``region``."""
        if not self.can_write_region(region):
            raise PermissionDenied(f"{self.login} ({self.role}) may not write data of region {region}")

    def require_role(self, *roles: Role) -> None:
        """Raise :class:`PermissionDenied` unless the actor has one of ``roles``."""
        if self.role not in roles:
            raise PermissionDenied(f"{self.login} ({self.role}) may not do this")


#: the actor for command-line loads run by the operator of the machine
SYSTEM = Actor(login="system", role=Role.ADMINISTRATOR)
