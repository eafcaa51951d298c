# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Salesforce records to pipeline payloads, and Odoo status to Salesforce fields.

Plain Python: the same functions map a REST record (JSON types), a Bulk API
2.0 record (CSV: every value a string, empty for null) and a record a webhook
carried. A mapping is ``{payload key: Salesforce field API name}``; keys the
mapping leaves out are empty. ``MappingError`` says what is wrong with a
record; the pipeline rejects that record with the message and its
Salesforce id.
"""

import datetime
import re

#: Salesforce objects the connector reads, in the order a pull applies them
OBJECTS = ("Account", "Contact", "Opportunity")

#: default inbound mappings {sobject: {payload key: field}}
DEFAULT_IN = {
    "Account": {
        "name": "Name",
        "phone": "Phone",
        "street": "BillingStreet",
        "city": "BillingCity",
        "zip": "BillingPostalCode",
        "country_code": "BillingCountryCode",
    },
    "Contact": {
        "name": "Name",
        "email": "Email",
        "phone": "Phone",
        "street": "MailingStreet",
        "city": "MailingCity",
        "zip": "MailingPostalCode",
        "country_code": "MailingCountryCode",
    },
    "Opportunity": {
        "name": "Name",
        "stage": "StageName",
        "close_date": "CloseDate",
        "amount": "Amount",
        "billing_model": "Billing_Model__c",
        "cap_amount": "Not_To_Exceed__c",
    },
}

#: default outbound mappings {sobject: {status key: field}}
DEFAULT_OUT = {
    "Opportunity": {
        "order_ref": "Odoo_Order__c",
        "project_ref": "Odoo_Project__c",
        "project_status": "Odoo_Project_Status__c",
        "invoiced_amount": "Odoo_Invoiced_Amount__c",
        "paid_amount": "Odoo_Paid_Amount__c",
    },
    "Account": {
        "partner_ref": "Odoo_Customer_Ref__c",
        "invoiced_amount": "Odoo_Invoiced_Amount__c",
        "paid_amount": "Odoo_Paid_Amount__c",
    },
}

#: payload keys a mapping may fill, per object and direction (for the UI)
IN_KEYS = {
    "Account": ("name", "phone", "email", "vat", "street", "city", "zip", "country_code"),
    "Contact": ("name", "phone", "email", "street", "city", "zip", "country_code"),
    "Opportunity": (
        "name",
        "stage",
        "close_date",
        "amount",
        "currency",
        "billing_model",
        "cap_amount",
        "client_order_ref",
    ),
}
OUT_KEYS = {
    "Opportunity": ("order_ref", "project_ref", "project_status", "invoiced_amount", "paid_amount"),
    "Account": ("partner_ref", "invoiced_amount", "paid_amount"),
}

#: fields every query reads whatever the mapping says
FIXED_FIELDS = {
    "Account": ("Id", "SystemModstamp"),
    "Contact": ("Id", "AccountId", "SystemModstamp"),
    "Opportunity": ("Id", "AccountId", "IsWon", "IsClosed", "OwnerId", "SystemModstamp"),
}
LINE_FIELDS = (
    "Id",
    "Product2Id",
    "PricebookEntryId",
    "Quantity",
    "UnitPrice",
    "Discount",
    "TotalPrice",
    "Description",
    "ServiceDate",
)
#: the field of a multi-currency org's records that holds their currency
CURRENCY_FIELD = "CurrencyIsoCode"

BILLING_MODELS = ("time_materials", "fixed", "milestone", "retainer")
_BILLING_ALIASES = {
    "time_materials": "time_materials",
    "time and materials": "time_materials",
    "time & materials": "time_materials",
    "t&m": "time_materials",
    "tm": "time_materials",
    "fixed": "fixed",
    "fixed fee": "fixed",
    "fixed price": "fixed",
    "milestone": "milestone",
    "milestones": "milestone",
    "retainer": "retainer",
}
SF_ID_RE = re.compile(r"^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$")


class MappingError(ValueError):
    """The record cannot become a payload; the message says why."""


# ----------------------------------------------------------------- values ----
def is_sf_id(value):
    return isinstance(value, str) and bool(SF_ID_RE.match(value))


def text(value):
    """A string or None; CSV's empty string and REST's null are both None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    value = str(value).strip()
    return value or None


def boolean(value, name):
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise MappingError(f"{name} must be true or false, got {value!r}")


def number(value, name):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise MappingError(f"{name} must be a number, got {value!r}")
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise MappingError(f"{name} must be a number, got {value!r}") from None
    if result != result or result in (float("inf"), float("-inf")):
        raise MappingError(f"{name} must be a number, got {value!r}")
    return result


