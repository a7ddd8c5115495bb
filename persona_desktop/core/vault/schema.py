"""Tables of both databases, built by numbered migrations recorded in ``PRAGMA user_version``.

A migration is applied inside one transaction with the version bump, so a crash leaves the
database at the previous version. A database whose version is newer than the last migration this
app knows was written by a newer app and is refused, never "downgraded".
"""
from __future__ import annotations

from ..errors import UnsupportedVaultVersion

VAULT_MIGRATIONS: list[str] = [
    # 1: the first tables. Customers carry only pseudonyms and generalised attributes; real
    # identifiers live in identity.db.
    """
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE imports (
        import_id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        source_kind TEXT NOT NULL,
        file_sha256 TEXT,
        rows_read INTEGER NOT NULL DEFAULT 0,
        rows_stored INTEGER NOT NULL DEFAULT 0,
        rows_quarantined INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL,
        report_json TEXT,
        undone_at TEXT
    );
    CREATE TABLE customers (
        customer_id INTEGER PRIMARY KEY,
        pseudonym TEXT NOT NULL UNIQUE,
        signup_date TEXT,
        gender TEXT,
        age_band TEXT,
        city TEXT,
        province TEXT,
        country TEXT,
        postcode_prefix TEXT,
        import_id INTEGER REFERENCES imports(import_id)
    );
    CREATE TABLE products (
        product_id INTEGER PRIMARY KEY,
        sku TEXT NOT NULL UNIQUE,
        name TEXT,
        category TEXT
    );
    CREATE TABLE orders (
        order_id INTEGER PRIMARY KEY,
        order_no TEXT,
        customer_id INTEGER REFERENCES customers(customer_id),
        ordered_at TEXT NOT NULL,
        paid_at TEXT,
        channel TEXT,
        kind TEXT NOT NULL DEFAULT 'sale' CHECK (kind IN ('sale', 'return', 'adjustment')),
        total REAL,
        amount_paid REAL,
        refund REAL,
        discount REAL,
        natural_key TEXT NOT NULL UNIQUE,
        import_id INTEGER REFERENCES imports(import_id)
    );
    CREATE INDEX orders_customer ON orders(customer_id, ordered_at);
    CREATE INDEX orders_import ON orders(import_id);
    CREATE TABLE order_lines (
        line_id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(order_id) ON DELETE CASCADE,
        product_id INTEGER REFERENCES products(product_id),
        quantity REAL NOT NULL,
        unit_price REAL,
        amount REAL,
        discount REAL,
        natural_key TEXT NOT NULL UNIQUE,
        import_id INTEGER REFERENCES imports(import_id)
    );
    CREATE INDEX order_lines_order ON order_lines(order_id);
    CREATE TABLE consent (
        consent_id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(customer_id) ON DELETE CASCADE,
        purpose TEXT NOT NULL,
        granted INTEGER NOT NULL,
        recorded_at TEXT NOT NULL,
        source TEXT NOT NULL
    );
    CREATE TABLE quarantine (
        quarantine_id INTEGER PRIMARY KEY,
        import_id INTEGER NOT NULL REFERENCES imports(import_id) ON DELETE CASCADE,
        source_row INTEGER NOT NULL,
        reason TEXT NOT NULL,
        raw_json TEXT NOT NULL
    );
    CREATE TABLE analysis_runs (
        run_id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        as_of TEXT,
        params_json TEXT NOT NULL,
        result BLOB
    );
    CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        ts TEXT NOT NULL,
        event TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    """,
    # 2: import provenance. Orders keep the region they were shipped to (order-only files such as
    # marketplace exports have no customer, yet shop-level analytics break revenue down by region);
    # a customer can come from several imports, so undoing one must not delete a customer another
    # import still needs; mapping profiles are offered again for files with the same header.
    """
    ALTER TABLE imports ADD COLUMN file_name TEXT;
    ALTER TABLE imports ADD COLUMN mapping_json TEXT;
    ALTER TABLE orders ADD COLUMN country TEXT;
    ALTER TABLE orders ADD COLUMN province TEXT;
    ALTER TABLE orders ADD COLUMN city TEXT;
    ALTER TABLE products ADD COLUMN import_id INTEGER REFERENCES imports(import_id);
    ALTER TABLE order_lines ADD COLUMN flags TEXT;
    ALTER TABLE orders ADD COLUMN note TEXT;
    CREATE TABLE customer_imports (
        customer_id INTEGER NOT NULL REFERENCES customers(customer_id) ON DELETE CASCADE,
        import_id INTEGER NOT NULL REFERENCES imports(import_id) ON DELETE CASCADE,
        PRIMARY KEY (customer_id, import_id)
    );
    CREATE INDEX customer_imports_import ON customer_imports(import_id);
    CREATE TABLE mapping_profiles (
        name TEXT PRIMARY KEY,
        header_signature TEXT NOT NULL,
        mapping_json TEXT NOT NULL,
        options_json TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX mapping_profiles_signature ON mapping_profiles(header_signature);
    CREATE INDEX quarantine_import ON quarantine(import_id)
    """,
    # 3: the write that committed last and the count of committed writes (vault/journal.py): what
    # decides whether a write prepared in identity.db happened, and what a rollback is told by.
    """
    CREATE TABLE commit_marker (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL,
        token TEXT NOT NULL
    )
    """,
    # 4: whether a product's name came from a line that sells it (ingest/writing/chunk_rows.py):
    # a name taken from an adjustment row is replaced by the next sale line's.
    """
    ALTER TABLE products ADD COLUMN name_from_sale INTEGER NOT NULL DEFAULT 0
    """,
]

