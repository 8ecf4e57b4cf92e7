"""Role home pages are built from panels that each app registers at start-up.

A lower layer cannot import a higher one, so the identity board's queue, the registrar's
inbox and so on are added here by their own apps (in ``AppConfig.ready``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    context: Callable[[HttpRequest], dict[str, Any]]
    order: int = 100


_panels: dict[str, dict[str, HomePanel]] = {}


def register_home_panel(role: str, panel: HomePanel) -> None:
    _panels.setdefault(role, {})[panel.key] = panel


def panels_for(role: str) -> list[HomePanel]:
    return sorted(_panels.get(role, {}).values(), key=lambda p: (p.order, p.key))
