from odoo import fields, models


class CvthequeSearch(models.TransientModel):
    """The CV search of the back-office: words and filters, ranked results with an extract."""

    _name = "cvtheque.search"
    _description = "CV search"

    text = fields.Char(
        string="Words", help='French words, accents optional: infirmière de nuit, "aide-soignante", -intérim'
    )
    job_ids = fields.Many2many("reserve.job", string="Jobs")
    qualification_ids = fields.Many2many("reserve.qualification", string="Diplomas")
    commune_id = fields.Many2one("reserve.commune")
    radius_km = fields.Integer(string="Radius (km)", default=30)
    available_by = fields.Date(string="Available by")
    contract_type_ids = fields.Many2many("reserve.contract.type", string="Contract types")
    line_ids = fields.One2many("cvtheque.search.line", "search_id", string="Results", readonly=True)
    result_count = fields.Integer(readonly=True)
    has_searched = fields.Boolean(readonly=True)

    def _compute_display_name(self):
        for search in self:
            search.display_name = search.text or self.env._("Search the CV library")

    def action_search(self):
        self.ensure_one()
        results = self.env["cvtheque.cv"].search_fulltext(
            self.text or "",
            job_ids=self.job_ids.ids,
            qualification_ids=self.qualification_ids.ids,
            commune_id=self.commune_id.id,
            radius_km=self.radius_km,
            available_by=self.available_by,
            contract_type_ids=self.contract_type_ids.ids,
            limit=50,
        )
        self.line_ids.unlink()
        self.write(
            {
                "line_ids": [
                    (0, 0, {"cv_id": row["id"], "rank": row["rank"], "headline": row["headline"], "sequence": index})
                    for index, row in enumerate(results)
                ],
                "result_count": len(results),
                "has_searched": True,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
            "name": self.env._("Search the CV library"),
        }

    def action_save(self):
        self.ensure_one()
        saved = self.env["cvtheque.saved.search"].create(
            {
                "name": self.text or ", ".join(self.job_ids.mapped("name")) or self.env._("My search"),
                "text": self.text,
                "job_ids": [(6, 0, self.job_ids.ids)],
                "qualification_ids": [(6, 0, self.qualification_ids.ids)],
                "commune_id": self.commune_id.id,
                "radius_km": self.radius_km,
                "contract_type_ids": [(6, 0, self.contract_type_ids.ids)],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "cvtheque.saved.search",
            "res_id": saved.id,
            "view_mode": "form",
        }


class CvthequeSearchLine(models.TransientModel):
    _name = "cvtheque.search.line"
    _description = "CV search result"
    _order = "sequence"

    search_id = fields.Many2one("cvtheque.search", required=True, ondelete="cascade")
    sequence = fields.Integer()
    cv_id = fields.Many2one("cvtheque.cv", string="CV", required=True, ondelete="cascade")
    rank = fields.Float(digits=(6, 4))
    headline = fields.Html(string="Extract")
    # Read with the user's rights: a line made over RPC for a CV they may not read shows nothing.
    cv_name = fields.Char(related="cv_id.name", string="Title", compute_sudo=False)
    cv_job_ids = fields.Many2many(related="cv_id.job_ids", string="Jobs", compute_sudo=False)
    cv_commune_id = fields.Many2one(related="cv_id.commune_id", string="Commune", compute_sudo=False)
    cv_available_date = fields.Date(related="cv_id.available_date", string="Available", compute_sudo=False)

    def action_open_cv(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cvtheque.cv",
            "res_id": self.cv_id.id,
            "view_mode": "form",
            "target": "current",
        }
