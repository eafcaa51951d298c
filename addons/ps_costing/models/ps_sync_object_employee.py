# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import Command, _, fields, models

from odoo.addons.ps_sync_core.pure.errors import BUSINESS, RecordRejected
from odoo.addons.ps_sync_core.pure.schema import Key, email_key

#: values applied after the employee exists (its cost rate, its skills)
EXTRA = "__ps_costing"
MAX_SKILLS = 100


class SkillsKey(Key):
    """``skills``: a list of ``{"type", "skill", "level"}`` names (hr_skills)."""

    def __init__(self, name):
        super().__init__(name)

    def clean(self, value):
        if value is None or value == []:
            return None
        if not isinstance(value, list | tuple):
            raise RecordRejected(
                f"'{self.name}' must be a list of {{type, skill, level}}, got "
                f"{type(value).__name__}"
            )
        if len(value) > MAX_SKILLS:
            raise RecordRejected(f"'{self.name}' has {len(value)} entries; at most {MAX_SKILLS}")
        skills = []
        for entry in value:
            if not isinstance(entry, dict) or not all(
                isinstance(entry.get(k), str) and entry.get(k).strip()
                for k in ("type", "skill", "level")
            ):
                raise RecordRejected(
                    f"each of '{self.name}' needs 'type', 'skill' and 'level' names, got {entry!r}"[
                        :300
                    ]
                )
            skills.append({k: entry[k].strip()[:128] for k in ("type", "skill", "level")})
        return sorted(skills, key=lambda s: (s["type"], s["skill"]))


