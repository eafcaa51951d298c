# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Browser tours are skipped with the reason where they cannot run."""

import unittest
from unittest.mock import patch

from odoo.tests.common import TransactionCase

from . import common
from .common import TourCase, browser_tours_unavailable


def no_such_file(path, *args, **kwargs):
    raise FileNotFoundError(path)


class TestTourSupport(TransactionCase):
    def test_the_reason_names_what_is_missing(self):
        with (
            patch.object(common.shutil, "which", return_value=None),
            patch.object(common, "file_path", side_effect=no_such_file),
        ):
            reason = browser_tours_unavailable()
        self.assertIn("no Chromium or Chrome on PATH", reason)
        self.assertIn("web/static/lib/owl/owl.js", reason)
        self.assertIn("README.md > Browser tours", reason)

    def test_nothing_missing_no_reason(self):
        with (
            patch.object(common.shutil, "which", return_value="/usr/bin/chromium"),
            patch.object(common, "file_path", side_effect=lambda path, *a, **kw: path),
            patch.dict("sys.modules", {"websocket": unittest.mock.MagicMock()}),
        ):
            self.assertEqual(browser_tours_unavailable(), "")

    def test_a_tour_class_is_skipped_with_the_reason(self):
        class SomeTour(TourCase):
            def test_tour(self):
                raise AssertionError("never runs")

        with (
            patch.object(common, "browser_tours_unavailable", return_value="no Chromium"),
            self.assertRaisesRegex(unittest.SkipTest, "^browser tours skipped: no Chromium$"),
        ):
            SomeTour.setUpClass()
