"""One number the database raises whenever a table that figures are derived from changes
(`data_version`, read by portal.derived_cache on every request instead of a checksum of each
table). Used by migrations: `count_changes(op, "duty_shifts")` after creating a table,
`stop_counting(op, "duty_shifts")` before dropping it. A later migration that rebuilds such a
table in SQLite batch mode drops its triggers: it must call `count_changes` again
(tests/test_derived_cache.py checks every table the portal follows against the database).

On PostgreSQL the number is raised once per transaction, when it commits (a deferred constraint
trigger): raised at the first write instead, the row's lock would be held while the transaction
went on to lock other rows, and two transactions could wait for each other."""


def install(op) -> None:
    """The counter itself (and, on PostgreSQL, the function the triggers run)."""
    op.execute("INSERT INTO data_version (id, n) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE OR REPLACE FUNCTION data_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   "BEGIN "
                   "IF coalesce(current_setting('portal.data_version_raised', true), '') <> '1' THEN "
                   "UPDATE data_version SET n = n + 1 WHERE id = 1; "
                   "PERFORM set_config('portal.data_version_raised', '1', true); "
                   "END IF; RETURN NULL; END $$")


def uninstall(op) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS data_version_raise()")


def count_changes(op, table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE CONSTRAINT TRIGGER {table}_counted AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_raise()")
    else:
        for event in ("INSERT", "UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_counted_{event.lower()} AFTER {event} ON {table} "
                       f"BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END")


def stop_counting(op, table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_counted ON {table}")
    else:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_counted_{event}")
