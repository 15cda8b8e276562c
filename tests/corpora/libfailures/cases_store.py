"""Cases for databases: SQLAlchemy, sqlite3 and Django's ORM."""

from __future__ import annotations

from corpora.libfailures.corpus import Case

CASES = [
    Case(
        "sqla_detached_lazy_load",
        "db",
        "sqlalchemy.orm.exc.DetachedInstanceError",
        "from app import orm\norm.order_count()",
    ),
    Case(
        "sqla_no_such_table",
        "db",
        "sqlalchemy.exc.OperationalError",
        "from app import orm\norm.coupon_codes()",
    ),
    Case(
        "sqla_integrity_unique",
        "db",
        "sqlalchemy.exc.IntegrityError",
        "from app import orm\norm.register_twice()",
    ),
    Case(
        "sqla_integrity_not_null",
        "db",
        "sqlalchemy.exc.IntegrityError",
        "from app import orm\norm.register_nameless()",
    ),
    Case(
        "sqla_multiple_results",
        "db",
        "sqlalchemy.exc.MultipleResultsFound",
        "from app import orm\norm.customer_by_domain('example.org')",
    ),
    Case(
        "sqla_no_result",
        "db",
        "sqlalchemy.exc.NoResultFound",
        "from app import orm\norm.customer_by_email('nobody@example.com')",
    ),
    Case(
        "sqla_no_such_column",
        "db",
        "sqlalchemy.exc.OperationalError",
        "from app import orm\norm.nicknames()",
    ),
    Case(
        "sqla_unmapped",
        "db",
        "sqlalchemy.orm.exc.UnmappedInstanceError",
        "from app import orm\norm.save_plain_object()",
    ),
    Case(
        "sqla_pending_rollback",
        "db",
        "sqlalchemy.exc.PendingRollbackError",
        "from app import orm\norm.retry_after_failed_flush()",
    ),
    Case(
        "sqla_unknown_dialect",
        "config",
        "sqlalchemy.exc.NoSuchModuleError",
        "from app import orm\norm.engine_from_url('postgresqlx://shop@127.0.0.1/shop')",
    ),
    Case(
        "sqla_bad_url",
        "config",
        "sqlalchemy.exc.ArgumentError",
        "from app import orm\norm.engine_from_url('shop database on port 5432')",
    ),
    Case(
        "sqla_foreign_key",
        "db",
        "sqlalchemy.exc.IntegrityError",
        "from app import orm\norm.orphan_order()",
    ),
    Case(
        "sqla_syntax_noise",
        "db",
        "sqlalchemy.exc.OperationalError",
        "from app import orm\norm.top_customers()",
        noise=True,
    ),
    Case(
        "sqlite_no_such_table",
        "db",
        "sqlite3.OperationalError",
        "from app import store\nstore.reserved_units()",
    ),
    Case(
        "sqlite_unique",
        "db",
        "sqlite3.IntegrityError",
        "from app import store\nstore.add_sku_twice()",
    ),
    Case(
        "sqlite_bindings",
        "db",
        "sqlite3.ProgrammingError",
        "from app import store\nstore.restock('B-2', 4)",
    ),
    Case(
        "sqlite_closed",
        "db",
        "sqlite3.ProgrammingError",
        "from app import store\nstore.stock_after_close()",
    ),
    Case(
        "sqlite_readonly",
        "db",
        "sqlite3.OperationalError",
        "from app import store\nstore.write_readonly(tmp_path / 'ledger.db')",
        uses=("tmp_path",),
    ),
    Case(
        "sqlite_no_table_noise",
        "db",
        "sqlite3.OperationalError",
        "from app import store\nstore.audit_rows()",
        noise=True,
    ),
    Case(
        "sqlite_no_column",
        "db",
        "sqlite3.OperationalError",
        "from app import store\nstore.missing_column()",
    ),
    Case(
        "dj_does_not_exist",
        "db",
        "django.core.exceptions.ObjectDoesNotExist",
        "from app import backoffice\nbackoffice.product_name('NOPE-1')",
    ),
    Case(
        "dj_no_such_table",
        "db",
        "django.db.utils.OperationalError",
        "from app import backoffice\nbackoffice.invoice_count()",
    ),
    Case(
        "dj_multiple_objects",
        "db",
        "django.core.exceptions.MultipleObjectsReturned",
        "from app import backoffice\nbackoffice.product_named('Mug')",
    ),
    Case(
        "dj_integrity",
        "db",
        "django.db.utils.IntegrityError",
        "from app import backoffice\nbackoffice.add_product_twice()",
    ),
    Case(
        "dj_field_error",
        "db",
        "django.core.exceptions.FieldError",
        "from app import backoffice\nbackoffice.red_products()",
    ),
    Case(
        "dj_improperly_backend",
        "config",
        "django.core.exceptions.ImproperlyConfigured",
        "from app import backoffice\nbackoffice.legacy_totals()",
    ),
    Case(
        "dj_improperly_user_model",
        "config",
        "django.core.exceptions.ImproperlyConfigured",
        "from app import backoffice\nbackoffice.user_model_name()",
    ),
]
