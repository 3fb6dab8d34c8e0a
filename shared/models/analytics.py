"""Analytics: facts as they happened (no biometrics) and their rollups per branch and hour."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime, utcnow


class AnalyticsFact(Base):
    """One thing that happened at a branch: a door crossing, a greeting, a ticket called.

    `key` names the happening itself (a visit's greeting, a ticket's first call), so the
    same fact recorded twice, or delivered twice, is one row. Never a face, a voice or a
    name: at most the id of a customer who consented or carded in.
    """

    __tablename__ = "analytics_fact"
    __table_args__ = (Index("ix_analytics_fact_branch_at", "branch_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    dim: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(String(64), default="")
    duration_ms: Mapped[int | None] = mapped_column(BigInteger)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RollupHour(Base):
    """Counts, summed milliseconds and histogram bins of one metric in one local hour."""

    __tablename__ = "analytics_rollup_hour"
    __table_args__ = (
        UniqueConstraint("branch_id", "day", "hour", "metric", "dim", "bin",
                         name="uq_analytics_rollup_hour_cell"),
        # The heatmap over many branches and a year: totals only, read from the index alone
        # on PostgreSQL (the query writes `bin = -1` inline, so every plan can use it).
        Index("ix_analytics_rollup_hour_totals", "metric", "day",
              postgresql_include=["branch_id", "weekday", "hour", "count"],
              postgresql_where=text("bin = -1"), sqlite_where=text("bin = -1")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    day: Mapped[date] = mapped_column(Date)  # the branch's local date
    hour: Mapped[int] = mapped_column(SmallInteger)  # the branch's local hour, 0-23
    weekday: Mapped[int] = mapped_column(SmallInteger)  # Monday 0 .. Sunday 6
    metric: Mapped[str] = mapped_column(String(32))
    dim: Mapped[str] = mapped_column(String(64), default="")
    bin: Mapped[int] = mapped_column(SmallInteger, default=-1)  # -1: the metric's totals
    count: Mapped[int] = mapped_column(BigInteger, default=0)
    total_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class RollupDay(Base):
    """The same cells summed over a local day: what long ranges read."""

    __tablename__ = "analytics_rollup_day"
    __table_args__ = (
        UniqueConstraint("branch_id", "day", "metric", "dim", "bin",
                         name="uq_analytics_rollup_day_cell"),
        # The days a metric had a total (counter-days over whole months), from the index alone.
        Index("ix_analytics_rollup_day_totals", "metric", "day",
              postgresql_include=["branch_id", "dim"],
              postgresql_where=text("bin = -1"), sqlite_where=text("bin = -1")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    day: Mapped[date] = mapped_column(Date)
    metric: Mapped[str] = mapped_column(String(32))
    dim: Mapped[str] = mapped_column(String(64), default="")
    bin: Mapped[int] = mapped_column(SmallInteger, default=-1)
    count: Mapped[int] = mapped_column(BigInteger, default=0)
    total_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class RollupMonth(Base):
    """The same cells summed over a local month: what a year's view reads for whole months.

    A year of daily cells for a hundred branches is millions of rows, most of them histogram
    bins; a month holds the same bins in one row each.
    """

    __tablename__ = "analytics_rollup_month"
    __table_args__ = (
        UniqueConstraint("branch_id", "month", "metric", "dim", "bin",
                         name="uq_analytics_rollup_month_cell"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    month: Mapped[date] = mapped_column(Date)  # the first day of the branch's local month
    metric: Mapped[str] = mapped_column(String(32))
    dim: Mapped[str] = mapped_column(String(64), default="")
    bin: Mapped[int] = mapped_column(SmallInteger, default=-1)
    count: Mapped[int] = mapped_column(BigInteger, default=0)
    total_ms: Mapped[int] = mapped_column(BigInteger, default=0)
