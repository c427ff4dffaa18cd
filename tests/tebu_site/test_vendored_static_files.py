"""Vendored browser files must survive `collectstatic` with the manifest storage production uses.

A source-map comment naming a file that is not in the repository makes whitenoise's manifest
storage fail (MissingFileError), so the production image cannot be built. `.ci/production` runs
the real thing; this catches the cause in a second.
"""

import re
from pathlib import Path

from django.conf import settings

SOURCE_MAP = re.compile(r"sourceMappingURL=([^\s*]+)")


def test_every_source_map_a_vendored_file_names_exists():
    missing = []
    for static_dir in settings.STATICFILES_DIRS:
        for path in Path(static_dir).rglob("*"):
            if path.suffix not in {".js", ".css"}:
                continue
            for target in SOURCE_MAP.findall(path.read_text(encoding="utf-8", errors="replace")):
                if not target.startswith("data:") and not (path.parent / target).exists():
                    missing.append(f"{path.relative_to(static_dir)} -> {target}")
    assert missing == []