def sf_datetime(value, name="SystemModstamp"):
    """Salesforce date-time ('2026-03-02T10:00:00.000+0000' or '...Z') to
    naive UTC 'YYYY-MM-DD HH:MM:SS' (how Odoo stores date-times)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise MappingError(f"{name} must be a date-time, got {value!r}")
    raw = value.strip().replace("Z", "+00:00")
    match = re.match(r"^(.*[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)([+-]\d\d):?(\d\d)$", raw)
    if match:
        raw = f"{match.group(1)}{match.group(2)}:{match.group(3)}"
    try:
        parsed = datetime.datetime.fromisoformat(raw)
    except ValueError:
        raise MappingError(f"{name} must be a date-time, got {value!r}") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return parsed.strftime("%Y-%m-%d %H:%M:%S")


def soql_datetime(value):
    """Naive UTC datetime (or Odoo string) as a SOQL date-time literal."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def sf_date(value, name):
    if value is None or value == "":
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise MappingError(f"{name} must be a date, got {value!r}") from None


def billing_model(value):
    value = text(value)
    if value is None:
        return None
    model = _BILLING_ALIASES.get(value.lower())
    if model is None:
        raise MappingError(
            f"billing model {value!r} is unknown; use one of: Time and Materials, "
            "Fixed Fee, Milestone, Retainer"
        )
    return model


def _get(record, field):
    """A field's value; 'Account.Name' follows a relationship."""
    if not field:
        return None
    value = record
    for part in field.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _require_id(record, field, sobject):
    value = text(_get(record, field))
    if not value:
        raise MappingError(f"{sobject} has no {field}")
    if not is_sf_id(value):
        raise MappingError(f"{sobject} {field} {value!r} is not a Salesforce id")
    return value


def _country(value):
    """(country_code, country_name): a two-letter value is a code."""
    value = text(value)
    if value is None:
        return None, None
    if len(value) == 2 and value.isalpha():
        return value.upper(), None
    return None, value


# --------------------------------------------------------------- payloads ----
def clean_record(record):
    """A Salesforce record without its 'attributes' (at every level), with
    'external_id' set to its Id: what the pipeline logs and applies."""
    if isinstance(record, list):
        return [clean_record(value) for value in record]
    if not isinstance(record, dict):
        return record
    out = {key: clean_record(value) for key, value in record.items() if key != "attributes"}
    if "Id" in out and "external_id" not in out and out["Id"]:
        out = {"external_id": out["Id"], **out}
    return out


def partner_payload(record, mapping, sobject):
    """An Account or Contact as a partner payload (the core partner keys)."""
    if not isinstance(record, dict):
        raise MappingError(f"a {sobject} record must be an object")
    _require_id(record, "Id", sobject)
    mapping = mapping or {}
    payload = {
        key: text(_get(record, field)) for key, field in mapping.items() if key in IN_KEYS[sobject]
    }
    if not payload.get("name"):
        raise MappingError(f"{sobject} has no name ({mapping.get('name') or 'Name'} is empty)")
    code, name = _country(payload.pop("country_code", None))
    payload["country_code"] = code
    payload["country_name"] = name
    payload["is_company"] = sobject == "Account"
    payload["updated_at"] = sf_datetime(_get(record, "SystemModstamp"))
    if sobject == "Contact":
        account = text(_get(record, "AccountId"))
        if account and not is_sf_id(account):
            raise MappingError(f"Contact AccountId {account!r} is not a Salesforce id")
        payload["parent_external_id"] = account
    return payload


