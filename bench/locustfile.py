"""A realistic mixed load: patients walk the guide and read medicine pages, clinicians make
share links, a few people leave feedback. Traffic goes only to the host given (127.0.0.1).

Every write that the server confirms is counted, so bench/load can check none was lost.
"""

import json
import os
import random
import re
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


def token(response):
    found = TOKEN.search(response.text)
    return found.group(1) if found else ""


def confirmed_post(client, kind, url, data):
    """POST a write; count it as ``kind`` if the server confirms it (303). The response's
    Location, or None."""
    with client.post(url, data, allow_redirects=False, catch_response=True) as response:
        if response.status_code == 303:
            CONFIRMED[kind] += 1
            return response.headers["Location"]
        response.failure(f"{kind}: {response.status_code}")
        return None


class Patient(HttpUser):
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


class Clinician(HttpUser):
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


class Reader(HttpUser):
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
