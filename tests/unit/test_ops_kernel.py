"""ps_ops pure rules: alert lifecycle planning, billing periods, webhook payloads."""

import datetime
import json
from decimal import Decimal

import pytest
from ps_ops_pure import alerts, periods, webhook

D = datetime.date
NOW = datetime.datetime(2026, 4, 5, 12, 0)


def subject(key, amount="100", message="m", **kw):
    return alerts.Subject(key, message, Decimal(amount), **kw)


def known(id_, key, state, subj=None, snoozed_until=None):
    return alerts.Known(id_, key, state, subj.figures() if subj else (), snoozed_until)


def test_new_subject_opens_an_alert():
    result = alerts.plan([], [subject("a")], NOW)
    assert [s.key for s in result.open] == ["a"]
    assert not (result.update or result.close or result.reopen or result.wake)


def test_same_figures_plan_nothing():
    s = subject("a")
    assert alerts.plan([known(1, "a", alerts.OPEN, s)], [s], NOW).is_empty()


def test_changed_figures_update_the_live_alert():
    old, new = subject("a", "100"), subject("a", "120")
    result = alerts.plan([known(1, "a", alerts.ACKNOWLEDGED, old)], [new], NOW)
    assert result.update == [(1, new)]
    assert not result.open


def test_amounts_compare_to_the_cent():
    old = subject("a", "100.001")
    assert alerts.plan([known(1, "a", alerts.OPEN, old)], [subject("a", "100.004")], NOW).is_empty()


def test_cleared_subject_closes():
    result = alerts.plan([known(1, "a", alerts.OPEN), known(2, "b", alerts.SNOOZED)], [], NOW)
    assert result.close == [1, 2]


def test_returning_subject_reopens_its_last_closed_alert():
    s = subject("a")
    result = alerts.plan([known(3, "a", alerts.CLOSED), known(7, "a", alerts.CLOSED)], [s], NOW)
    assert result.reopen == [(7, s)]
    assert not result.open


def test_closed_alerts_are_not_closed_again():
    assert alerts.plan([known(3, "a", alerts.CLOSED)], [], NOW).is_empty()


def test_snoozed_alert_wakes_only_once_its_snooze_is_over():
    s = subject("a")
    later = NOW + datetime.timedelta(hours=1)
    asleep = known(1, "a", alerts.SNOOZED, s, snoozed_until=later)
    assert alerts.plan([asleep], [s], NOW).is_empty()
    over = known(1, "a", alerts.SNOOZED, s, snoozed_until=NOW)
    assert alerts.plan([over], [s], NOW).wake == [(1, s)]


def test_a_condition_answering_a_key_twice_is_a_bug():
    with pytest.raises(alerts.DuplicateSubject):
        alerts.plan([], [subject("a"), subject("a")], NOW)


@pytest.mark.parametrize(
    ("today", "grace", "frequency", "expected"),
    [
        (D(2026, 4, 5), 5, periods.MONTHLY, D(2026, 3, 31)),
        (D(2026, 4, 4), 5, periods.MONTHLY, D(2026, 2, 28)),
        (D(2026, 3, 31), 0, periods.MONTHLY, D(2026, 3, 31)),
        (D(2026, 1, 3), 5, periods.MONTHLY, D(2025, 11, 30)),
        (D(2026, 4, 10), 10, periods.QUARTERLY, D(2026, 3, 31)),
        (D(2026, 4, 9), 10, periods.QUARTERLY, D(2025, 12, 31)),
        (D(2024, 3, 5), 5, periods.MONTHLY, D(2024, 2, 29)),
    ],
)
def test_closed_before(today, grace, frequency, expected):
    assert periods.closed_before(today, grace, frequency) == expected


def test_closed_before_refuses_negative_grace():
    with pytest.raises(ValueError):
        periods.closed_before(D(2026, 4, 5), -1)


def test_previous_month_end():
    assert periods.previous_month_end(D(2026, 3, 1)) == D(2026, 2, 28)
    assert periods.previous_month_end(D(2026, 1, 15)) == D(2025, 12, 31)


def test_webhook_payload_is_slack_compatible_and_stable():
    alert = {
        "id": 4,
        "rule": "Approved time not invoiced",
        "code": "unbilled_time",
        "severity": "critical",
        "subject": "ps.engagement,7",
        "message": "ENG-7: 13 h not invoiced",
        "amount": 2300.0,
        "currency": "USD",
        "url": "https://odoo.example/odoo/ps.alert/4",
    }
    body = webhook.body("opened", alert)
    assert body == webhook.body("opened", dict(reversed(list(alert.items()))))
    data = json.loads(body)
    assert data["text"].startswith(":red_circle: [CRITICAL] opened: Approved time not invoiced")
    assert "(USD 2,300.00 at stake)" in data["text"]
    assert data["dedup_key"] == "unbilled_time:ps.engagement,7"
    assert data["alert"]["amount"] == 2300.0
    with pytest.raises(ValueError):
        webhook.payload("exploded", alert)


# ---------------------------------------------------------------- latency ---
def test_latency_buckets_are_inclusive_upper_bounds():
    from ps_ops_pure import latency

    assert latency.bucket_of(0) == 0
    assert latency.bucket_of(-3) == 0, "clock skew counts as immediate"
    assert latency.bucket_of(1) == 0
    assert latency.bucket_of(1.01) == 1
    assert latency.bucket_of(86400) == latency.INF - 1
    assert latency.bucket_of(86401) == latency.INF


def test_latency_quantile_interpolates_inside_the_bucket():
    from ps_ops_pure import latency

    assert latency.quantile({}, 0.5) is None
    # 10 observations in (5, 15]: the median is half-way through it
    assert latency.quantile({2: 10}, 0.5) == pytest.approx(10.0)
    # 90 in (0, 1], 10 in (60, 120]: p50 is small, p95 half-way in (60, 120]
    counts = {0: 90, 5: 10}
    assert latency.quantile(counts, 0.5) == pytest.approx(50 / 90)
    assert latency.quantile(counts, 0.95) == pytest.approx(90.0)
    # beyond the last bound: its lower bound
    assert latency.quantile({latency.INF: 3}, 0.95) == 86400.0


def test_latency_cumulative_lists_every_bucket():
    from ps_ops_pure import latency

    rows = latency.cumulative({0: 2, latency.INF: 1})
    assert len(rows) == latency.INF + 1
    assert rows[0] == (1.0, 2)
    assert rows[-2] == (86400.0, 2)
    assert rows[-1] == (float("inf"), 3)
