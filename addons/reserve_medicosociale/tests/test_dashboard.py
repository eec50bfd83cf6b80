import base64
import json

from odoo.tests import TransactionCase, new_test_user, tagged

AUTHORITY = "reserve_medicosociale.reserve_medicosociale_group_authority"
PERSONAL = {"name", "email", "phone", "partner_id", "person_id", "user_id"}


@tagged("post_install", "-at_install")
class TestDashboard(TransactionCase):
    """The shipped dashboard reads aggregates the authorities may read, and no personal field."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.authority = new_test_user(cls.env, "t_dashboard_authority", groups=AUTHORITY)
        dashboard = cls.env.ref("reserve_medicosociale.spreadsheet_dashboard_reserve")
        cls.data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))

    def test_each_pivot_is_readable_by_an_authority(self):
        for pivot in self.data["pivots"].values():
            with self.subTest(pivot=pivot["name"]):
                Model = self.env[pivot["model"]].with_user(self.authority)
                groupby = [
                    f"{dim['fieldName']}:{dim['granularity']}" if dim.get("granularity") else dim["fieldName"]
                    for dim in pivot["rows"] + pivot["columns"]
                ]
                aggregates = [
                    "__count" if m["fieldName"] == "__count" else f"{m['fieldName']}:{m['aggregator']}"
                    for m in pivot["measures"]
                ]
                Model._read_group(pivot["domain"], groupby, aggregates)
                for name in groupby:
                    self.assertNotIn(name.split(":")[0], PERSONAL)

    def test_the_reserve_in_figures_has_no_personal_field(self):
        self.assertFalse(PERSONAL & set(self.env["reserve.person.report"]._fields))

    def test_the_report_equals_the_reserve_view(self):
        from datetime import date

        rows = {
            row[0]: row[1]
            for row in self.env["reserve.report"]._reserve_report_sections(date(2020, 1, 1), date(2020, 1, 7))[3][
                "rows"
            ]
        }
        categories = dict(self.env["reserve.person"]._fields["category"]._description_selection(self.env))
        groups = self.env["reserve.person.report"].with_user(self.authority)._read_group([], ["category"], ["__count"])
        self.assertEqual(rows, {categories[category]: count for category, count in groups})
