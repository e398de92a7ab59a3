"""Compact SVG: the same drawing as matplotlib's SVG in fewer bytes (see
:func:`compact_svg`), for :func:`perfkit.charts.style.render_svg`.

Deterministic, so the same chart gives the same bytes every time.
"""

from __future__ import annotations

import re

__all__ = ["compact_svg"]

#: Group names matplotlib numbers to make ids ("line2d_3"); such ids are
#: dropped unless something refers to them. Ids set on purpose (gid) stay.
_AUTO_GROUPS = ("figure", "axes", "patch", "line2d", "text", "matplotlib.axis", "xtick",
                "ytick", "legend", "PathCollection", "PolyCollection", "LineCollection",
                "FillBetweenPolyCollection", "image", "annotation")
_AUTO_ID = re.compile(r'<g id="((?:' + "|".join(map(re.escape, _AUTO_GROUPS)) + r')_\d+)">')
_NUMBER = re.compile(r"-?\d+\.\d{3,}")
_GEOMETRY = re.compile(r'( (?:d|x|y|x1|x2|y1|y2|width|height|points)=")([^"]*)"')
_PATH_COMMAND = re.compile(r"\s*([MLHVCSQTAZmlhvcsqtaz])\s*")
_STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
_FONT_FAMILY = re.compile(r"font-family: ?([^;\"]+);? ?")
_ZERO_ROTATION = re.compile(r' transform="rotate\(-?0 [-\d.]+ [-\d.]+\)"')


def _short_number(match: re.Match) -> str:
    text = f"{float(match.group(0)):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _geometry(match: re.Match) -> str:
    value = _NUMBER.sub(_short_number, match.group(2))
    if match.group(1) == ' d="':
        value = _PATH_COMMAND.sub(r"\1", value)
    return f'{match.group(1)}{" ".join(value.split())}"'


def _tight_style(match: re.Match) -> str:
    declarations = [part.strip() for part in match.group(1).split(";") if part.strip()]
    tight = ";".join(":".join(p.strip() for p in d.split(":", 1)) for d in declarations)
    return f' style="{tight.replace(", ", ",")}"' if tight else ""


#: A start or end tag: matplotlib escapes <, > and " in attribute values, so a
#: tag ends at the first ">". Only tags are rewritten, never the text shown.
_TAG = re.compile(r"<[^>]+>")


def _shared_font(text: str) -> str:
    """The font family every text repeats, said once in the SVG's style sheet."""
    families = [f for tag in _TAG.findall(text) for f in _FONT_FAMILY.findall(tag)]
    if not families or "</style>" not in text:
        return text
    common = max(sorted(set(families)), key=families.count)
    declaration = re.compile(r"font-family: ?" + re.escape(common) + r";? ?")
    text = _TAG.sub(lambda tag: declaration.sub("", tag.group(0)), text)
    return text.replace("</style>", f"text{{font-family:{common}}}</style>", 1)


def _compact_tag(tag: str, referred: set[str]) -> str:
    tag = _GEOMETRY.sub(_geometry, tag)
    tag = _ZERO_ROTATION.sub("", tag)
    tag = _STYLE_ATTRIBUTE.sub(_tight_style, tag)
    auto = _AUTO_ID.fullmatch(tag)
    return "<g>" if auto and auto.group(1) not in referred else tag


def compact_svg(svg: bytes) -> bytes:
    """The same drawing in fewer bytes: no DOCTYPE or metadata, coordinates to
    1/100 pt, no indentation, the shared font family said once, and no ids
    that nothing refers to. Text content is left exactly as it was.
    Deterministic, so the bytes stay reproducible."""
    text = svg.decode("utf-8")
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text)
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
    text = _shared_font(text)
    referred = {name for tag in _TAG.findall(text) for name in re.findall(r"#([^\s\")]+)", tag)}
    text = _TAG.sub(lambda tag: _compact_tag(tag.group(0), referred), text)
    text = re.sub(r">\n\s*<", "><", text)
    return text.encode("utf-8")
