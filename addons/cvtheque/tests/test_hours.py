from odoo.tests import TransactionCase, tagged

from ..tools.hours import format_hours


@tagged("post_install", "-at_install")
class TestHours(TransactionCase):
    def test_hours_and_minutes(self):
        self.assertEqual(format_hours(17.5), "17 h 30")
        self.assertEqual(format_hours(35), "35 h")
        self.assertEqual(format_hours(7.25), "7 h 15")
        self.assertEqual(format_hours(24.99), "24 h 59")
        self.assertEqual(format_hours(23.999), "24 h")
        self.assertEqual(format_hours(0), "")
        self.assertEqual(format_hours(False), "")
