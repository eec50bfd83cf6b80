from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestWeekGrid(TransactionCase):
    """The blocks of the portal's weekly grid, a rule of reserve.availability.pattern."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Pattern = cls.env["reserve.availability.pattern"]

    def test_morning_and_afternoon_are_one_line_each(self):
        self.assertEqual(self.Pattern._week_ranges(["2_afternoon", "0_morning"]), [(0, 7.0, 13.0), (2, 13.0, 21.0)])

    def test_night_runs_to_seven_the_next_morning(self):
        self.assertEqual(self.Pattern._week_ranges(["3_night"]), [(3, 21.0, 24.0), (4, 0.0, 7.0)])

    def test_sunday_night_ends_on_monday(self):
        self.assertEqual(self.Pattern._week_ranges(["6_night"]), [(0, 0.0, 7.0), (6, 21.0, 24.0)])

    def test_other_ranges_are_added_once(self):
        self.assertEqual(
            self.Pattern._week_ranges(["0_morning"], [(5, 9.0, 12.5), (0, 7.0, 13.0)]),
            [(0, 7.0, 13.0), (5, 9.0, 12.5)],
        )

    def test_unknown_block_is_refused(self):
        for key in ("7_morning", "0_evening", "morning", "x_night"):
            with self.subTest(key=key), self.assertRaises(UserError):
                self.Pattern._week_ranges([key])

    def test_grid_reads_back_the_blocks_and_the_other_lines(self):
        person = self.env["reserve.person"].create(
            {"partner_id": self.env["res.partner"].create({"name": "Grille Test"}).id, "category": "retiree"}
        )
        lines = self.Pattern._week_ranges(["0_morning", "6_night", "2_night"], [(5, 9.0, 12.5), (4, 0.0, 5.0)])
        patterns = self.Pattern.create(
            [
                {"person_id": person.id, "weekday": str(day), "hour_from": start, "hour_to": stop}
                for day, start, stop in lines
            ]
        )
        grid = patterns._week_grid()
        self.assertEqual(grid["blocks"], {"0_morning", "6_night", "2_night"})
        self.assertEqual(
            grid["custom"],
            [{"weekday": 4, "hour_from": 0.0, "hour_to": 5.0}, {"weekday": 5, "hour_from": 9.0, "hour_to": 12.5}],
        )

    def test_half_a_night_is_not_a_night(self):
        patterns = self.Pattern.new({"weekday": "1", "hour_from": 21.0, "hour_to": 24.0})
        grid = patterns._week_grid()
        self.assertEqual(grid["blocks"], set())
        self.assertEqual(grid["custom"], [{"weekday": 1, "hour_from": 21.0, "hour_to": 24.0}])

    def test_grid_headers_say_the_hours(self):
        self.assertEqual(
            [(key, hours) for key, _label, hours in self.Pattern._week_block_selection()],
            [("morning", "07–13"), ("afternoon", "13–21"), ("night", "21–07")],
        )
