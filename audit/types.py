"""Types shared by every service signature."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, Union

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from audit.services import Actor

# Who acts: a signed-in user, an ``Actor`` (a user or a named system part), a system label
# such as "stripe" or "task:screening", or None for the system itself.
ActorLike: TypeAlias = Union["AbstractBaseUser", "Actor", str, None]
