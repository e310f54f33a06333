"""Alembic environment for the Groepsduiding store.

Used two ways: programmatically by ``CaseStore.migrate()`` (which passes its own connection in
``config.attributes["connection"]``), and from the command line with the repo's ``alembic.ini``
(URL from ``-x url=...``, ``sqlalchemy.url``, ``DUIDING_DATABASE_URL`` or the default SQLite file).
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

config = context.config
# Advisory lock id so that two processes migrating one PostgreSQL database run one after the other.
PG_MIGRATION_LOCK = 0x6475_6964  # "duid"


def _url() -> str:
    from duiding.store import default_url

    return (
        context.get_x_argument(as_dictionary=True).get("url")
        or config.get_main_option("sqlalchemy.url")
        or default_url()
    )


def run_migrations_offline() -> None:
    context.configure(url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def _run(connection) -> None:
    # SQLite DDL is transactional too: run the whole upgrade as one transaction on both engines.
    context.configure(
        connection=connection,
        target_metadata=None,
        render_as_batch=connection.dialect.name == "sqlite",
        transactional_ddl=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_MIGRATION_LOCK})")
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    from duiding.store import get_engine

    with get_engine(_url()).connect() as connection:
        connection.execution_options(duiding_write=True)
        _run(connection)
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
