"""The load scenario (run by `make load`, see scripts/devlib/load.py): 50 reservists answer
proposals and edit their availability on the portal, 10 establishment managers post and
follow needs, 2 coordinators run the matching over the JSON-2 API; every user thinks 1-3 s
between actions, and takes the time a person on a phone takes to fill a form before sending it
(a few seconds to read a proposal, to tap the week's blocks, half a minute for a need)."""

import datetime
import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, between, task
from locust.exception import StopUser

LOAD = json.loads(open(os.environ["RESERVE_LOAD_FILE"], encoding="utf-8").read())
CSRF_RE = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
NEED_LINK_RE = re.compile(r'href="/my/needs/(\d+)"')
COUNTER_RE = re.compile(r'data-placeholder_count="([^"]+)"')
# What a French phone sends: the pages answer in French without looking the language up.
HEADERS = {"Accept-Language": "fr-FR,fr;q=0.9"}
# Seconds between a form's page and its sending: reading, tapping, typing.
READ_PROPOSAL, TAP_WEEK, FILL_NEED = (2, 5), (5, 12), (15, 30)
_NEXT = {kind: itertools.cycle(LOAD[kind]) for kind in ("reservists", "managers", "coordinators")}


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self):
        self.client.headers.update(HEADERS)

    def fill_in(self, seconds):
        """The person at work on the form they got: a pause, as a person takes."""
        time.sleep(random.uniform(*seconds))

    def home_page(self):
        """/my, then its cards' counters, asked as the phone's portal script asks them (one
        /my/counters call for all the cards: reserve_medicosociale's portal_home_counters.js)."""
        page = self.client.get("/my", name="/my")
        needed = COUNTER_RE.findall(page.text) if page.ok else []
        if needed:
            body = {"jsonrpc": "2.0", "method": "call", "params": {"counters": needed}}
            self.client.post("/my/counters", json=body, name="/my/counters")
        return page

    def resume_session(self, login):
        """Come back with the session of the phone (signed in before the measure, see
        scripts/devlib/load.py), as a person does; sign in again only if it was refused."""
        session = LOAD.get("sessions", {}).get(login)
        if session:
            self.client.cookies.set("session_id", session)
            home = self.home_page()
            if home.ok and "/web/login" not in home.url:
                return
        self.sign_in(login)

    def sign_in(self, login):
        """Sign in once, at the start, as a person does; the form's CSRF token is read from
        the login page of this session. A failed request counts as an error, then the user
        tries again a little later (never posts the form without its token)."""
        for attempt in range(4):
            page = self.client.get("/web/login", name="/web/login")
            token = csrf(page.text) if page.ok else ""
            if token:
                answer = self.client.post(
                    "/web/login",
                    {"login": login, "password": login, "csrf_token": token, "redirect": "/my"},
                    name="/web/login [POST]",
                )
                if answer.ok and "/web/login" not in answer.url:
                    return
            time.sleep(2 + 2 * attempt)
        raise StopUser(f"{login} could not sign in")


def csrf(html):
    match = CSRF_RE.search(html)
    return match.group(1) if match else ""


class Reservist(PortalUser):
    fixed_count = 50

    def on_start(self):
        super().on_start()
        me = next(_NEXT["reservists"])
        self.resume_session(me["login"])
        self.proposals = [list(pair) for pair in me["proposals"]]
        random.shuffle(self.proposals)

    @task(3)
    def home(self):
        self.home_page()

    @task(3)
    def edit_availability(self):
        page = self.client.get("/my/reserve/availability", name="/my/reserve/availability")
        token = csrf(page.text) if page.ok else ""
        if not token:  # the page failed (counted): a person does not post a form they did not get
            return
        self.fill_in(TAP_WEEK)
        blocks = random.sample([f"{day}_{part}" for day in range(7) for part in ("morning", "afternoon", "night")], 9)
        with self.client.post(
            "/my/reserve/availability",
            {"csrf_token": token, "blocks": blocks, "max_hours_week": "35"},
            name="/my/reserve/availability [POST]",
            catch_response=True,
        ) as answer:
            if "done=availability" not in answer.url:
                answer.failure("the week was not saved")

    @task(2)
    def answer_a_proposal(self):
        if not self.proposals:
            return self.home()
        accept, decline = self.proposals.pop()
        link = accept if random.random() < 0.5 else decline
        with self.client.get(link, name="/reserve/proposition/<id>/<action>/<token>", catch_response=True) as page:
            # 410: the product's page for a link that no longer answers (the need filled and
            # the proposal withdrawn, or answered already): what the person sees, no error.
            if page.status_code == 410 and 'data-answer="expired"' in page.text:
                page.success()
        token = csrf(page.text) if page.ok else ""
        if token:  # not yet answered: the page has the button
            self.fill_in(READ_PROPOSAL)
            name = "/reserve/proposition/<id>/<action>/<token> [POST]"
            with self.client.post(link, {"csrf_token": token}, name=name, catch_response=True) as answer:
                # The need filled or the proposal withdrawn while the person read it: the
                # product's page for a link that no longer answers, what the person sees.
                if answer.status_code == 410 and 'data-answer="expired"' in answer.text:
                    answer.success()
        return None


class Manager(PortalUser):
    fixed_count = 10

    def on_start(self):
        super().on_start()
        self.me = next(_NEXT["managers"])
        self.resume_session(self.me["login"])
        self.needs = []

    @task(3)
    def needs_list(self):
        page = self.client.get("/my/needs", name="/my/needs")
        self.needs = NEED_LINK_RE.findall(page.text) or self.needs

    @task(2)
    def need_page(self):
        if self.needs:
            self.client.get(f"/my/needs/{random.choice(self.needs)}", name="/my/needs/<id>")

    @task(1)
    def post_a_need(self):
        page = self.client.get("/my/needs/new", name="/my/needs/new")
        token = csrf(page.text) if page.ok else ""
        if not token:  # the page failed (counted)
            return
        self.fill_in(FILL_NEED)
        day = datetime.date.today() + datetime.timedelta(days=random.randint(2, 20))
        with self.client.post(
            "/my/needs/new",
            {
                "csrf_token": token,
                "establishment_id": self.me["establishment_id"],
                "job_id": self.me["job_id"],
                "headcount": random.randint(1, 3),
                "urgency": "week",
                "contract_type_ids": self.me["contract_type_id"],
                "shift_date": day.isoformat(),
                "shift_start": "07:00",
                "shift_stop": "14:00",
                "notes": "Renfort (test de charge)",
            },
            name="/my/needs/new [POST]",
            catch_response=True,
        ) as answer:
            if "done=published" not in answer.url:
                answer.failure("the need was not published")


class Coordinator(HttpUser):
    fixed_count = 2
    wait_time = between(1, 3)

    def on_start(self):
        self.client.headers.update(HEADERS)
        self.me = next(_NEXT["coordinators"])

    @task
    def match_a_need(self):
        self.client.post(
            "/json/2/reserve.need/action_find_people",
            json={"ids": [random.choice(LOAD["need_ids"])]},
            headers={"Authorization": f"bearer {self.me['key']}", "X-Odoo-Database": os.environ["RESERVE_LOAD_DB"]},
            name="/json/2/reserve.need/action_find_people",
        )
