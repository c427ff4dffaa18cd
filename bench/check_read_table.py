"""Proof that analytics.inputs.read_table reads every file as it did at a reference revision.

Loads ``analytics/inputs.py`` of REV (``git show``, read-only) beside the current one and feeds
both the same bytes: hand-picked edge cases (empty, whitespace only, a BOM, Latin-1, separators,
a first line longer than the sniffing window, unicode whitespace such as \\x1c) and thousands of
random short files. Each pair must give the same columns, cells and dtypes, or the same error.

    .venv/bin/python bench/check_read_table.py [--against REV] [--cases N]
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analytics import inputs  # noqa: E402

#: The last commit before read_table stopped decoding whole ASCII files.
REFERENCE = "3dcdc26"
EDGE_CASES = [
    b"",
    b"   ",
    b" \n\t ",
    b"\x1c\x1d",
    b"\x1c a",
    b"a,b\n1,2\n",
    b"a;b\n1;2\n",
    b"a\tb\n1\t2\n",
    b"\xef\xbb\xbfa,b\n1,2\n",
    b"a,b\n\xe9,2\n",
    b"a,b\n\xc3\xa9,2\n",
    b"a," + b"x" * 10000 + b",b\n1,2,3\n",
    b"a,b",
    b"a,b\r\n1,x\r\n",
    b"\n\na,b\n1,2",
    b" " * 5000 + b"a,b\n1,2\n",
    b"a,b\n1,\n,3\n",
]
PIECES = [b"a", b"b", b",", b";", b"\n", b"\r", b" ", b"1", b"2.5", b"\x1c", b"\xe9", b"\xc3\xa9"]
PIECES += [b'"', b"\t", b"x"]


def outcome(read_table, data: bytes):
    try:
        frame = read_table(data, "input.csv", numeric=["b"])
    except Exception as error:
        return ("error", type(error).__name__, getattr(error, "code", None), str(error))
    cells = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    return ("ok", list(frame.columns), cells, [str(dtype) for dtype in frame.dtypes])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default=REFERENCE)
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    source = subprocess.run(
        ["git", "show", f"{args.against}:analytics/inputs.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    with tempfile.TemporaryDirectory(prefix="tebu-read-table-") as tmp:
        path = Path(tmp) / "reference_inputs.py"
        path.write_text(source)
        spec = importlib.util.spec_from_file_location("reference_inputs", path)
        reference = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(reference)
    rng = random.Random(args.seed)
    cases = list(EDGE_CASES)
    for _ in range(args.cases):
        body = b"".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))
        cases += [b"a,b\n" + body, body]
    differ = [c for c in cases if outcome(reference.read_table, c) != outcome(inputs.read_table, c)]
    for case in differ[:10]:
        print("differs:", case[:80])
    print(f"{len(cases)} files against {args.against}: {len(differ)} differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
