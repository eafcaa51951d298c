# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The JSON an alert webhook carries.

Slack and Microsoft Teams incoming webhooks show ``text``; the structured
fields under ``alert`` are for receivers that route or deduplicate (the
``dedup_key`` is stable per rule and subject, as PagerDuty Events expects).
"""

import json

EVENTS = ("opened", "reopened", "updated", "closed", "woken")


def payload(event, alert):
    """``alert``: a dict with rule, code, severity, subject, message, amount,
    currency, company, state, url, id."""
    if event not in EVENTS:
        raise ValueError(f"unknown alert event {event!r}")
    amount = alert.get("amount") or 0
    money = f" ({alert.get('currency') or ''} {amount:,.2f} at stake)".replace("( ", "(")
    icon = {"critical": ":red_circle:", "warning": ":warning:"}.get(
        alert.get("severity"), ":information_source:"
    )
    text = f"{icon} [{alert.get('severity', '').upper()}] {event}: {alert.get('rule')}: " + (
        alert.get("message") or ""
    )
    if amount:
        text += money
    if alert.get("url"):
        text += f" <{alert['url']}|open>"
    return {
        "text": text,
        "event": event,
        "dedup_key": f"{alert.get('code')}:{alert.get('subject')}",
        "alert": {key: alert.get(key) for key in sorted(alert)},
    }


def body(event, alert):
    """The bytes that are sent and signed (compact, stable key order)."""
    return json.dumps(payload(event, alert), sort_keys=True, separators=(",", ":")).encode("utf-8")
