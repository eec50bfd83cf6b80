import datetime
import math
from zoneinfo import ZoneInfo

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .reserve_person_availability import RESERVE_TZ

UTC = datetime.UTC
EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = 111.2
# Weights of the score, in the settings (ir.config_parameter); see res_config_settings_matching.py.
WEIGHT_PARAMS = {
    "distance": ("reserve_medicosociale.matching_weight_distance", 30),
    "experience": ("reserve_medicosociale.matching_weight_experience", 20),
    "history": ("reserve_medicosociale.matching_weight_history", 20),
    "reliability": ("reserve_medicosociale.matching_weight_reliability", 20),
    "freshness": ("reserve_medicosociale.matching_weight_freshness", 10),
}
# Beyond these, more is not better: the components are capped, then normalised to 0..1.
EXPERIENCE_CAP_YEARS = 10
HISTORY_CAP_ASSIGNMENTS = 5
FRESHNESS_HORIZON_DAYS = 60
# Assignment states that take the person's time, and those that count as past work.
BUSY_ASSIGNMENT_STATES = ("planned", "confirmed")
HOURS_ASSIGNMENT_STATES = ("planned", "confirmed", "done")


class ReserveNeed(models.Model):
    _inherit = "reserve.need"

    def action_find_people(self):
        """Open the ranked list of the people who can answer this need: coordinators, or the
        establishment's manager when the settings allow it (see reserve_need_establishment.py)."""
        self.ensure_one()
        self._check_can_send_proposals()
        wizard = self.env["reserve.need.match"].create({"need_id": self.id})
        wizard._fill_lines()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("People for %(need)s", need=self.display_name),
            "res_model": "reserve.need.match",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------ matching

    @api.model
    def _matching_weights(self):
        """{component: weight >= 0} from the settings."""
        params = self.env["ir.config_parameter"].sudo()
        weights = {}
        for component, (key, default) in WEIGHT_PARAMS.items():
            try:
                weights[component] = max(float(params.get_param(key, default) or 0), 0.0)
            except ValueError:
                weights[component] = float(default)
        if not sum(weights.values()):
            weights = {component: float(default) for component, (_key, default) in WEIGHT_PARAMS.items()}
        return weights

    def _match(self, limit=50):
        """Rank the people who can answer this need, best first.

        One SQL query, whatever the size of the reserve: the hard filters (active, job held,
        contract type, not lent to their own employer, not blocked by the establishment,
        required and qualifying qualifications verified and valid, eligibility checks,
        within both radii, available over every shift, not assigned elsewhere meanwhile,
        weekly hours cap) select the candidates; the score is a weighted sum of normalised
        components (distance, experience, history here, reliability, freshness) with the
        weights of the settings. Reasons are built from the returned columns.

        :return: list of dicts ``{person_id, score, distance_km, reasons}``
        """
        self.ensure_one()
        query, context = self._match_query(limit)
        self.env.flush_all()
        rows = self.env.execute_query_dict(query)
        return [self._match_result(row, context) for row in rows]

    def _match_query(self, limit):
        need = self
        establishment = need.establishment_id
        if not need.shift_ids:
            raise UserError(self.env._("Add at least one shift to the need before looking for people."))
        latitude, longitude = establishment.latitude, establishment.longitude
        if not (latitude or longitude) and establishment.commune_id:
            latitude, longitude = establishment.commune_id.latitude, establishment.commune_id.longitude
        if not (latitude or longitude):
            raise UserError(
                self.env._(
                    "%(establishment)s has no location: choose its commune so that distances can be computed.",
                    establishment=establishment.display_name,
                )
            )
        shifts = [(shift.start, shift.stop) for shift in need.shift_ids]
        tz = ZoneInfo(RESERVE_TZ)
        last_day = (
            (max(stop for _start, stop in shifts) - datetime.timedelta(seconds=1))
            .replace(tzinfo=UTC)
            .astimezone(tz)
            .date()
        )
        Person = self.env["reserve.person"]
        # Cached id, no query (env.ref would check that the record exists).
        loan_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "reserve_medicosociale.contract_type_loan", raise_if_not_found=False
        )
        radius = float(need.radius_km)
        lat_delta = radius / KM_PER_DEGREE
        lon_delta = radius / (KM_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
        weights = self._matching_weights()
        contract_rel = Person._fields["contract_type_ids"]
        blocked_rel = self.env["res.partner"]._fields["blocked_person_ids"]

        shift_rows = SQL(", ").join(
            SQL("(tsrange(%s::timestamp, %s::timestamp))", start, stop) for start, stop in shifts
        )
        week_rows = Person._availability_week_rows(shifts)

        assignment = SQL.identifier(self.env["reserve.assignment"]._table)
        proposal = SQL.identifier(self.env["reserve.proposal"]._table)
        # Time taken elsewhere is read on the shifts of the assigned needs, not on the
        # assignment's first start and last end, which would cover the days between.
        busy_filter = SQL(
            """
            AND NOT EXISTS (
                SELECT 1 FROM %(assignment)s a
                  JOIN reserve_need_shift busy_shift ON busy_shift.need_id = a.need_id
                  JOIN m_shift ON tsrange(busy_shift.start, busy_shift.stop) && m_shift.period
                 WHERE a.person_id = person.id AND a.state IN %(busy)s)
            AND (person.max_hours_week = 0 OR NOT EXISTS (
                SELECT 1 FROM m_week
                 WHERE m_week.hours + COALESCE((
                           SELECT sum(busy_shift.duration_hours)
                             FROM %(assignment)s a
                             JOIN reserve_need_shift busy_shift ON busy_shift.need_id = a.need_id
                            WHERE a.person_id = person.id AND a.state IN %(hours_states)s
                              AND a.need_id != %(need)s
                              AND busy_shift.start <@ m_week.period), 0)
                       > person.max_hours_week))
            """,
            assignment=assignment,
            busy=BUSY_ASSIGNMENT_STATES,
            hours_states=HOURS_ASSIGNMENT_STATES,
            need=need.id,
        )
        history = SQL(
            """
            SELECT a.person_id,
                   count(*) FILTER (
                       WHERE a.state = 'done' AND a.establishment_id = %(establishment)s) AS here_count,
                   avg(NULLIF(a.rating, '')::numeric) FILTER (
                       WHERE a.state = 'done' AND a.establishment_id = %(establishment)s) AS here_rating,
                   count(*) FILTER (WHERE a.state = 'no_show') AS no_show_count,
                   count(*) FILTER (WHERE a.state IN ('done', 'no_show')) AS past_count
              FROM %(assignment)s a
             WHERE a.person_id IN (SELECT id FROM m_available)
          GROUP BY a.person_id
            """,
            assignment=assignment,
            establishment=establishment.id,
        )
        # People already asked for this need are not ranked again for the next wave.
        busy_filter = SQL(
            """%s
            AND NOT EXISTS (SELECT 1 FROM %s asked WHERE asked.need_id = %s AND asked.person_id = person.id)""",
            busy_filter,
            proposal,
            need.id,
        )
        answers = SQL(
            """
            SELECT pr.person_id,
                   count(*) FILTER (WHERE pr.state = 'accepted') AS accepted_count,
                   count(*) FILTER (WHERE pr.state IN ('accepted', 'declined', 'too_late')) AS answered_count,
                   count(*) FILTER (WHERE pr.state IN ('accepted', 'declined', 'expired', 'too_late'))
                       AS asked_count
              FROM %(proposal)s pr
             WHERE pr.person_id IN (SELECT id FROM m_available)
          GROUP BY pr.person_id
            """,
            proposal=proposal,
        )

        required_ids = sorted(need.qualification_ids.ids)
        job_qualification_ids = sorted(need.job_id.qualification_ids.ids)
        shown_qualification_ids = sorted(set(required_ids) | set(need.wished_qualification_ids.ids))
        wished_ids = sorted(need.wished_qualification_ids.ids)
        distance = SQL(
            """2 * %(earth)s * asin(sqrt(
                   power(sin(radians(commune.latitude - %(lat)s) / 2), 2)
                   + cos(radians(%(lat)s)) * cos(radians(commune.latitude))
                     * power(sin(radians(commune.longitude - %(lon)s) / 2), 2)))""",
            earth=EARTH_RADIUS_KM,
            lat=latitude,
            lon=longitude,
        )
        valid_line = SQL(
            "line.state = 'verified' AND (line.date_end IS NULL OR line.date_end >= %s)",
            last_day,
        )
        candidates = SQL(
            """
            SELECT person.id, person.availability_confirmed_date, job_line.years_experience, commune.distance_km
              FROM m_commune commune
              JOIN reserve_person person ON person.commune_id = commune.id AND person.state = 'active'
              JOIN reserve_person_job job_line ON job_line.person_id = person.id AND job_line.job_id = %(job)s
             WHERE commune.distance_km <= person.radius_km
               AND EXISTS (
                       SELECT 1 FROM %(contract_rel)s rel
                        WHERE rel.%(contract_person)s = person.id
                          AND rel.%(contract_type)s IN %(contract_types)s
                          AND NOT (rel.%(contract_type)s = %(loan)s
                                   AND person.employer_id IS NOT DISTINCT FROM %(establishment)s))
               AND NOT EXISTS (
                       SELECT 1 FROM %(blocked_rel)s blocked
                        WHERE blocked.%(blocked_partner)s = %(establishment)s
                          AND blocked.%(blocked_person)s = person.id)
               AND NOT EXISTS (
                       SELECT 1 FROM unnest(%(required)s::int[]) required(id)
                        WHERE NOT EXISTS (
                              SELECT 1 FROM reserve_person_qualification line
                               WHERE line.person_id = person.id AND line.qualification_id = required.id
                                 AND %(valid_line)s))
               AND (cardinality(%(job_qualifications)s::int[]) = 0 OR EXISTS (
                       SELECT 1 FROM reserve_person_qualification line
                        WHERE line.person_id = person.id AND line.qualification_id = ANY(%(job_qualifications)s::int[])
                          AND %(valid_line)s))
               AND NOT EXISTS (
                       SELECT 1 FROM m_check required
                        WHERE NOT EXISTS (
                              SELECT 1 FROM reserve_person_check line
                               WHERE line.person_id = person.id AND line.check_type_id = required.id
                                 AND %(valid_line)s))
               %(busy_filter)s
            """,
            job=need.job_id.id,
            contract_rel=SQL.identifier(contract_rel.relation),
            contract_person=SQL.identifier(contract_rel.column1),
            contract_type=SQL.identifier(contract_rel.column2),
            contract_types=tuple(need.contract_type_ids.ids) or (0,),
            loan=loan_id or 0,
            establishment=establishment.id,
            blocked_rel=SQL.identifier(blocked_rel.relation),
            blocked_partner=SQL.identifier(blocked_rel.column1),
            blocked_person=SQL.identifier(blocked_rel.column2),
            required=required_ids,
            job_qualifications=job_qualification_ids,
            valid_line=valid_line,
            busy_filter=busy_filter,
        )
        # The communes within the need's radius, the distance computed once per commune;
        # the bounding box comes first so that the (latitude, longitude) index can serve.
        communes = SQL(
            """
            SELECT commune.id, %(distance)s AS distance_km
              FROM reserve_commune commune
             WHERE commune.latitude BETWEEN %(lat_min)s AND %(lat_max)s
               AND commune.longitude BETWEEN %(lon_min)s AND %(lon_max)s
               AND %(distance)s <= %(radius)s
            """,
            distance=distance,
            lat_min=latitude - lat_delta,
            lat_max=latitude + lat_delta,
            lon_min=longitude - lon_delta,
            lon_max=longitude + lon_delta,
            radius=radius,
        )
        # The rule of reserve.person._get_required_check_types: the active check types the
        # job or the establishment's FINESS category requires.
        job_rel = self.env["reserve.job"]._fields["check_type_ids"]
        category_rel = self.env["reserve.check.type"]._fields["finess_category_ids"]
        checks = SQL(
            """
            SELECT check_type.id FROM reserve_check_type check_type
             WHERE check_type.active AND (
                   EXISTS (SELECT 1 FROM %(job_rel)s rel
                            WHERE rel.%(job_check)s = check_type.id AND rel.%(job_col)s = %(job)s)
                OR EXISTS (SELECT 1 FROM %(category_rel)s rel
                            WHERE rel.%(category_check)s = check_type.id AND rel.%(category_col)s = %(category)s))
            """,
            job_rel=SQL.identifier(job_rel.relation),
            job_col=SQL.identifier(job_rel.column1),
            job_check=SQL.identifier(job_rel.column2),
            job=need.job_id.id,
            category_rel=SQL.identifier(category_rel.relation),
            category_check=SQL.identifier(category_rel.column1),
            category_col=SQL.identifier(category_rel.column2),
            category=establishment.finess_category_id.id or 0,
        )
        available = Person._available_query(shifts, person_ids=SQL("SELECT id FROM m_candidate"))
        w = weights
        total_weight = sum(w.values())
        now = fields.Datetime.now()
        score = SQL(
            """(%(w_distance)s * GREATEST(1 - c.distance_km / GREATEST(%(radius)s, 1), 0)
              + %(w_experience)s * (0.7 * LEAST(COALESCE(c.years_experience, 0), %(exp_cap)s)::float / %(exp_cap)s
                                    + 0.3 * COALESCE(q.wished_count, 0)::float / GREATEST(%(wished_total)s, 1))
              + %(w_history)s * LEAST(COALESCE(h.here_count, 0), %(hist_cap)s)::float / %(hist_cap)s
                              * COALESCE(h.here_rating::float / 5, 0.8)
              + %(w_reliability)s * (CASE WHEN COALESCE(pr.asked_count, 0) = 0 THEN 0.5
                                          ELSE pr.accepted_count::float / pr.asked_count END)
                                  * (CASE WHEN COALESCE(h.past_count, 0) = 0 THEN 1
                                          ELSE 1 - h.no_show_count::float / h.past_count END)
              + %(w_freshness)s * GREATEST(1 - COALESCE(GREATEST(
                    EXTRACT(EPOCH FROM (%(now)s::timestamp - c.availability_confirmed_date)) / 86400, 0),
                    %(horizon)s) / %(horizon)s, 0)
             ) * 100 / %(total)s""",
            w_distance=w["distance"],
            w_experience=w["experience"],
            w_history=w["history"],
            w_reliability=w["reliability"],
            w_freshness=w["freshness"],
            radius=radius,
            exp_cap=EXPERIENCE_CAP_YEARS,
            wished_total=len(wished_ids),
            hist_cap=HISTORY_CAP_ASSIGNMENTS,
            now=now,
            horizon=FRESHNESS_HORIZON_DAYS,
            total=total_weight,
        )
        query = SQL(
            """
            WITH m_shift (period) AS (VALUES %(shift_rows)s),
            m_week (period, hours) AS (VALUES %(week_rows)s),
            m_check AS (%(checks)s),
            m_commune AS MATERIALIZED (%(communes)s),
            m_candidate AS MATERIALIZED (%(candidates)s),
            m_available AS MATERIALIZED (
                SELECT c.* FROM m_candidate c WHERE c.id IN (%(available)s)
            ),
            m_history AS (%(history)s),
            m_answers AS (%(answers)s),
            m_qualification AS (
                SELECT line.person_id,
                       array_agg(DISTINCT line.qualification_id) AS qualification_ids,
                       count(DISTINCT line.qualification_id) FILTER (
                           WHERE line.qualification_id = ANY(%(wished)s::int[])) AS wished_count
                  FROM reserve_person_qualification line
                 WHERE line.person_id IN (SELECT id FROM m_available)
                   AND line.qualification_id = ANY(%(shown)s::int[])
                   AND %(valid_line)s
              GROUP BY line.person_id
            )
            SELECT c.id AS person_id, c.distance_km, c.years_experience, c.availability_confirmed_date,
                   COALESCE(q.qualification_ids, '{}') AS qualification_ids,
                   COALESCE(h.here_count, 0) AS here_count, h.here_rating,
                   COALESCE(h.no_show_count, 0) AS no_show_count,
                   COALESCE(pr.accepted_count, 0) AS accepted_count,
                   COALESCE(pr.answered_count, 0) AS answered_count,
                   COALESCE(pr.asked_count, 0) AS asked_count,
                   %(score)s AS score
              FROM m_available c
         LEFT JOIN m_history h ON h.person_id = c.id
         LEFT JOIN m_answers pr ON pr.person_id = c.id
         LEFT JOIN m_qualification q ON q.person_id = c.id
          ORDER BY score DESC, c.distance_km, c.id
             LIMIT %(limit)s
            """,
            shift_rows=shift_rows,
            week_rows=week_rows,
            checks=checks,
            communes=communes,
            candidates=candidates,
            available=available,
            history=history,
            answers=answers,
            wished=wished_ids,
            shown=shown_qualification_ids,
            valid_line=valid_line,
            score=score,
            limit=limit,
        )
        qualifications = self.env["reserve.qualification"].browse(shown_qualification_ids)
        context = {
            "qualification_names": {q.id: q.code or q.name for q in qualifications},
            "now": now,
        }
        return query, context

    def _match_result(self, row, context):
        """A ranked person with the reasons of their rank, from the columns of the query."""
        reasons = [self.env._("%(km)s km away", km=round(row["distance_km"]))]
        for qualification_id in sorted(row["qualification_ids"] or ()):
            name = context["qualification_names"].get(qualification_id)
            if name:
                reasons.append(self.env._("%(qualification)s verified", qualification=name))
        if row["years_experience"]:
            reasons.append(self.env._("%(years)s years of experience in the job", years=row["years_experience"]))
        if row["here_count"]:
            reasons.append(self.env._("came here %(count)s times before", count=row["here_count"]))
            if row["here_rating"]:
                reasons.append(self.env._("rated %(rating)s/5 here", rating=round(float(row["here_rating"]), 1)))
        if row["asked_count"]:
            reasons.append(
                self.env._(
                    "answered %(rate)s %% of proposals",
                    rate=round(100 * row["answered_count"] / row["asked_count"]),
                )
            )
        if row["no_show_count"]:
            reasons.append(self.env._("did not come %(count)s times", count=row["no_show_count"]))
        confirmed = row["availability_confirmed_date"]
        if confirmed:
            days = max((context["now"] - confirmed).days, 0)
            reasons.append(
                self.env._("availability confirmed today")
                if not days
                else self.env._("availability confirmed %(days)s days ago", days=days)
            )
        return {
            "person_id": row["person_id"],
            "score": round(float(row["score"]), 1),
            "distance_km": round(float(row["distance_km"]), 1),
            "reasons": reasons,
        }


class ReservePerson(models.Model):
    _inherit = "reserve.person"

    # The matching starts from the communes around the establishment, then their active people.
    _matching_commune_idx = models.Index("(commune_id) WHERE state = 'active'")


class ReservePersonQualification(models.Model):
    _inherit = "reserve.person.qualification"

    # "Verified and valid on the shift dates", for each candidate and required qualification.
    _matching_idx = models.Index("(person_id, qualification_id, state, date_end)")


class ReservePersonCheck(models.Model):
    _inherit = "reserve.person.check"

    _matching_idx = models.Index("(person_id, check_type_id, state, date_end)")


class ReserveCommune(models.Model):
    _inherit = "reserve.commune"

    # Bounding-box prefilter of the matching (latitude and longitude BETWEEN …).
    _coordinates_idx = models.Index("(latitude, longitude)")
