import base64
import io
import json
from datetime import date

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.translate import code_translations, extract_spreadsheet_terms

AUTHORITY = "reserve_medicosociale.reserve_medicosociale_group_authority"
PERSONAL = {"name", "email", "phone", "mobile", "partner_id", "person_id", "user_id", "employee_id"}


@tagged("post_install", "-at_install")
class TestDashboard(TransactionCase):
    """The dashboards of the reserve's group, the core's and one per installed addon: each
    parses, its pivots and lists read existing models and fields, aggregates the authorities
    may read, and no personal field."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.authority = new_test_user(cls.env, "t_dashboard_authority", groups=AUTHORITY)
        group = cls.env.ref("reserve_medicosociale.spreadsheet_dashboard_group_reserve")
        cls.dashboards = group.dashboard_ids
        cls.data = {
            dashboard: json.loads(base64.b64decode(dashboard.spreadsheet_binary_data)) for dashboard in cls.dashboards
        }

    def _data_sources(self):
        for dashboard, data in self.data.items():
            for pivot in data.get("pivots", {}).values():
                yield dashboard, "pivot", pivot
            for list_ in data.get("lists", {}).values():
                yield dashboard, "list", list_

    def _domain_fields(self, domain):
        return {leaf[0].split(".")[0] for leaf in domain if isinstance(leaf, list | tuple)}

    def test_each_installed_addon_ships_its_dashboard_in_the_group(self):
        expected = {"reserve_medicosociale": "spreadsheet_dashboard_reserve"}
        installed = set(self.env["ir.module.module"].search([("state", "=", "installed")]).mapped("name"))
        for module, xmlid in {
            "reserve_loan": "spreadsheet_dashboard_loan",
            "formation_mutualisee": "spreadsheet_dashboard_training",
            "reserve_mission": "spreadsheet_dashboard_mission",
            "parcours_emploi": "spreadsheet_dashboard_parcours",
        }.items():
            if module in installed:
                expected[module] = xmlid
        for module, xmlid in expected.items():
            with self.subTest(module=module):
                dashboard = self.env.ref(f"{module}.{xmlid}")
                self.assertIn(dashboard, self.dashboards)
                self.assertTrue(dashboard.is_published)
                self.assertTrue(dashboard.with_user(self.authority).has_access("read"))
                # Odoo's dashboards are translated by module: the namespace is the shipping addon.
                self.assertEqual(dashboard._get_dashboard_translation_namespace(), module)

    def test_each_data_source_reads_existing_models_and_fields(self):
        sources = list(self._data_sources())
        self.assertTrue(sources)
        for dashboard, kind, source in sources:
            with self.subTest(dashboard=dashboard.name, source=source["name"]):
                self.assertIn(source["model"], self.env, f"{kind} {source['name']}: unknown model")
                Model = self.env[source["model"]]
                if kind == "pivot":
                    names = {dim["fieldName"] for dim in source["rows"] + source["columns"]}
                    names |= {m["fieldName"] for m in source["measures"] if m["fieldName"] != "__count"}
                else:
                    names = set(source.get("columns", []))
                names |= self._domain_fields(source.get("domain", []))
                for name in names:
                    self.assertIn(name, Model._fields, f"{source['model']} has no field {name}")
                    self.assertTrue(Model._fields[name].store or name == "id", f"{name} is not stored")

    def test_each_pivot_is_readable_by_an_authority_and_personal_free(self):
        for dashboard, kind, source in self._data_sources():
            with self.subTest(dashboard=dashboard.name, source=source["name"]):
                self.assertEqual(kind, "pivot", "lists would show records: dashboards show aggregates only")
                Model = self.env[source["model"]].with_user(self.authority)

                def spec(dims):
                    return [
                        f"{dim['fieldName']}:{dim['granularity']}" if dim.get("granularity") else dim["fieldName"]
                        for dim in dims
                    ]

                rows, columns = spec(source["rows"]), spec(source["columns"])
                groupby = rows + columns
                aggregates = [
                    "__count" if m["fieldName"] == "__count" else f"{m['fieldName']}:{m['aggregator']}"
                    for m in source["measures"]
                ]
                # As the web client's pivot asks: every combination of its rows and columns.
                Model.formatted_read_grouping_sets(source["domain"], [groupby, rows, columns, []], aggregates)
                for name in groupby:
                    self.assertNotIn(name.split(":")[0], PERSONAL)

    def test_each_text_is_translatable_and_translated_in_french(self):
        """Odoo 19 translates the dashboards shipped by a module (=_t() formulas extracted from
        *_dashboard.json into the module's .po, read by the web client)."""
        for dashboard, data in self.data.items():
            with self.subTest(dashboard=dashboard.name):
                terms = [
                    term
                    for _line, _func, term, _comments in extract_spreadsheet_terms(
                        io.BytesIO(json.dumps(data).encode()), [], [], {}
                    )
                ]
                self.assertTrue(terms)
                for text in data["sheets"][0]["cells"].values():
                    self.assertTrue(text.startswith("="), f"untranslatable text {text!r}: use =_t()")
                module = dashboard._get_dashboard_translation_namespace()
                french = {
                    message["id"]: message["string"]
                    for message in code_translations.get_web_translations(module, "fr_FR")["messages"]
                }
                for term in terms:
                    self.assertTrue(french.get(term), f"{module}/i18n/fr.po lacks the French of {term!r}")

    def test_the_reserve_in_figures_has_no_personal_field(self):
        reports = (
            "reserve.person.report",
            "reserve.loan.report",
            "reserve.mission.report",
            "formation.training.report",
        )
        for model in reports:
            if model in self.env:
                with self.subTest(model=model):
                    self.assertFalse(PERSONAL & set(self.env[model]._fields))

    def test_the_report_equals_the_reserve_view(self):
        sections = self.env["reserve.report"]._reserve_report_sections(date(2020, 1, 1), date(2020, 1, 7))
        rows = {row[0]: row[1] for row in next(s for s in sections if s["key"] == "reserve_category")["rows"]}
        categories = dict(self.env["reserve.person"]._fields["category"]._description_selection(self.env))
        groups = self.env["reserve.person.report"].with_user(self.authority)._read_group([], ["category"], ["__count"])
        self.assertEqual(rows, {categories[category]: count for category, count in groups})
