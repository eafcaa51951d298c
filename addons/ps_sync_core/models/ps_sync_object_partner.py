# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models

from ..pure.errors import TRANSIENT, RecordRejected
from ..pure.schema import Key, email_key


class PsSyncObjectPartner(models.AbstractModel):
    """Companies and their contacts (``res.partner``)."""

    _name = "ps.sync.object.partner"
    _inherit = "ps.sync.object"
    _description = "Partner (company or contact)"

    _object_name = "partner"
    _odoo_model = "res.partner"
    _batch_create = True
    _keys = (
        Key("name", required=True, max_len=255),
        Key("is_company", "bool", default=False),
        email_key("email"),
        Key("phone", max_len=64),
        Key("vat", max_len=32, upper=True),
        Key(
            "country_code",
            max_len=2,
            upper=True,
            pattern=r"^[A-Z]{2}$",
            pattern_help="an ISO 3166 two-letter country code",
        ),
        Key("street", max_len=255),
        Key("city", max_len=128),
        Key("zip", max_len=24),
        Key("parent_external_id", max_len=255),
        Key("updated_at", "datetime"),
    )
    _reference_key = "parent_external_id"
    #: the object whose bindings give a contact's company, when it is not
    #: this one (a CRM's contacts belong to its accounts): a contact whose
    #: company is not bound yet waits for it
    _parent_object_name = None
    _key_fields = {"country_code": "country_id", "parent_external_id": "parent_id"}

    def _prepare_batch(self, backend, items, ctx):
        bindings = ctx.bindings
        codes = {item.data["country_code"] for item in items if item.data["country_code"]}
        countries = {}
        if codes:
            countries = {
                c.code: c.id for c in self.env["res.country"].search([("code", "in", list(codes))])
            }
        # the contacts' companies: bindings and whether their partner still
        # exists, for the whole level in two queries
        parent_exts = {
            item.data["parent_external_id"] for item in items if item.data["parent_external_id"]
        }
        if self._parent_object_name:  # companies of another object (a CRM's accounts)
            bindings = ctx.caches["parent_bindings"] = {}
        unbound = [ext for ext in parent_exts if ext not in bindings]
        if unbound:
            for binding in self.env["ps.sync.binding"].search(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", self._parent_object_name or self._object_name),
                    ("external_id", "in", unbound),
                ]
            ):
                bindings[binding.external_id] = binding
        parent_ids = {bindings[ext].res_id for ext in parent_exts if ext in bindings}
        alive = set(self.env["res.partner"].browse(parent_ids).exists().ids)
        ctx.caches.update(
            countries=countries, company_id=backend.company_id.id, alive_parent_ids=alive
        )

    def _create_records(self, backend, vals_list):
        self._read_companies_of(vals_list)
        return super()._create_records(backend, vals_list)

    def _read_companies_of(self, vals_list):
        """Read the commercial fields of the new contacts' companies, for
        all of them at once.

        Odoo's ``res.partner.create`` syncs each new contact's commercial
        fields from its company (``_commercial_sync_from_company``), reading
        that company alone: a company not read yet in this transaction (sent
        in an earlier call or job) then has its computed pricelist computed
        for itself only (``product``: four queries), once per contact. Read
        here for all the batch's companies, in the superuser environment the
        sync reads them in, they are in the cache for each contact.
        """
        parent_ids = {vals["parent_id"] for vals in vals_list if vals.get("parent_id")}
        if not parent_ids:
            return
        Partner = self.env["res.partner"].sudo()
        companies = Partner.browse(parent_ids).commercial_partner_id
        for name in Partner._commercial_fields():
            companies.mapped(name)

    def _odoo_values(self, backend, data, ctx, record=None):
        vals = {
            "name": data["name"],
            "is_company": data["is_company"],
            "email": data["email"] or False,
            "phone": data["phone"] or False,
            "vat": data["vat"] or False,
            "street": data["street"] or False,
            "city": data["city"] or False,
            "zip": data["zip"] or False,
            "company_id": ctx.caches.get("company_id", backend.company_id.id),
            "country_id": False,
            "parent_id": False,
        }
        if data["country_code"]:
            country_id = ctx.caches["countries"].get(data["country_code"])
            if not country_id:
                raise RecordRejected(_("unknown country_code %r", data["country_code"]))
            vals["country_id"] = country_id
        parent_ext = data["parent_external_id"]
        if parent_ext:
            vals["parent_id"] = self._resolve_parent(backend, parent_ext, ctx)
            # a contact inherits its company's address and VAT (Odoo syncs them):
            # what the payload leaves empty is left to that sync, not cleared
            for key, fname in (
                ("street", "street"),
                ("city", "city"),
                ("zip", "zip"),
                ("country_code", "country_id"),
                ("vat", "vat"),
            ):
                if not data[key]:
                    vals.pop(fname)
        return vals

    def _resolve_parent(self, backend, parent_ext, ctx):
        if self._parent_object_name:
            return self._resolve_parent_of_other_object(backend, parent_ext, ctx)
        in_batch = ctx.items.get(parent_ext)
        if in_batch is not None and in_batch.status == "rejected":
            raise RecordRejected(_("its parent %r was rejected in this batch", parent_ext))
        binding = ctx.bindings.get(parent_ext)
        if binding is None:
            binding = self.env["ps.sync.binding"].search(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", self._object_name),
                    ("external_id", "=", parent_ext),
                ],
                limit=1,
            )
            if binding:
                ctx.bindings[parent_ext] = binding
        if binding and binding.res_id in ctx.caches.get("alive_parent_ids", ()):
            return binding.res_id  # checked for the whole level by _prepare_batch
        if not binding or not self.env["res.partner"].browse(binding.res_id).exists():
            raise RecordRejected(
                _(
                    "unknown parent_external_id %(ext)r: no partner with that "
                    "external id on backend %(code)s; send the company first",
                    ext=parent_ext,
                    code=backend.code,
                )
            )
        return binding.res_id

    def _resolve_parent_of_other_object(self, backend, parent_ext, ctx):
        """The company of a contact whose companies are another object (a
        CRM's accounts): a company not bound yet is waited for, not refused."""
        binding = ctx.caches.get("parent_bindings", {}).get(parent_ext)
        if binding and binding.res_id in ctx.caches.get("alive_parent_ids", ()):
            return binding.res_id
        raise RecordRejected(
            _(
                "its company %(ext)s (%(obj)s) is not synchronised on backend %(code)s "
                "(yet); it waits for it",
                ext=parent_ext,
                obj=self._parent_object_name,
                code=backend.code,
            ),
            TRANSIENT,
        )

    def _can_delete(self, record):
        """Never delete a partner that accounting entries point to."""
        if "account.move.line" not in self.env:
            return True
        partners = record.with_context(active_test=False).search([("id", "child_of", record.ids)])
        return (
            not self.env["account.move.line"]
            .sudo()
            .search_count([("partner_id", "in", partners.ids)], limit=1)
        )

    def _export_values(self, backend, record, external_id):
        parent = record.parent_id
        parent_ext = False
        if parent:
            binding = self.env["ps.sync.binding"].search(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", "partner"),
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", parent.id),
                ],
                limit=1,
            )
            parent_ext = binding.external_id or f"odoo-res.partner-{parent.id}"
        return {
            "external_id": external_id,
            "odoo_id": record.id,
            "name": record.name,
            "is_company": record.is_company,
            "email": record.email or False,
            "phone": record.phone or False,
            "vat": record.vat or False,
            "country_code": record.country_id.code or False,
            "street": record.street or False,
            "city": record.city or False,
            "zip": record.zip or False,
            "parent_external_id": parent_ext,
        }
