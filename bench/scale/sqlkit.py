"""SQL helpers of the scale loader: clone demo rows with INSERT ... SELECT, history rows."""

from __future__ import annotations

import time

_T0 = time.monotonic()
_LAST = [_T0]


def step(message: str) -> None:
    now = time.monotonic()
    print(f"[load {now - _T0:7.1f}s, +{now - _LAST[0]:6.1f}s] {message}", flush=True)
    _LAST[0] = now


class SqlKit:
    def __init__(self, cursor, args) -> None:
        self.cur = cursor
        self.a = args
        self._columns: dict[str, list[str]] = {}

    # -- small SQL helpers ------------------------------------------------------------------
    def one(self, sql: str, params=None):
        self.cur.execute(sql, params)
        row = self.cur.fetchone()
        return row[0] if row else None

    def run(self, sql: str, params=None) -> int:
        self.cur.execute(sql, params)
        return self.cur.rowcount

    def columns(self, table: str) -> list[str]:
        if table not in self._columns:
            self.cur.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND table_schema = current_schema() ORDER BY ordinal_position",
                [table],
            )
            self._columns[table] = [r[0] for r in self.cur.fetchall()]
            if not self._columns[table]:
                raise SystemExit(f"table {table} is missing: run manage.py migrate first")
        return self._columns[table]

    def base(self, table: str) -> int:
        return self.one(f"SELECT coalesce(max(id), 0) FROM {table}") + 1000

    def clone(self, table: str, source: str, overrides: dict[str, str], *, skip=()) -> int:
        """INSERT INTO table SELECT every column from the template alias ``t`` in ``source``,
        except the overridden ones (SQL expressions) and ``skip`` (left to their default)."""
        cols = [c for c in self.columns(table) if c not in skip]
        unknown = set(overrides) - set(cols)
        if unknown:
            raise SystemExit(f"{table}: no column(s) {sorted(unknown)} (the schema changed?)")
        select = [overrides.get(c, f't."{c}"') for c in cols]  # "order" is a keyword
        quoted = ", ".join(f'"{c}"' for c in cols)
        n = self.run(f"INSERT INTO {table} ({quoted}) SELECT {', '.join(select)} FROM {source}")
        return n

    def history(self, table: str, source: str, overrides: dict[str, str]) -> int:
        """simple-history rows for rows of ``table`` (alias ``t`` in ``source``): every column of
        the historical table the model has is copied, the history_* columns come from
        ``overrides`` (history_id is left to its identity)."""
        hist = table.replace("_", "_historical", 1)
        model_cols = set(self.columns(table))
        cols = [c for c in self.columns(hist) if c != "history_id"]
        select = []
        for c in cols:
            if c in overrides:
                select.append(overrides[c])
            elif c in model_cols:
                select.append(f"t.{c}")
            elif c == "history_change_reason":
                select.append("NULL")
            else:
                raise SystemExit(f"{hist}.{c}: no value for this history column")
        return self.run(
            f"INSERT INTO {hist} ({', '.join(cols)}) SELECT {', '.join(select)} FROM {source}"
        )

    def fix_sequence(self, table: str) -> None:
        self.run(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT coalesce(max(id), 1) FROM {table}))"
        )

    # -- the load ---------------------------------------------------------------------------
