from odoo import Command, fields, models


class ReserveFileImportMixin(models.AbstractModel):
    """What the import wizards of reference files share (FINESS, communes): a file, a preview
    that writes nothing, the import, a report with counters and a line per problem. A wizard
    defines ``_run(dry_run)``, ``line_ids`` and ``_import_title()``."""

    _name = "reserve.file.import.mixin"
    _description = "Import of a reference file"

    filename = fields.Char()
    state = fields.Selection(
        [("draft", "Choose the file"), ("preview", "Preview"), ("done", "Imported")],
        default="draft",
        required=True,
        readonly=True,
    )
    created_count = fields.Integer(string="Created", readonly=True)
    updated_count = fields.Integer(string="Updated", readonly=True)
    skipped_count = fields.Integer(string="Filtered out", readonly=True)
    warning_count = fields.Integer(string="With warnings", readonly=True)
    duration = fields.Float(string="Duration (s)", digits=(10, 1), readonly=True)
    message = fields.Text(readonly=True)

    def action_preview(self):
        """Read the whole file and report what the import would do, without writing anything."""
        self.ensure_one()
        self._run(dry_run=True)
        return self._action_reopen()

    def action_import(self):
        """Create and update the records of the file."""
        self.ensure_one()
        self._run(dry_run=False)
        return self._action_reopen()

    def action_back_to_draft(self):
        self.ensure_one()
        self.write({"state": "draft", "line_ids": [Command.clear()], "message": False})
        return self._action_reopen()

    def _action_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self._import_title(),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _import_title(self):
        raise NotImplementedError

    def _run(self, dry_run):
        raise NotImplementedError