def opportunity_payload(record, mapping):
    """A closed-won Opportunity with its line items as a canonical payload."""
    if not isinstance(record, dict):
        raise MappingError("an Opportunity record must be an object")
    _require_id(record, "Id", "Opportunity")
    mapping = mapping or {}

    def field(key):
        return _get(record, mapping[key]) if mapping.get(key) else None

    name = text(field("name"))
    if not name:
        raise MappingError("Opportunity has no name")
    payload = {
        "opportunity_id": text(record.get("Id")),
        "name": name,
        "account_external_id": _require_id(record, "AccountId", "Opportunity"),
        "stage": text(field("stage")),
        "is_won": boolean(_get(record, "IsWon"), "IsWon"),
        "close_date": sf_date(field("close_date"), "CloseDate"),
        "amount": number(field("amount"), "Amount"),
        "currency": text(field("currency")),
        "billing_model": billing_model(field("billing_model")),
        "cap_amount": number(field("cap_amount"), "cap amount"),
        "client_order_ref": text(field("client_order_ref")),
        # the owner's e-mail: read from User by the pull (Owner.Email)
        "owner_email": (text(_get(record, "Owner.Email")) or "").lower() or None,
        "updated_at": sf_datetime(_get(record, "SystemModstamp")),
    }
    items = _get(record, "OpportunityLineItems")
    if isinstance(items, dict):
        items = items.get("records")
    if items is None:
        items = []
    if not isinstance(items, list):
        raise MappingError("OpportunityLineItems must be a list of line items")
    lines = []
    for item in items:
        if not isinstance(item, dict):
            raise MappingError("an OpportunityLineItem must be an object")
        line_id = text(item.get("Id"))
        label = f"line item {line_id or '?'}"
        quantity = number(item.get("Quantity"), f"{label} Quantity")
        if quantity is None or quantity <= 0:
            raise MappingError(f"{label} needs a positive Quantity, got {item.get('Quantity')!r}")
        unit_price = number(item.get("UnitPrice"), f"{label} UnitPrice")
        if unit_price is None:
            raise MappingError(f"{label} has no UnitPrice")
        discount = number(item.get("Discount"), f"{label} Discount")
        total = number(item.get("TotalPrice"), f"{label} TotalPrice")
        if discount is None and total is not None and quantity * unit_price:
            # no Discount field: what TotalPrice says was given off the list price
            discount = round((1.0 - total / (quantity * unit_price)) * 100.0, 6)
        if discount is not None and not 0.0 <= discount <= 100.0:
            raise MappingError(f"{label} Discount must be between 0 and 100 %, got {discount}")
        product = text(item.get("Product2Id"))
        if not product or not is_sf_id(product):
            raise MappingError(f"{label} has no valid Product2Id ({product!r})")
        lines.append(
            {
                "line_id": line_id,
                "product_external_id": product,
                "pricebook_entry_id": text(item.get("PricebookEntryId")),
                "quantity": quantity,
                "unit_price": unit_price,
                "discount": discount or 0.0,
                "total_price": total,
                "description": text(item.get("Description")),
                "service_date": sf_date(item.get("ServiceDate"), f"{label} ServiceDate"),
            }
        )
    lines.sort(key=lambda line: (line["line_id"] or "", line["product_external_id"]))
    payload["lines"] = lines
    return payload


# ------------------------------------------------------------------ SOQL -----
def select_fields(sobject, mapping):
    fields = list(FIXED_FIELDS[sobject])
    for field in (mapping or {}).values():
        if field and field not in fields:
            fields.append(field)
    return fields


def soql(sobject, mapping, since=None, where=(), with_lines=True, ordered=True):
    """The SOQL of a pull: mapped fields, modified since a date-time, oldest
    first. ``ordered=False`` for Bulk API queries: ORDER BY disables PK
    chunking of large extracts (sort the records afterwards, ``by_modstamp``)."""
    fields = select_fields(sobject, mapping)
    if sobject == "Opportunity" and with_lines:
        fields.append(f"(SELECT {', '.join(LINE_FIELDS)} FROM OpportunityLineItems)")
    conditions = list(where)
    if since is not None:
        conditions.append(f"SystemModstamp >= {soql_datetime(since)}")
    text_ = f"SELECT {', '.join(fields)} FROM {sobject}"
    if conditions:
        text_ += " WHERE " + " AND ".join(conditions)
    return text_ + " ORDER BY SystemModstamp, Id" if ordered else text_


def by_modstamp(records):
    """Records oldest first (SystemModstamp, Id), as an ordered query returns them."""

    def key(record):
        try:
            stamp = sf_datetime(record.get("SystemModstamp")) or ""
        except MappingError:
            stamp = ""
        return (stamp, str(record.get("Id") or ""))

    return sorted(records, key=key)


def soql_ids(sobject, mapping, ids, fields=None):
    """The records of these ids: the pull's fields, or only ``fields``."""
    quoted = ", ".join(f"'{i}'" for i in ids if is_sf_id(i))
    if fields:
        return f"SELECT {', '.join(fields)} FROM {sobject} WHERE Id IN ({quoted})"
    return soql(sobject, mapping, where=[f"Id IN ({quoted})"])


# ---------------------------------------------------------------- status -----
def status_record(sobject, external_id, status, mapping):
    """An sObject Collections record writing Odoo's status to Salesforce."""
    record = {"attributes": {"type": sobject}, "id": external_id}
    for key, field in (mapping or {}).items():
        if field and key in status:
            record[field] = status[key]
    return record


def chunks(items, size):
    """Consecutive slices of at most ``size`` items."""
    size = max(1, int(size))
    return [items[i : i + size] for i in range(0, len(items), size)]