IDENTITY_MIGRATIONS: list[str] = [
    """
    CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    CREATE TABLE identities (
        pseudonym TEXT NOT NULL,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        PRIMARY KEY (pseudonym, kind, value)
    );
    CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
    );
    """,
    # 2: quarantined rows keep their raw values here, not in vault.db: a rejected row can hold a
    # name or a phone number, and vault.db must never hold one (privacy.md A2). vault.db keeps the
    # row number, the reason and a masked copy. Erased people's keyed hashes block re-import.
    """
    CREATE TABLE quarantine_raw (
        quarantine_id INTEGER PRIMARY KEY,
        import_id INTEGER NOT NULL,
        raw_json TEXT NOT NULL
    );
    CREATE INDEX quarantine_raw_import ON quarantine_raw(import_id);
    CREATE TABLE blocklist (
        hash TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE INDEX identities_kind_value ON identities(kind, value)
    """,
    # 3: one commit across both databases (vault/journal.py). Rows carry the token of the write
    # that added them, the write being prepared is recorded with the head before it, and rows a
    # write removes wait in the trash until vault.db has committed it.
    """
    ALTER TABLE identities ADD COLUMN write_token TEXT;
    ALTER TABLE quarantine_raw ADD COLUMN write_token TEXT;
    ALTER TABLE blocklist ADD COLUMN write_token TEXT;
    ALTER TABLE audit_head ADD COLUMN generation INTEGER;
    CREATE TABLE pending_commit (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        token TEXT NOT NULL,
        generation INTEGER NOT NULL,
        old_seq INTEGER NOT NULL,
        old_hash TEXT NOT NULL,
        old_generation INTEGER
    );
    CREATE TABLE commit_trash (
        token TEXT,
        tbl TEXT NOT NULL,
        row_json TEXT NOT NULL
    );
    CREATE INDEX commit_trash_token ON commit_trash(token)
    """,
]


def version(conn) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_supported(conn, migrations: list[str]) -> int:
    found = version(conn)
    if found > len(migrations):
        raise UnsupportedVaultVersion(found=found, supported=len(migrations))
    return found


def migrate(conn, migrations: list[str]) -> int:
    """Apply the missing migrations; return how many ran. ``conn`` is in autocommit mode."""
    found = check_supported(conn, migrations)
    for number in range(found + 1, len(migrations) + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(migrations[number - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return len(migrations) - found


def _statements(script: str) -> list[str]:
    # executescript would commit the open transaction first; split instead (no ';' inside our DDL).
    return [s.strip() for s in script.split(";") if s.strip()]
