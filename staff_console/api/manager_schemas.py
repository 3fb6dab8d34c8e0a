"""The manager's metrics API as the OpenAPI document shows it: parameters and response.

Every key of `shared.analytics.dashboard.branch_dashboard` is declared here (a key left
out would silently vanish from the answer; tests/staff_console/test_manager_api.py checks).
"""

from __future__ import annotations

from datetime import date

import marshmallow as ma

from shared.analytics.export import TABLES
from shared.analytics.periods import Granularity

F = ma.fields
CODE = ma.validate.Length(min=1, max=16)
# Days a branch can have figures for; the previous period of year 1 would not be a date.
DAYS = ma.validate.Range(min=date(2000, 1, 1), max=date(2999, 12, 31))
SECONDS = {"description": "seconds, read at the upper edge of its histogram bin "
                          "(docs/METRICS.md)"}
SHARE = {"description": "a share from 0 to 1; null when there is nothing to divide by"}


class MetricsQuerySchema(ma.Schema):
    branch = F.List(F.String(validate=CODE), load_default=list, metadata={
        "description": "Branch code; repeat it to sum several branches of your area. "
                       "Default: every branch you may see (a branch manager's own)."})
    area = F.String(validate=CODE, load_default=None, metadata={
        "description": "Area code (area managers): every branch of the area, compared"})
    from_ = F.Date(data_key="from", load_default=None, validate=DAYS, metadata={
        "description": "First local day, YYYY-MM-DD (default: `to`)"})
    to = F.Date(load_default=None, validate=DAYS, metadata={
        "description": "Last local day, included (default: today in the branch's time zone)"})
    granularity = F.String(
        load_default=Granularity.DAY.value,
        validate=ma.validate.OneOf([g.value for g in Granularity]),
        metadata={"description": "Footfall series buckets: hour (ranges up to 31 days), "
                                 "day, ISO week or month"})


class MetricsCsvQuerySchema(MetricsQuerySchema):
    table = F.String(load_default=None, validate=ma.validate.OneOf(list(TABLES)), metadata={
        "description": "One table as plain CSV; without it every table as sections"})


class MetricsBranchSchema(ma.Schema):
    code = F.String()
    name = F.String()
    timezone = F.String()
    area = F.String(allow_none=True, attribute="area_code")


class MetricsAreaSchema(ma.Schema):
    code = F.String()
    name = F.String()


class MetricsFootfallPointSchema(ma.Schema):
    period = F.String(metadata={"description": "2026-05-04T09, 2026-05-04, 2026-W19 or "
                                               "2026-05"})
    entries = F.Integer()
    exits = F.Integer()


class MetricsFootfallSchema(ma.Schema):
    granularity = F.String()
    series = F.List(F.Nested(MetricsFootfallPointSchema))
    entries = F.Integer()
    exits = F.Integer()


class MetricsDwellSchema(ma.Schema):
    tracks = F.Integer()
    mean_s = F.Float(allow_none=True)
    p50_s = F.Integer(allow_none=True, metadata=SECONDS)


class MetricsIdentifiedSchema(ma.Schema):
    footfall = F.Integer()
    identified = F.Integer()
    share = F.Float(allow_none=True, metadata=SHARE)
    customers_seen = F.Integer()
    consent_rate = F.Float(allow_none=True, metadata=SHARE)


class MetricsDoorWaitSchema(ma.Schema):
    count = F.Integer()
    mean_s = F.Float(allow_none=True)
    p50_s = F.Integer(allow_none=True, metadata=SECONDS)
    p90_s = F.Integer(allow_none=True, metadata=SECONDS)


class MetricsGreetSchema(ma.Schema):
    arrivals = F.Integer()
    claimed = F.Integer()
    greeted = F.Integer()
    handed_over = F.Integer()
    p50_s = F.Integer(allow_none=True, metadata=SECONDS)
    p90_s = F.Integer(allow_none=True, metadata=SECONDS)
    target_s = F.Integer()
    within_target_share = F.Float(allow_none=True, metadata=SHARE)


class MetricsQueueRowSchema(ma.Schema):
    service = F.String(metadata={"description": "a service, or `all`"})
    taken = F.Integer()
    called = F.Integer()
    served = F.Integer()
    no_show = F.Integer()
    transferred = F.Integer()
    wait_p50_s = F.Integer(allow_none=True, metadata=SECONDS)
    wait_p90_s = F.Integer(allow_none=True, metadata=SECONDS)
    within_target_share = F.Float(allow_none=True, metadata=SHARE)


