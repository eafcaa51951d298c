# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Arithmetic of the analytics reports, without the ORM: ratios of summed
figures, months, age buckets and capacity."""