class PsSyncObjectEmployee(models.AbstractModel):
    """People from HR tools (``hr.employee``), with their cost rate.

    A record carries the person's current data and, optionally, the cost
    rate in force from a date (``hourly_cost`` from ``cost_from``): an
    open-ended earlier rate is closed the day before; a rate overlapping
    another one is refused. People who left (``end_date`` passed) are
    archived, never deleted.
    """

    _name = "ps.sync.object.employee"
    _inherit = ["ps.sync.object", "ps.sync.costing.common"]
    _description = "Person (employee or contractor)"

    _object_name = "employee"
    _odoo_model = "hr.employee"
    _keys = (
        Key("name", required=True, max_len=255),
        email_key("work_email"),
        Key("department", max_len=128),
        Key("manager_external_id", max_len=255),
        Key("job_title", max_len=128),
        Key("employment_type", choices=("employee", "contractor"), default="employee"),
        Key("vendor_external_id", max_len=255),
        Key("start_date", "date"),
        Key("end_date", "date"),
        Key("weekly_hours", "float"),
        Key("working_schedule", max_len=128),
        SkillsKey("skills"),
        Key("hourly_cost", "float"),
        Key("cost_currency", max_len=3, upper=True),
        Key("cost_from", "date"),
        Key("cost_to", "date"),
        Key("updated_at", "datetime"),
    )
    _reference_key = "manager_external_id"
    _key_fields = {
        "department": "department_id",
        "manager_external_id": "parent_id",
        "job_title": "job_id",
        "employment_type": "ps_employment_type",
        "vendor_external_id": "ps_vendor_id",
        "start_date": "ps_start_date",
        "end_date": "departure_date",
        "weekly_hours": "ps_weekly_hours",
        "working_schedule": "resource_calendar_id",
    }

    def _can_delete(self, record):
        # people are archived, never deleted: their time and costs stay
        return False

    def _normalize(self, backend, raw):
        data, unknown = super()._normalize(backend, raw)
        if data["employment_type"] == "contractor" and not data["vendor_external_id"]:
            raise RecordRejected(
                _("a contractor needs 'vendor_external_id' (who bills their hours)")
            )
        if data["weekly_hours"] is not None and not 0 < data["weekly_hours"] <= 168:
            raise RecordRejected(
                _("'weekly_hours' must be above 0 and at most 168, got %s", data["weekly_hours"])
            )
        if data["start_date"] and data["end_date"] and data["end_date"] < data["start_date"]:
            raise RecordRejected(_("'end_date' is before 'start_date'"))
        if data["hourly_cost"] is not None:
            if data["hourly_cost"] <= 0:
                raise RecordRejected(
                    _("'hourly_cost' must be positive, got %s", data["hourly_cost"])
                )
            if not data["cost_from"]:
                raise RecordRejected(_("'cost_from' is required with 'hourly_cost'"))
            if data["cost_to"] and data["cost_to"] < data["cost_from"]:
                raise RecordRejected(_("'cost_to' is before 'cost_from'"))
        elif data["cost_from"] or data["cost_to"]:
            raise RecordRejected(_("'cost_from' and 'cost_to' go with 'hourly_cost'"))
        return data, unknown

    def _prepare_batch(self, backend, items, ctx):
        company = backend.company_id
        datas = [item.data for item in items]

        def names(key):
            return {d[key] for d in datas if d[key]}

        departments = {
            d.name: d
            for d in self.env["hr.department"].search(
                [
                    ("name", "in", list(names("department"))),
                    ("company_id", "in", [company.id, False]),
                ]
            )
        }
        jobs = {
            j.name: j
            for j in self.env["hr.job"].search(
                [
                    ("name", "in", list(names("job_title"))),
                    ("company_id", "in", [company.id, False]),
                ]
            )
        }
        calendars = {
            c.name: c
            for c in self.env["resource.calendar"].search(
                [
                    ("name", "in", list(names("working_schedule"))),
                    ("company_id", "in", [company.id, False]),
                ]
            )
        }
        Binding = self.env["ps.sync.binding"]
        vendors = {
            b.external_id: b.res_id
            for b in Binding.search(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", "partner"),
                    ("external_id", "in", list(names("vendor_external_id"))),
                ]
            )
        }
        managers = {
            b.external_id: b.res_id
            for b in Binding.search(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", "employee"),
                    ("external_id", "in", list(names("manager_external_id"))),
                ]
            )
        }
        ctx.caches.update(
            departments=departments,
            jobs=jobs,
            calendars=calendars,
            vendors=vendors,
            managers=managers,
            lock=company._ps_lock_date(),
        )

    def _odoo_values(self, backend, data, ctx, record=None):
        company = backend.company_id
        caches = ctx.caches
        vals = {
            "name": data["name"],
            "work_email": data["work_email"] or False,
            "company_id": company.id,
            "ps_employment_type": data["employment_type"],
            "ps_start_date": data["start_date"] or False,
            "departure_date": data["end_date"] or False,
            "ps_weekly_hours": data["weekly_hours"] or 0.0,
            "job_title": data["job_title"] or False,
        }
        today = fields.Date.context_today(self)
        left = bool(data["end_date"]) and datetime.date.fromisoformat(data["end_date"]) < today
        vals["active"] = not left
        vals["department_id"] = self._find_or_create(
            caches["departments"], "hr.department", data["department"], company
        )
        vals["job_id"] = self._find_or_create(caches["jobs"], "hr.job", data["job_title"], company)
        vals["resource_calendar_id"] = False
        if data["working_schedule"]:
            calendar = caches["calendars"].get(data["working_schedule"])
            if not calendar:
                raise RecordRejected(
                    _("unknown working_schedule %r", data["working_schedule"]), BUSINESS
                )
            vals["resource_calendar_id"] = calendar.id
        elif record is None:
            vals.pop("resource_calendar_id")  # the company's default schedule
        vals["ps_vendor_id"] = False
        if data["vendor_external_id"]:
            vendor = caches["vendors"].get(data["vendor_external_id"])
            if not vendor:
                raise RecordRejected(
                    _(
                        "unknown vendor_external_id %r: send the vendor as a partner first",
                        data["vendor_external_id"],
                    ),
                    BUSINESS,
                )
            vals["ps_vendor_id"] = vendor
        vals["parent_id"] = False
        if data["manager_external_id"]:
            manager = caches["managers"].get(data["manager_external_id"])
            if not manager:
                raise RecordRejected(
                    _("unknown manager_external_id %r", data["manager_external_id"]), BUSINESS
                )
            vals["parent_id"] = manager
        vals[EXTRA] = {
            "skills": self._skill_commands(data["skills"]),
            "rate": self._rate_values(backend, data, ctx),
        }
        return vals

    def _find_or_create(self, cache, model, name, company):
        """A department or a role by name; new names are created (an HR tool
        sends its own organisation), once per batch."""
        if not name:
            return False
        if name not in cache:
            cache[name] = self.env[model].create({"name": name, "company_id": company.id})
        return cache[name].id

    def _skill_commands(self, skills):
        if skills is None:
            return None
        result = []
        types = {
            t.name: t
            for t in self.env["hr.skill.type"].search([("name", "in", [s["type"] for s in skills])])
        }
        for entry in skills:
            skill_type = types.get(entry["type"])
            if not skill_type:
                raise RecordRejected(_("unknown skill type %r", entry["type"]), BUSINESS)
            skill = skill_type.skill_ids.filtered(lambda s, e=entry: s.name == e["skill"])[:1]
            level = skill_type.skill_level_ids.filtered(lambda lv, e=entry: lv.name == e["level"])[
                :1
            ]
            if not skill or not level:
                raise RecordRejected(
                    _(
                        "unknown %(what)s %(name)r in skill type %(type)s",
                        what=_("skill") if not skill else _("level"),
                        name=entry["skill"] if not skill else entry["level"],
                        type=entry["type"],
                    ),
                    BUSINESS,
                )
            result.append((skill_type.id, skill.id, level.id))
        return result

    def _rate_values(self, backend, data, ctx):
        if data["hourly_cost"] is None:
            return None
        day = datetime.date.fromisoformat(data["cost_from"])
        currency = self._ps_currency(backend, data["cost_currency"], day, _("cost rate"))
        lock = ctx.caches.get("lock")
        if lock and day <= lock:
            raise RecordRejected(
                _(
                    "a cost rate from %(day)s would change the cost of a locked period "
                    "(locked up to %(lock)s): start it after the lock date",
                    day=day,
                    lock=lock,
                ),
                BUSINESS,
            )
        return {
            "date_from": day,
            "date_to": data["cost_to"] and datetime.date.fromisoformat(data["cost_to"]),
            "hourly_cost": data["hourly_cost"],
            "currency_id": currency.id,
        }

    # ------------------------------------------------------------------
    # the rate and the skills, applied once the person exists
    # ------------------------------------------------------------------
    def _create_records(self, backend, vals_list):
        """New people are created; a person already in Odoo (same work
        e-mail in the company) whom this backend has not bound yet is taken
        over and updated instead, so a first HR feed never duplicates staff."""
        extras = [vals.pop(EXTRA, None) for vals in vals_list]
        found = self._adoptable(backend, vals_list)
        new_vals = [
            vals for vals in vals_list if (vals.get("work_email") or "").lower() not in found
        ]
        created = iter(super()._create_records(backend, new_vals) if new_vals else [])
        records = self.env["hr.employee"]
        for vals in vals_list:
            person = found.get((vals.get("work_email") or "").lower())
            if person:
                person.write(vals)
            else:
                person = next(created)
            records |= person
        for record, extra in zip(records, extras, strict=True):
            self._apply_extra(record, extra)
        return records

    def _adoptable(self, backend, vals_list):
        emails = [vals["work_email"] for vals in vals_list if vals.get("work_email")]
        if not emails:
            return {}
        people = self.env["hr.employee"].search(
            [("work_email", "in", emails), ("company_id", "=", backend.company_id.id)]
        )
        bound = set(
            self.env["ps.sync.binding"]
            .search(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", self._object_name),
                    ("res_id", "in", people.ids),
                ]
            )
            .mapped("res_id")
        )
        return {p.work_email.lower(): p for p in people if p.id not in bound}

    def _merge(self, item, record, vals, owners):
        extra = vals.pop(EXTRA, None)
        write_vals, conflicts = super()._merge(item, record, vals, owners)
        if extra and (extra["rate"] or extra["skills"] is not None):
            write_vals[EXTRA] = extra
        return write_vals, conflicts

    def _write_record(self, backend, record, vals):
        extra = vals.pop(EXTRA, None)
        result = super()._write_record(backend, record, vals) if vals else None
        self._apply_extra(record, extra)
        return result

    def _apply_extra(self, employee, extra):
        if not extra:
            return
        if extra["skills"] is not None:
            wanted = {(t, s): lv for t, s, lv in extra["skills"]}
            have = {(es.skill_type_id.id, es.skill_id.id): es for es in employee.employee_skill_ids}
            commands = [Command.unlink(es.id) for key, es in have.items() if key not in wanted]
            for (type_id, skill_id), level_id in wanted.items():
                current = have.get((type_id, skill_id))
                if current and current.skill_level_id.id != level_id:
                    commands.append(Command.update(current.id, {"skill_level_id": level_id}))
                elif not current:
                    commands.append(
                        Command.create(
                            {
                                "skill_type_id": type_id,
                                "skill_id": skill_id,
                                "skill_level_id": level_id,
                            }
                        )
                    )
            if commands:
                employee.write({"employee_skill_ids": commands})
        if extra["rate"]:
            self._apply_rate(employee, extra["rate"])

    def _apply_rate(self, employee, rate_vals):
        """The rate in force from ``date_from``: the same start updates that
        rate; an open-ended earlier rate is closed the day before; any other
        overlap is refused with the rate it overlaps."""
        Rate = self.env["ps.cost.rate"]
        start = rate_vals["date_from"]
        same = Rate.search([("employee_id", "=", employee.id), ("date_from", "=", start)])
        if same:
            # the rate of that start again: its amount; its end only when sent
            changes = {
                k: v
                for k, v in rate_vals.items()
                if (same[k].id if k == "currency_id" else same[k]) != (v or False)
                and (k != "date_to" or v)
            }
            if changes:
                same.write(changes)
            return same
        before = Rate.search(
            [
                ("employee_id", "=", employee.id),
                ("date_from", "<", start),
                ("date_to", "=", False),
            ]
        )
        if before:
            before.write({"date_to": start - datetime.timedelta(days=1)})
        probe = Rate.new(dict(rate_vals, employee_id=employee.id))
        other = probe._overlapping()
        if other:
            raise RecordRejected(
                _(
                    "cost rate from %(start)s overlaps the cost rate %(other)s",
                    start=start,
                    other=other[:1].display_name,
                ),
                BUSINESS,
            )
        return Rate.create(dict(rate_vals, employee_id=employee.id))
