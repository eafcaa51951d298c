# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Chatter notes written by the system, shared by every ps_* addon."""


def post_system_note(records, body):
    """Post ``body`` as a note in the chatter of ``records``, written by the
    system (OdooBot).

    Pipelines, queue jobs and workbench actions record what happened whoever
    acts: a user without an e-mail address (Odoo refuses them as authors of a
    message) or a job running as the user who started it. Who did it belongs
    in the note's text and in the record's fields, never in its author.
    """
    root = records.env.ref("base.partner_root")
    for record in records.sudo():
        record.message_post(
            body=body, author_id=root.id, message_type="comment", subtype_xmlid="mail.mt_note"
        )
