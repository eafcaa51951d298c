# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Salesforce specifics as plain Python: mapping, client wrapper (the fake org
the tests run them against is test support: ``tests/fakes/salesforce_org.py``)."""
