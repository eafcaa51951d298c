# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""HubSpot records to pipeline payloads, and Odoo status to HubSpot properties.

A mapping is ``{payload key: HubSpot property}``, editable per backend;
keys it leaves out are empty. Every HubSpot property value arrives as a
string (or null): numbers, dates and booleans are parsed here, and a value
that does not parse is a ``MappingError`` naming the record and property;
the pipeline rejects that record alone.
"""

import datetime
import re

#: HubSpot object types the connector reads, in the order a pull applies them
OBJECTS = ("companies", "contacts", "deals")

DEFAULT_IN = {
    "companies": {
        "name": "name",
        "phone": "phone",
        "street": "address",
        "city": "city",
        "zip": "zip",
        "country_code": "country",
    },
    "contacts": {
        "firstname": "firstname",
        "lastname": "lastname",
        "email": "email",
        "phone": "phone",
        "street": "address",
        "city": "city",
        "zip": "zip",
        "country_code": "country",
    },
    "deals": {
        "name": "dealname",
        "stage": "dealstage",
        "pipeline": "pipeline",
        "close_date": "closedate",
        "amount": "amount",
        "currency": "deal_currency_code",
        "billing_model": "billing_model",
        "cap_amount": "not_to_exceed",
        "client_order_ref": "po_number",
    },
}
DEFAULT_OUT = {
    "deals": {
        "order_ref": "odoo_order",
        "project_ref": "odoo_project",
        "project_status": "odoo_project_status",
        "invoiced_amount": "odoo_invoiced_amount",
        "paid_amount": "odoo_paid_amount",
    },
    "companies": {
        "partner_ref": "odoo_customer_ref",
        "invoiced_amount": "odoo_invoiced_amount",
        "paid_amount": "odoo_paid_amount",
    },
}
LINE_PROPERTIES = ("hs_sku", "hs_product_id", "quantity", "price", "hs_discount_percentage", "name")
ID_RE = re.compile(r"^[0-9]{1,20}$")


class MappingError(ValueError):
    """What is wrong with one HubSpot record."""


def text(value):
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def number(value, label):
    value = text(value)
    if value is None:
        return None
    try:
        result = float(value)
    except ValueError:
        raise MappingError(f"{label} must be a number, got {value!r}") from None
    if result != result or result in (float("inf"), float("-inf")):
        raise MappingError(f"{label} must be a finite number, got {value!r}")
    return result


def hs_datetime(value, label):
    """A HubSpot datetime (ISO 8601 or epoch milliseconds) -> naive UTC ISO text."""
    value = text(value)
    if value is None:
        return None
    try:
        if value.isdigit():
            moment = datetime.datetime.fromtimestamp(int(value) / 1000, datetime.timezone.utc)
        else:
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        raise MappingError(f"{label} is not a date-time: {value!r}") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def hs_date(value, label):
    stamp = hs_datetime(value, label)
    return stamp[:10] if stamp else None


def object_id(value, label):
    value = text(value)
    if value is None or not ID_RE.match(value):
        raise MappingError(f"{label} is not a HubSpot record id: {value!r}")
    return value


def merged_ids(record):
    """Ids merged into this record (``hs_merged_object_ids``, ';'-separated)."""
    raw = text((record.get("properties") or {}).get("hs_merged_object_ids"))
    if not raw:
        return []
    return [i for i in (part.strip() for part in raw.split(";")) if ID_RE.match(i)]


def _props(record, kind):
    if not isinstance(record, dict):
        raise MappingError(f"a HubSpot {kind} record must be an object")
    props = record.get("properties")
    if not isinstance(props, dict):
        raise MappingError(f"{kind} {record.get('id')!r} has no properties")
    return props


def _country(value):
    value = text(value)
    if value and len(value) == 2 and value.isalpha():
        return value.upper(), None
    return None, value


def partner_payload(record, mapping, kind, company_id=None):
    """A company or contact as a partner payload (the core partner keys).

    ``company_id`` is the contact's primary company, from the associations.
    """
    props = _props(record, kind)
    rid = object_id(record.get("id"), f"{kind} id")
    get = {key: text(props.get(prop)) for key, prop in (mapping or {}).items() if prop}
    if kind == "contacts":
        name = " ".join(p for p in (get.pop("firstname", None), get.pop("lastname", None)) if p)
        name = name or get.get("email")
    else:
        name = get.get("name")
    if not name:
        raise MappingError(f"{kind[:-1]} {rid} has no name")
    code, country = _country(get.pop("country_code", None))
    payload = {
        "name": name,
        "email": get.get("email"),
        "phone": get.get("phone"),
        "street": get.get("street"),
        "city": get.get("city"),
        "zip": get.get("zip"),
        "country_code": code,
        "country_name": country,
        "is_company": kind == "companies",
        "updated_at": hs_datetime(
            props.get("hs_lastmodifieddate") or props.get("lastmodifieddate"), "hs_lastmodifieddate"
        ),
    }
    if kind == "contacts":
        payload["parent_external_id"] = object_id(company_id, "company") if company_id else None
    if kind == "companies":
        payload.pop("email")
    return {k: v for k, v in payload.items() if v is not None or k == "parent_external_id"}


def deal_payload(record, mapping, company_id, line_items, won_stages):
    """A deal with its line items as the canonical won-deal payload.

    ``won_stages`` = {pipeline id: closed-won stage id}: a deal is won when
    its stage is its pipeline's closed-won stage.
    """
    props = _props(record, "deals")
    rid = object_id(record.get("id"), "deal id")
    mapping = mapping or {}

    def field(key):
        return props.get(mapping[key]) if mapping.get(key) else None

    name = text(field("name"))
    if not name:
        raise MappingError(f"deal {rid} has no name")
    pipeline, stage = text(field("pipeline")), text(field("stage"))
    if not company_id:
        raise MappingError(f"deal {rid} is associated with no company")
    payload = {
        "deal_id": rid,
        "name": name,
        "account_external_id": object_id(company_id, f"deal {rid} company"),
        "pipeline": pipeline,
        "stage": stage,
        "is_won": bool(pipeline and stage and won_stages.get(pipeline) == stage),
        "close_date": hs_date(field("close_date"), f"deal {rid} closedate"),
        "amount": number(field("amount"), f"deal {rid} amount"),
        "currency": text(field("currency")),
        "billing_model": text(field("billing_model")),
        "cap_amount": number(field("cap_amount"), f"deal {rid} cap amount"),
        "client_order_ref": text(field("client_order_ref")),
        "updated_at": hs_datetime(
            props.get("hs_lastmodifieddate"), f"deal {rid} hs_lastmodifieddate"
        ),
    }
    lines = []
    for item in line_items or []:
        iprops = _props(item, "line item")
        iid = object_id(item.get("id"), "line item id")
        label = f"line item {iid}"
        quantity = number(iprops.get("quantity"), f"{label} quantity")
        if quantity is None or quantity <= 0:
            raise MappingError(f"{label} needs a positive quantity, got {iprops.get('quantity')!r}")
        price = number(iprops.get("price"), f"{label} price")
        if price is None:
            raise MappingError(f"{label} has no price")
        discount = number(iprops.get("hs_discount_percentage"), f"{label} discount") or 0.0
        if not 0.0 <= discount <= 100.0:
            raise MappingError(f"{label} discount must be between 0 and 100 %, got {discount}")
        product = text(iprops.get("hs_sku")) or text(iprops.get("hs_product_id"))
        if not product:
            raise MappingError(f"{label} has neither a SKU nor a product id")
        lines.append(
            {
                "line_id": iid,
                "product_external_id": product,
                "quantity": quantity,
                "unit_price": price,
                "discount": discount,
                "description": text(iprops.get("name")),
            }
        )
    lines.sort(key=lambda line: (line["line_id"], line["product_external_id"]))
    payload["lines"] = lines
    return payload


def status_inputs(rows, mapping):
    """Batch-update inputs writing Odoo's status: rows = [(hubspot id, status dict)]."""
    inputs = []
    for rid, status in rows:
        properties = {
            prop: _out(status[key])
            for key, prop in (mapping or {}).items()
            if prop and key in status
        }
        if properties:
            inputs.append({"id": str(rid), "properties": properties})
    return inputs


def _out(value):
    if value is None or value is False:
        return ""
    return str(value)
