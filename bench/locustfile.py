"""A realistic mixed load: patients walk the guide and read medicine pages, clinicians make
share links, a few people leave feedback. Traffic goes only to the host given (127.0.0.1).

Every write that the server confirms is counted, so bench/load can check none was lost.

bench/faults sets two more variables: LOAD_REQUEST_LOG, a file that gets one JSON line per
request (start time, status, whether a 5xx was the app's own friendly page, or the client
error) and one per confirmed write (its share or result link code, or its feedback comment),
and LOAD_CLIENT_TIMEOUT, the seconds a request may wait for an answer (no limit otherwise).
"""

import functools
import json
import os
import random
import re
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CONFIRMED = {"share_links": 0, "feedback": 0, "result_links": 0}
MEDICINES = ["gabapentin", "baclofen", "pregabalin", "tizanidine", "amitriptyline", "duloxetine"]
STEPS = [
    ("age", {"age_group": "18-to-64"}),
    ("red-flags", {"red_flags": ["none"]}),
    ("where", {"areas": ["lower-back", "leg"]}),
    ("feel", {"feelings": ["burning", "shooting"]}),
    ("how-long", {"duration": "6-to-12-weeks", "history": ["diabetes"]}),
    ("more-signs", {"more_signs": ["none"]}),
    ("about-you", {"health": ["driving"]}),
    ("medicines", {"medicines": ["none"]}),
]

REQUEST_LOG = os.environ.get("LOAD_REQUEST_LOG")
CLIENT_TIMEOUT = float(os.environ.get("LOAD_CLIENT_TIMEOUT") or 0) or None
# Where each kind of write sends its confirmation (a 303 elsewhere stored nothing: e.g. a
# result link asked for with unanswered steps goes back to the result page).
CONFIRMED_AT = {"share_links": "/share/", "result_links": "/r/", "feedback": "/feedback/"}
LINK_CODE = re.compile(r"^/(?:share|r)/([^/]+)/")
# The app's own pages: the friendly 500 page, or anything in the site's frame.
FRIENDLY = ("Sorry, something went wrong", "Skip to main content")


def log_line(record):
    with open(REQUEST_LOG, "a") as log:
        log.write(json.dumps(record) + "\n")


def token(response):
    found = TOKEN.search(response.text)
    return found.group(1) if found else ""


def confirmed_post(client, kind, url, data):
    """POST a write; count it as ``kind`` if the server confirms it (303 to the place such a
    write leads). The response's Location, or None."""
    if REQUEST_LOG and kind == "feedback":  # a mark to find this very answer afterwards
        data = {**data, "comment": f"bench {uuid.uuid4().hex}"}
    with client.post(url, data, allow_redirects=False, catch_response=True) as response:
        location = response.headers.get("Location", "")
        if response.status_code == 303 and location.startswith(CONFIRMED_AT[kind]):
            CONFIRMED[kind] += 1
            if REQUEST_LOG:
                code = LINK_CODE.match(location)
                key = data["comment"] if kind == "feedback" else code and code.group(1)
                log_line({"write": kind, "key": key})
            return location
        response.failure(f"{kind}: {response.status_code} {location}".strip())
        return None


class Visitor(HttpUser):
    abstract = True

    def on_start(self):
        if CLIENT_TIMEOUT:  # requests has no session-wide timeout: give every call one
            self.client.request = functools.partial(self.client.request, timeout=CLIENT_TIMEOUT)


class Patient(Visitor):
    weight = 6
    wait_time = between(0.5, 2)

    @task(3)
    def walk_the_guide(self):
        self.client.get("/guide/")
        for slug, answers in STEPS:
            page = self.client.get(f"/guide/{slug}/", name="/guide/[step]/")
            with self.client.post(
                f"/guide/{slug}/",
                {**answers, "csrfmiddlewaretoken": token(page)},
                name="/guide/[step]/ POST",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 303:
                    response.failure(f"step {slug}: {response.status_code}")
        self.client.get("/guide/check-your-answers/")
        result = self.client.get("/guide/result/")
        if random.random() < 0.1:
            confirmed_post(
                self.client, "result_links", "/r/new/", {"csrfmiddlewaretoken": token(result)}
            )

    @task(4)
    def read_medicine_pages(self):
        self.client.get("/library/medicines/")
        self.client.get(
            f"/library/medicines/{random.choice(MEDICINES)}/", name="/library/medicines/[slug]/"
        )
        self.client.get("/library/compare/")
        self.client.get("/library/search/?q=lyrica", name="/library/search/")


class Clinician(Visitor):
    weight = 2
    wait_time = between(1, 3)

    @task
    def make_a_share_link(self):
        page = self.client.get("/share/")
        medicines = re.findall(r'name="medicines" value="(\d+)"', page.text)[:3]
        code_url = confirmed_post(
            self.client,
            "share_links",
            "/share/",
            {
                "csrfmiddlewaretoken": token(page),
                "include_guide": "on",
                "medicines": medicines,
                "region": "us",
            },
        )
        if code_url:
            self.client.get(code_url, name="/share/[code]/")
            self.client.get(code_url + "handout/", name="/share/[code]/handout/")
            self.client.get(code_url.replace("/share/", "/s/"), name="/s/[code]/")


class Reader(Visitor):
    weight = 1
    wait_time = between(2, 5)

    @task
    def leave_feedback(self):
        form = self.client.get("/feedback/?page=/library/compare/", name="/feedback/ form")
        confirmed_post(
            self.client,
            "feedback",
            "/feedback/",
            {
                "csrfmiddlewaretoken": token(form),
                "page": "/library/compare/",
                "helpful": random.choice(["yes", "no"]),
            },
        )


@events.test_stop.add_listener
def write_confirmed_writes(environment, **kwargs):
    Path(os.environ["LOAD_CONFIRMED_FILE"]).write_text(json.dumps(CONFIRMED))  # set by bench/load


@events.request.add_listener
def log_request(request_type, name, response_time, response, start_time=None, **kwargs):
    """For bench/faults: what this request got, by when it started."""
    if not REQUEST_LOG:
        return
    status = getattr(response, "status_code", 0) or 0
    error = getattr(response, "error", None) if status == 0 else None
    record = {"t": start_time, "ms": round(response_time, 1), "m": request_type, "n": name}
    record["s"] = status
    if error is not None:
        record["e"] = type(error).__name__
    if status >= 400:
        text = response.text or ""
        record["f"] = any(marker in text for marker in FRIENDLY)
    log_line(record)