class MetricsQueueSchema(ma.Schema):
    target_s = F.Integer()
    services = F.List(F.Nested(MetricsQueueRowSchema))
    all = F.Nested(MetricsQueueRowSchema)
    counter_utilisation = F.Float(allow_none=True, metadata=SHARE)


class MetricsKioskSchema(ma.Schema):
    sessions = F.Integer()
    outcomes = F.Dict(keys=F.String(), values=F.Integer(), metadata={
        "description": "completed, fallback, abandoned, device_fault"})
    completion_rate = F.Float(allow_none=True, metadata=SHARE)
    fallback_reasons = F.Dict(keys=F.String(), values=F.Integer())
    duration_p50_s = F.Integer(allow_none=True, metadata=SECONDS)


class MetricsFunnelStepSchema(ma.Schema):
    step = F.String(metadata={"description": "footfall, identified, greeted, served, "
                                             "offer_discussed, offer_accepted"})
    count = F.Integer()
    conversion = F.Float(allow_none=True, metadata={
        "description": "count over the step before (null for the first)"})


class MetricsHeatmapSchema(ma.Schema):
    weekdays = F.List(F.String())
    hours = F.List(F.Integer())
    entries = F.List(F.List(F.Integer()), metadata={
        "description": "door entries, 7 weekdays (Monday first) x 24 local hours"})


class MetricsSummarySchema(ma.Schema):
    footfall = F.Integer()
    identified_share = F.Float(allow_none=True)
    greet_p50_s = F.Integer(allow_none=True)
    greeted_within_target_share = F.Float(allow_none=True)
    door_wait_p50_s = F.Integer(allow_none=True)
    queue_wait_p50_s = F.Integer(allow_none=True)
    queue_within_target_share = F.Float(allow_none=True)
    kiosk_completion_rate = F.Float(allow_none=True)
    served = F.Integer()


class MetricsPreviousSchema(MetricsSummarySchema):
    from_ = F.String(data_key="from", attribute="from")
    to = F.String()
    complete = F.Boolean(metadata={"description": "the branches had figures from the previous "
                                   "period's first day; when false, `change` is all null"})
    history_from = F.String(allow_none=True, metadata={
        "description": "the first day every branch shown has figures for"})


CHANGE = F.Dict(keys=F.String(), values=F.Float(allow_none=True), metadata={
    "description": "each summary figure against the previous period: relative for counts "
                   "and durations (0.12 = 12 % more), in points for shares (0.05 = 5 points)"})


class MetricsOccupancySchema(ma.Schema):
    entries = F.Integer()
    exits = F.Integer()
    now = F.Integer()
    exits_counted = F.Boolean(metadata={
        "description": "false when the door camera never saw anyone leave: `now` is a "
                       "ceiling"})


class MetricsComparisonRowSchema(MetricsSummarySchema):
    branch = F.String()
    name = F.String()
    previous = F.Nested(MetricsSummarySchema)
    change = CHANGE


class MetricsSchema(ma.Schema):
    branch = F.String(allow_none=True, metadata={
        "description": "the branch's code; null when the figures sum several branches"})
    branches = F.List(F.Nested(MetricsBranchSchema))
    area = F.Nested(MetricsAreaSchema, allow_none=True, metadata={
        "description": "the area asked for with `area`, else null"})
    scope = F.List(F.Nested(MetricsBranchSchema), metadata={
        "description": "every branch the signed-in manager may pick"})
    timezone = F.String(metadata={"description": "the zone of `today` and the default "
                                                 "range (the first branch's)"})
    today = F.Date()
    from_ = F.String(data_key="from", attribute="from")
    to = F.String()
    footfall = F.Nested(MetricsFootfallSchema)
    dwell = F.Nested(MetricsDwellSchema)
    identified = F.Nested(MetricsIdentifiedSchema)
    door_wait = F.Nested(MetricsDoorWaitSchema)
    greet = F.Nested(MetricsGreetSchema)
    queue = F.Nested(MetricsQueueSchema)
    kiosk = F.Nested(MetricsKioskSchema)
    funnel = F.List(F.Nested(MetricsFunnelStepSchema))
    heatmap = F.Nested(MetricsHeatmapSchema)
    summary = F.Nested(MetricsSummarySchema)
    previous = F.Nested(MetricsPreviousSchema)
    change = CHANGE
    occupancy = F.Nested(MetricsOccupancySchema, metadata={"description": "today, now"})
    comparison = F.List(F.Nested(MetricsComparisonRowSchema), metadata={
        "description": "one row per branch, present when the figures cover several"})
