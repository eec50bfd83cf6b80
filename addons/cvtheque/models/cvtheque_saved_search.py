from odoo import api, fields, models


class CvthequeSavedSearch(models.Model):
    """A CV search a member keeps, with an e-mail alert when new CVs match it."""

    _name = "cvtheque.saved.search"
    _description = "Saved CV search"
    _order = "name"

    name = fields.Char(required=True)
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True, default=lambda self: self.env.user, readonly=True, index=True
    )
    text = fields.Char(string="Words")
    job_ids = fields.Many2many("reserve.job", string="Jobs")
    qualification_ids = fields.Many2many("reserve.qualification", string="Diplomas")
    commune_id = fields.Many2one("reserve.commune")
    radius_km = fields.Integer(string="Radius (km)", default=30)
    contract_type_ids = fields.Many2many("reserve.contract.type", string="Contract types")
    is_alert = fields.Boolean(string="E-mail alert", default=True, help="Receive an e-mail when new CVs match.")
    last_alert_date = fields.Datetime(string="Last checked on", readonly=True, default=fields.Datetime.now)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # A saved search is always its creator's.
            vals["user_id"] = self.env.uid
            vals.pop("last_alert_date", None)
        return super().create(vals_list)

    def write(self, vals):
        vals.pop("user_id", None)
        vals.pop("last_alert_date", None)
        return super().write(vals)

    def _search_new(self, since, limit=50):
        """The CVs shared since ``since`` that match, read as the owner (their access only)."""
        self.ensure_one()
        Cv = self.env["cvtheque.cv"].with_user(self.user_id)
        return Cv.search_fulltext(
            self.text or "",
            job_ids=self.job_ids.ids,
            qualification_ids=self.qualification_ids.ids,
            commune_id=self.commune_id.id,
            radius_km=self.radius_km,
            contract_type_ids=self.contract_type_ids.ids,
            shared_after=since,
            limit=limit,
        )

    def action_open_results(self):
        self.ensure_one()
        wizard = self.env["cvtheque.search"].create(
            {
                "text": self.text,
                "job_ids": [(6, 0, self.job_ids.ids)],
                "qualification_ids": [(6, 0, self.qualification_ids.ids)],
                "commune_id": self.commune_id.id,
                "radius_km": self.radius_km,
                "contract_type_ids": [(6, 0, self.contract_type_ids.ids)],
            }
        )
        return wizard.action_search()

    @api.model
    def _cron_alert(self):
        """E-mail each owner the CVs newly shared that match their saved searches."""
        now = fields.Datetime.now()
        template = self.env.ref("cvtheque.mail_template_saved_search_alert")
        for search in self.search([("is_alert", "=", True)]):
            results = search._search_new(search.last_alert_date)
            if results:
                cvs = self.env["cvtheque.cv"].sudo().browse([row["id"] for row in results])
                template.with_context(alert_cvs=cvs).send_mail(
                    search.id, force_send=False, email_values={"message_type": "user_notification"}
                )
            self.env.cr.execute("UPDATE cvtheque_saved_search SET last_alert_date = %s WHERE id = %s", [now, search.id])
        self.invalidate_model(["last_alert_date"])
        return True
