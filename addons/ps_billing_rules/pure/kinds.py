# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The names billing writes down: trace kinds and label codes, in one place.

A *trace kind* says what an invoice line's trace bills (``ps.billing.trace``
``kind``); a *label code* says what an invoice line is about, with its
parameters, and the Odoo side renders it in the customer's language (pure code
never builds a sentence).
"""

# trace kinds
TIME = "time"  # time within any cap
OVER = "over"  # time over a cap, billed and then written off
ADJUSTMENT = "adjustment"  # a billed entry's difference (credit or re-bill)
WRITEOFF = "writeoff"  # a write-off, approved or over a cap
FIXED = "fixed"  # a fixed-fee schedule line
MILESTONE = "milestone"  # an accepted milestone
RETAINER = "retainer"  # a drawdown of the retainer

TRACE_KINDS = (TIME, OVER, ADJUSTMENT, WRITEOFF, FIXED, MILESTONE, RETAINER)
# traces that bill a time entry (what it was billed, its hours, its rate)
TIME_BILLED = (TIME, OVER, ADJUSTMENT)
# traces whose hours count against an hours cap
CAP_HOURS = (TIME, ADJUSTMENT)

# kinds of a schedule line (``ps.engagement.schedule`` ``kind``)
SCHEDULE_FIXED = "fixed"  # a fixed-fee instalment
SCHEDULE_RETAINER = "retainer"  # a retainer prepayment, initial or top-up

# label codes: (code, parameters) on a plan line, rendered by the Odoo side
LABEL_ADJUSTMENT = "adjustment"  # group, day, billed, now
LABEL_OVER_CAP_TIME = "over_cap_time"  # group
LABEL_OVER_CAP_WRITEOFF = "over_cap_writeoff"  # group
LABEL_RETAINER = "retainer"  # (none)

# what a fixed item's key names: (SOURCE, id)
SOURCE_SCHEDULE = "schedule"
SOURCE_MILESTONE = "milestone"
SOURCE_WRITEOFF = "writeoff"
