from odoo.tests import tagged

from .common import ParcoursCommon


@tagged("post_install", "-at_install", "parcours_emploi")
class TestPathwayAdviserMail(ParcoursCommon):
    """The adviser hears of a step only if the person consented, through the mail queue."""

    def test_no_mail_to_the_adviser_without_consent(self):
        pathway = self._pathway(adviser_partner_id=self.other_adviser.id, adviser_organisation="mission_locale")
        pathway._record_step("info_session")
        pathway._record_step("immersion")
        self.assertFalse(self._adviser_mails(pathway))
        self.assertFalse(
            self.env["mail.mail"].sudo().search([("recipient_ids", "in", self.other_adviser.ids)]),
            "no mail of any kind reaches the adviser",
        )
        self.assertNotIn(self.other_adviser, pathway.message_partner_ids)

    def test_one_short_mail_per_step_with_consent(self):
        pathway = self._pathway(
            adviser_partner_id=self.other_adviser.id, adviser_organisation="mission_locale", adviser_consent=True
        )
        self.assertEqual(pathway.adviser_consent_date, pathway.stage_date)
        before = self._adviser_mails(pathway)
        step = pathway._record_step("immersion", note="Remarque interne du référent")
        mail = self._adviser_mails(pathway) - before
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.res_id, step.id)
        self.assertEqual(mail.recipient_ids, self.other_adviser)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(self.person.name, mail.subject)
        self.assertIn(step.stage_id.name, mail.body_html)
        self.assertNotIn("Remarque interne", mail.body_html, "the referent's note stays in the association")
        self.assertIn(self.referent.email, mail.body_html)

    def test_consent_withdrawn_stops_the_mails(self):
        pathway = self._pathway(adviser_partner_id=self.other_adviser.id, adviser_consent=True)
        pathway.with_user(self.referent).adviser_consent = False
        self.assertFalse(pathway.adviser_consent_date)
        before = self._adviser_mails(pathway)
        pathway._record_step("training")
        self.assertEqual(self._adviser_mails(pathway), before)

    def test_template_sends_nothing_if_consent_is_missing(self):
        """The template's recipients depend on the consent too: sent by hand, it reaches no one."""
        pathway = self._pathway(adviser_partner_id=self.other_adviser.id)
        step = pathway.step_ids
        template = self.env.ref("parcours_emploi.mail_template_pathway_step_adviser")
        mail_id = template.send_mail(step.id)
        self.assertFalse(self.env["mail.mail"].browse(mail_id).recipient_ids)
