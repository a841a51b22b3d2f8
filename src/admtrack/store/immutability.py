"""Published releases are immutable, and the database itself says so.

Triggers (SQLite and PostgreSQL) refuse every insert, update or delete of an observation or a
withdrawal whose release is published, any change to a published release's row, and its deletion.
A refused write raises an integrity error from the driver (SQLite ``RAISE(ABORT)``, PostgreSQL
SQLSTATE 23001 ``restrict_violation``), so no code path, not even raw SQL, can rewrite history.
"""

from __future__ import annotations

import sqlalchemy as sa

#: The text every refusal carries (matched by :func:`is_immutability_error`).
MESSAGE = "published release is immutable"
#: Tables whose rows belong to a release through their ``release`` column.
VALUE_TABLES: tuple[str, ...] = ("observations", "withdrawals")

_PUBLISHED = "(SELECT status FROM releases WHERE id = {ref}.release) = 'published'"


def _sqlite_statements() -> list[str]:
    statements: list[str] = []
    for table in VALUE_TABLES:
        for event, refs in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            condition = " OR ".join(_PUBLISHED.format(ref=ref) for ref in refs)
            statements.append(
                f"CREATE TRIGGER {table}_immutable_{event.lower()} BEFORE {event} ON {table} "
                f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
    for event in ("UPDATE", "DELETE"):
        statements.append(
            f"CREATE TRIGGER releases_immutable_{event.lower()} BEFORE {event} ON releases "
            f"WHEN OLD.status = 'published' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )
    return statements


_PG_VALUES_FUNCTION = f"""
CREATE FUNCTION admtrack_refuse_published_values() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' AND EXISTS (SELECT 1 FROM releases WHERE status = 'published') THEN
    RAISE EXCEPTION '{MESSAGE}: TRUNCATE %', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE')
     AND EXISTS (SELECT 1 FROM releases WHERE id = OLD.release AND status = 'published') THEN
    RAISE EXCEPTION '{MESSAGE}: %', OLD.release USING ERRCODE = 'restrict_violation';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE')
     AND EXISTS (SELECT 1 FROM releases WHERE id = NEW.release AND status = 'published') THEN
    RAISE EXCEPTION '{MESSAGE}: %', NEW.release USING ERRCODE = 'restrict_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$
"""

_PG_RELEASES_FUNCTION = f"""
CREATE FUNCTION admtrack_refuse_published_release() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION '{MESSAGE}: %', OLD.id USING ERRCODE = 'restrict_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$
"""


def _postgres_statements() -> list[str]:
    statements = [_PG_VALUES_FUNCTION, _PG_RELEASES_FUNCTION]
    for table in VALUE_TABLES:
        statements.append(
            f"CREATE TRIGGER {table}_immutable BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION admtrack_refuse_published_values()"
        )
        statements.append(
            f"CREATE TRIGGER {table}_immutable_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION admtrack_refuse_published_values()"
        )
    statements.append(
        "CREATE TRIGGER releases_immutable BEFORE UPDATE OR DELETE ON releases "
        "FOR EACH ROW EXECUTE FUNCTION admtrack_refuse_published_release()"
    )
    return statements


def create_triggers(connection: sa.Connection) -> None:
    """Create the immutability triggers on ``connection``'s database (SQLite or PostgreSQL)."""
    name = connection.dialect.name
    if name == "sqlite":
        statements = _sqlite_statements()
    elif name == "postgresql":  # the driver reads % as a placeholder: double it
        statements = [s.replace("%", "%%") for s in _postgres_statements()]
    else:
        raise NotImplementedError(f"no immutability triggers for the {name} dialect")
    for statement in statements:
        connection.exec_driver_sql(statement)


def drop_triggers(connection: sa.Connection) -> None:
    """Remove what :func:`create_triggers` created."""
    if connection.dialect.name == "sqlite":
        for table in VALUE_TABLES:
            for event in ("insert", "update", "delete"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_immutable_{event}")
        for event in ("update", "delete"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS releases_immutable_{event}")
        return
    for table in VALUE_TABLES:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_immutable_truncate ON {table}")
    connection.exec_driver_sql("DROP TRIGGER IF EXISTS releases_immutable ON releases")
    connection.exec_driver_sql("DROP FUNCTION IF EXISTS admtrack_refuse_published_values()")
    connection.exec_driver_sql("DROP FUNCTION IF EXISTS admtrack_refuse_published_release()")


def is_immutability_error(error: BaseException) -> bool:
    """True when ``error`` is the database refusing a write into a published release."""
    return isinstance(error, sa.exc.DBAPIError) and MESSAGE in str(error)
