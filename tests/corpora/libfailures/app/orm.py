"""Orders stored with SQLAlchemy 2 (ORM and Core)."""

from __future__ import annotations

import contextlib

from sqlalchemy import ForeignKey, String, create_engine, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    """The declarative base of the shop's tables."""


class Customer(Base):
    """A customer with a unique email."""

    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    orders: Mapped[list[Order]] = relationship(back_populates="customer")


class Order(Base):
    """An order placed by a customer."""

    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    customer: Mapped[Customer] = relationship(back_populates="orders")


class Coupon(Base):
    """A coupon whose table the migrations forgot."""

    __tablename__ = "coupons"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20))


def make_engine() -> Engine:
    """An in-memory database with the customer and order tables (not coupons)."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine, tables=[Customer.__table__, Order.__table__])
    return engine


def load_customer(engine: Engine) -> Customer:
    """Load a customer and close the session, as a repository that returns entities does."""
    with Session(engine) as session:
        session.add(Customer(email="ada@example.com", name="Ada"))
        session.commit()
        # Returned from inside the block: the session closes on the way out, detaching it.
        return session.scalars(select(Customer)).one()


def order_count() -> int:
    """How many orders the first customer has: touches a lazy relationship after the session."""
    customer = load_customer(make_engine())
    return len(customer.orders)  # ORIGIN: sqla_detached_lazy_load


def coupon_codes() -> list[str]:
    """All coupon codes (the coupons table was never created)."""
    with Session(make_engine()) as session:
        return list(session.scalars(select(Coupon.code)))  # ORIGIN: sqla_no_such_table


def register_twice() -> None:
    """Register the same email twice: the unique constraint fails on flush."""
    with Session(make_engine()) as session:
        session.add_all([Customer(email="bo@example.com", name="Bo"),
                         Customer(email="bo@example.com", name="Bob")])
        session.commit()  # ORIGIN: sqla_integrity_unique


def register_nameless() -> None:
    """Register a customer without the required name."""
    with Session(make_engine()) as session:
        session.add(Customer(email="cy@example.com"))
        session.flush()  # ORIGIN: sqla_integrity_not_null


def customer_by_domain(domain: str) -> Customer:
    """The one customer of a domain: two match."""
    with Session(make_engine()) as session:
        session.add_all([Customer(email=f"a@{domain}", name="A"), Customer(email=f"b@{domain}", name="B")])
        session.flush()
        query = select(Customer).where(Customer.email.like(f"%@{domain}"))
        return session.scalars(query).one()  # ORIGIN: sqla_multiple_results


def customer_by_email(email: str) -> Customer:
    """The customer with an email: none has it."""
    with Session(make_engine()) as session:
        return session.scalars(select(Customer).where(Customer.email == email)).one()  # ORIGIN: sqla_no_result


def nicknames() -> list[str]:
    """Raw SQL naming a column the table does not have."""
    with make_engine().connect() as conn:
        return list(conn.execute(text("SELECT nickname FROM customers")).scalars())  # ORIGIN: sqla_no_such_column


def save_plain_object() -> None:
    """Add an object that is not mapped."""
    with Session(make_engine()) as session:
        session.add({"email": "dict@example.com"})  # ORIGIN: sqla_unmapped


def retry_after_failed_flush() -> int:
    """Keep using a session after a failed flush without rolling it back."""
    with Session(make_engine()) as session:
        session.add_all([Customer(email="d@example.com", name="D"), Customer(email="d@example.com", name="E")])
        with contextlib.suppress(IntegrityError):
            session.flush()
        return len(session.scalars(select(Customer)).all())  # ORIGIN: sqla_pending_rollback


def engine_from_url(url: str) -> Engine:
    """The engine for a configured database URL."""
    return create_engine(url)  # ORIGIN: sqla_unknown_dialect, sqla_bad_url


def orphan_order() -> None:
    """Insert an order for a customer that does not exist, with foreign keys enforced."""
    engine = make_engine()
    with engine.connect() as conn:
        conn.execute(text("PRAGMA foreign_keys=ON"))
        conn.execute(text("INSERT INTO orders (customer_id) VALUES (42)"))  # ORIGIN: sqla_foreign_key


def top_customers() -> list[str]:
    """A report query with a typo in its SQL."""
    with make_engine().connect() as conn:
        return list(conn.execute(text("SELEC name FROM customers")).scalars())  # ORIGIN: sqla_syntax_noise
