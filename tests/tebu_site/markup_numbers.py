"""Numbers a machine reads are written the machine's way (issue 14): in an Indonesian page Django
writes 1.5 as "1,5", which is right in text and wrong in an SVG coordinate (`cx="50,0"` drew the
point at 0), a `geo:` link (`geo:-8,1906,113,4506` opened the wrong place), a `data-*` number a
script reads, an input's value or the JSON a chart draws from. ``problems_in(page)`` lists every
such number in a page's markup; the page crawler runs it on every page it opens, in both languages.
"""

from __future__ import annotations

import json
import re

# An SVG's own numbers: coordinates, sizes, the view box. Path data and point lists of our own
# drawings separate numbers by spaces, so a comma in them can only be a decimal comma.
SVG_NUMBER_ATTRIBUTES = (
    "cx|cy|r|rx|ry|x|y|x1|y1|x2|y2|width|height|viewBox|points|d|stroke-width|font-size"
)
SVG = re.compile(r"<svg\b.*?</svg>", re.S)
SVG_ATTRIBUTE = re.compile(rf'\s({SVG_NUMBER_ATTRIBUTES})="([^"]*)"')
GEO = re.compile(r'href="(geo:[^"]*)"')
GEO_VALUE = re.compile(r"geo:-?\d+(?:\.\d+)?,-?\d+(?:\.\d+)?(?:[;?].*)?")
DATA_ATTRIBUTE = re.compile(r'\s(data-[\w-]+)="([^"]*)"')
# What Indonesian formatting makes of a number: "1,5", "-8,1906", "1.234,5".
LOCALISED_NUMBER = re.compile(r"-?\d{1,3}(?:\.\d{3})*,\d+")
INPUT = re.compile(r"<input\b[^>]*>")
JSON_SCRIPT = re.compile(r'<script[^>]*type="application/json"[^>]*>(.*?)</script>', re.S)
# The QR code of an SPTA is drawn by the qrcode library, which writes its own path syntax.
QR_BLOCK = re.compile(r'<div class="spta-qr".*?</div>', re.S)


def problems_in(page: str) -> list[str]:
    problems = []
    drawn = QR_BLOCK.sub("", page)
    for svg in SVG.findall(drawn):
        for name, value in SVG_ATTRIBUTE.findall(svg):
            if re.search(r"\d,\d", value):
                problems.append(f'svg {name}="{value[:60]}"')
    for link in GEO.findall(page):
        if not GEO_VALUE.fullmatch(link):
            problems.append(f'href="{link}"')
    for name, value in DATA_ATTRIBUTE.findall(page):
        if LOCALISED_NUMBER.fullmatch(value.strip()):
            problems.append(f'{name}="{value}"')
    for tag in INPUT.findall(page):
        kind = re.search(r'type="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if kind and kind.group(1) in {"number", "range"} and value and "," in value.group(1):
            problems.append(f"input {tag[:100]}")
    for text in JSON_SCRIPT.findall(page):
        try:
            json.loads(text)
        except ValueError:
            problems.append(f"json {text[:80]}")
    return problems
