"""Small helpers shared by the XML list loaders (parsing always through defusedxml)."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from screening.exceptions import ListFormatError


def parse_xml(data: bytes) -> Element:
    """The document's root element; entity expansion and external references are refused."""
    if not data.strip():
        raise ListFormatError("the file is empty")
    try:
        return SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise ListFormatError(f"the XML file uses a forbidden construct ({exc.__class__.__name__})")
    except SafeET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise ListFormatError(f"not a well-formed XML file ({exc})", line=line)


def local(tag: str) -> str:
    """A tag without its namespace: ``{http://…}sanctionEntity`` → ``sanctionEntity``."""
    return tag.rsplit("}", 1)[-1]


def children(element: Element, name: str) -> Iterator[Element]:
    for child in element:
        if local(child.tag) == name:
            yield child


def child(element: Element, name: str) -> Element | None:
    return next(children(element, name), None)


def text(element: Element | None, name: str = "") -> str:
    """The stripped text of ``element`` (or of its first child ``name``), "" if absent."""
    if element is not None and name:
        element = child(element, name)
    if element is None or element.text is None:
        return ""
    return " ".join(element.text.split())


def values(element: Element, name: str) -> list[str]:
    """UN style ``<NATIONALITY><VALUE>…</VALUE><VALUE>…</VALUE></NATIONALITY>``, every value."""
    out = []
    for holder in children(element, name):
        for value in children(holder, "VALUE"):
            if value_text := text(value):
                out.append(value_text)
    return out
