"""Just enough PDF text extraction to read our own WeasyPrint documents in tests: content
streams of each page (and their form XObjects), text decoded with each font's ToUnicode
CMap. Not a general PDF text extractor."""

from __future__ import annotations

import re
from io import BytesIO

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

_TOKEN = re.compile(rb"<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|\[|\]|/[^\s/\[\]<>()]+|[^\s/\[\]<>()]+")


def _cmap(font) -> dict[int, str]:
    mapping: dict[int, str] = {}
    if "/ToUnicode" not in font:
        return mapping
    data = font["/ToUnicode"].data.decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int.from_bytes(bytes.fromhex(dst), "big")
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _decode(token: bytes, cmap: dict[int, str], width: int) -> str:
    hexadecimal = token.startswith(b"<")
    raw = bytes.fromhex(re.sub(rb"\s", b"", token[1:-1]).decode()) if hexadecimal else token[1:-1]
    if not cmap:
        return raw.decode("latin-1")
    return "".join(cmap.get(int.from_bytes(raw[i : i + width], "big"), "") for i in range(0, len(raw), width))


def _deref(obj):
    return obj.get_object() if isinstance(obj, generic.IndirectObject) else obj


def _run(stream: bytes, resources, out: list[str]) -> None:
    resources = _deref(resources)
    fonts = _deref(resources["/Font"]) if resources is not None and "/Font" in resources else {}
    xobjects = _deref(resources["/XObject"]) if resources is not None and "/XObject" in resources else {}
    cmaps: dict[str, tuple[dict[int, str], int]] = {}
    current: tuple[dict[int, str], int] = ({}, 1)
    operands: list[bytes] = []
    for token in _TOKEN.findall(stream):
        if token[:1] in (b"<", b"(", b"[", b"]", b"/") or re.fullmatch(rb"[-+.0-9]+", token):
            operands.append(token)
            continue
        if token == b"Tf" and len(operands) >= 2:
            name = operands[-2].decode()
            if name not in cmaps:
                font = _deref(fonts[name])
                width = 2 if font.get("/Subtype") == "/Type0" else 1
                cmaps[name] = (_cmap(font), width)
            current = cmaps[name]
        elif token in (b"Tj", b"'", b'"'):
            strings = [t for t in operands if t[:1] in (b"<", b"(")]
            if strings:
                out.append(_decode(strings[-1], *current))
        elif token == b"TJ":
            out.append("".join(_decode(t, *current) for t in operands if t[:1] in (b"<", b"(")))
        elif token in (b"ET", b"Td", b"TD", b"Tm", b"T*"):
            out.append("\n")
        elif token == b"Do" and operands:
            name = operands[-1].decode()
            xobject = xobjects[name] if name in xobjects else None  # noqa: SIM401 (.get does not dereference)
            if xobject is not None and xobject.get("/Subtype") == "/Form":
                _run(xobject.data, xobject["/Resources"] if "/Resources" in xobject else resources, out)  # noqa: SIM401
        operands = []


def pdf_text(pdf: bytes) -> str:
    reader = PdfFileReader(BytesIO(pdf))
    out: list[str] = []
    for index in range(reader.root["/Pages"]["/Count"]):
        page = reader.find_page_for_modification(index)[0].get_object()
        contents = page["/Contents"]
        streams = contents if isinstance(contents, generic.ArrayObject) else [contents]
        data = b"\n".join(s.get_object().data for s in streams)
        _run(data, page["/Resources"] if "/Resources" in page else None, out)  # noqa: SIM401
        out.append("\n")
    return re.sub(r"[ \t]+", " ", "".join(out))
