"""Maps ledger-mysql entry ids to the ids the backfill gave them on ledger-pg."""

from __future__ import annotations


class IdMap:
    """The backfill's legacy_id column, loaded as a two-way map."""

    def __init__(self, pairs: dict[str, str] | None = None) -> None:
        self._to_pg: dict[str, str] = {}
        self._to_mysql: dict[str, str] = {}
        for mysql_id, pg_id in (pairs or {}).items():
            self.add(mysql_id, pg_id)

    def add(self, mysql_id: str, pg_id: str) -> None:
        if mysql_id in self._to_pg and self._to_pg[mysql_id] != pg_id:
            raise ValueError(f"entry {mysql_id} is mapped to two ledger-pg ids")
        self._to_pg[mysql_id] = pg_id
        self._to_mysql[pg_id] = mysql_id

    def to_pg(self, mysql_id: str) -> str | None:
        return self._to_pg.get(mysql_id)

    def to_mysql(self, pg_id: str) -> str | None:
        return self._to_mysql.get(pg_id)

    def __len__(self) -> int:
        return len(self._to_pg)
