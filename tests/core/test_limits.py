"""What one request may send: small forms, never files (issue 14, finding 5).

One request with a made-up CSRF cookie wrote 391 MB to the temporary folder before its 403:
CSRF checking read the multipart form, and Django spooled the file to disk. Now bodies over
64 KB get 413 and anything but a plain form 415, before anything reads them.
"""

import io
import ipaddress
import os
import secrets
import tempfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import Client, RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, ClientHandler, encode_multipart

from pain_guide.feedback.models import PageFeedback

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
LIMIT = 64 * 1024
MADE_UP_TOKEN = "x" * 32


@pytest.fixture
def disk_writes(monkeypatch):
    """Every file Django starts to write an upload to (the only way it puts one on disk)."""
    made = []
    original = TemporaryUploadedFile.__init__

    def spying_init(self, *args, **kwargs):
        made.append(args[0] if args else kwargs.get("name"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(TemporaryUploadedFile, "__init__", spying_init)
    return made


def temp_folder():
    return set(os.listdir(tempfile.gettempdir()))


def forged_client():
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = MADE_UP_TOKEN
    return client


def multipart_body(size):
    return encode_multipart(
        BOUNDARY,
        {
            "page": "/library/",
            "helpful": "yes",
            "file": SimpleUploadedFile("big.bin", b"\0" * size),
        },
    )


# 3 MB is past Django's default of 2.5 MB kept in memory: before this fix it went to disk.
@pytest.mark.parametrize("size", [1024 * 1024, 3 * 1024 * 1024])
def test_a_big_upload_with_a_made_up_csrf_cookie_gets_413_and_nothing_reaches_the_disk(
    disk_writes, size
):
    before = temp_folder()
    response = forged_client().generic(
        "POST", "/feedback/", multipart_body(size), MULTIPART_CONTENT
    )
    assert disk_writes == []
    assert temp_folder() - before == set()
    assert response.status_code == 413
    assert "too much to send" in response.content.decode()


@pytest.mark.parametrize("url", ["/feedback/", "/guide/where/", "/share/", "/region/"])
def test_a_big_plain_form_gets_413(url):
    response = forged_client().post(url, {"page": "/library/", "words": "a" * (LIMIT + 1)})
    assert response.status_code == 413


def test_a_claimed_content_length_over_the_limit_is_refused_without_reading_the_body():
    """The test client's stream raises if read past what it holds: nothing is read."""
    response = Client().post(
        "/feedback/", {"page": "/library/"}, CONTENT_LENGTH=str(100 * 1024 * 1024)
    )
    assert response.status_code == 413


def own_address():
    """An address no other test uses, so this test's feedback counts against nobody's limit."""
    return str(ipaddress.IPv4Address((10 << 24) | secrets.randbits(24)))


def test_a_form_just_under_the_limit_still_works():
    client = Client(REMOTE_ADDR=own_address())
    data = {"page": "/library/", "helpful": "no", "comment": "a" * 400}
    padding = LIMIT - len(__import__("urllib.parse").parse.urlencode(data)) - 20
    response = client.post("/feedback/", {**data, "padding": "b" * padding})
    assert response.status_code == 303
    assert PageFeedback.objects.count() == 1


def test_the_admins_forms_may_be_bigger(client):
    """A medicine's whole page is one admin form (21 KB for the longest today)."""
    big = {"username": "editor", "password": "a" * (200 * 1024)}
    assert client.post("/" + settings.ADMIN_URL + "login/", big).status_code == 200
    assert client.post("/feedback/", big).status_code == 413
    too_big = {"username": "editor", "password": "a" * settings.ADMIN_MAX_BODY_BYTES}
    assert client.post("/" + settings.ADMIN_URL + "login/", too_big).status_code == 413


class EndlessBody(io.RawIOBase):
    """A chunked request body that never ends (the server de-chunks it: no Content-Length)."""

    def __init__(self):
        self.given = 0

    def readable(self):
        return True

    def read(self, size=-1):
        size = 65536 if size is None or size < 0 else size
        self.given += size
        return b"a" * size


def wsgi_post(path, stream, content_type=FORM, cookie=""):
    environ = RequestFactory()._base_environ(
        PATH_INFO=path,
        REQUEST_METHOD="POST",
        CONTENT_TYPE=content_type,
        HTTP_TRANSFER_ENCODING="chunked",
        HTTP_COOKIE=cookie,
        REMOTE_ADDR=own_address(),
        **{"wsgi.input": stream},
    )
    environ.pop("CONTENT_LENGTH", None)
    # The test client's handler (it leaves the test's database connection open), with the
    # CSRF check a real request gets.
    return ClientHandler(enforce_csrf_checks=True)(environ)


def test_a_chunked_body_over_the_limit_gets_413_after_reading_at_most_the_limit(
    disk_writes,
):
    stream = EndlessBody()
    assert wsgi_post("/feedback/", stream).status_code == 413
    assert stream.given <= LIMIT + 1
    assert disk_writes == []


def test_a_small_chunked_form_is_read_as_usual():
    form = f"csrfmiddlewaretoken={MADE_UP_TOKEN}&page=%2Flibrary%2F&helpful=yes".encode()
    response = wsgi_post("/feedback/", io.BytesIO(form), cookie=f"csrftoken={MADE_UP_TOKEN}")
    assert response.status_code == 303
    assert PageFeedback.objects.get().page == "/library/"


def test_multipart_gets_415_whatever_its_size(disk_writes):
    body = encode_multipart(BOUNDARY, {"page": "/library/", "helpful": "yes"})
    response = Client().generic("POST", "/feedback/", body, MULTIPART_CONTENT)
    assert response.status_code == 415
    assert "cannot take files" in response.content.decode()
    assert PageFeedback.objects.count() == 0


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/json", "application/xml", "", "multipart/mixed"]
)
def test_a_body_that_is_not_a_plain_form_gets_415(content_type):
    response = Client().generic("POST", "/feedback/", b"page=/library/", content_type)
    assert response.status_code == 415


def test_an_empty_post_is_left_to_the_view(client):
    """No body, nothing to refuse: the view says what it always said (here, a form error)."""
    response = client.generic("POST", "/feedback/", b"", "")
    assert response.status_code == 400


def test_an_address_too_long_gets_414():
    response = Client().get("/library/", {"q": "a" * settings.MAX_URL_LENGTH})
    assert response.status_code == 414
    assert "too long" in response.content.decode()


@pytest.mark.parametrize(
    ("method", "path", "data", "status"),
    [
        ("post", "/feedback/", {"page": "/", "x": "a" * (LIMIT + 1)}, 413),
        ("post", "/feedback/", encode_multipart(BOUNDARY, {"page": "/"}), 415),
        ("get", "/library/?q=" + "a" * 5000, None, 414),
    ],
)
def test_the_refusals_are_friendly_pages_with_the_sites_headers(method, path, data, status):
    client = Client()
    if isinstance(data, bytes):
        response = client.generic("POST", path, data, MULTIPART_CONTENT)
    else:
        response = getattr(client, method)(path, data)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert "<h1" in response.content.decode()
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_limits_come_before_anything_that_reads_the_body():
    order = settings.MIDDLEWARE
    limits = order.index("pain_guide.core.limits.RequestLimitsMiddleware")
    assert limits < order.index("django.middleware.csrf.CsrfViewMiddleware")
    assert limits < order.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert limits < order.index("axes.middleware.AxesMiddleware")


def test_djangos_own_limits_keep_any_upload_in_memory_and_small(disk_writes):
    """Should the middleware ever be bypassed: a 3 MB file parsed by Django itself is neither
    written to the temporary folder nor kept (only files under 64 KB are held, in memory)."""
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.ADMIN_MAX_BODY_BYTES
    before = temp_folder()
    request = RequestFactory().generic(
        "POST", "/feedback/", multipart_body(3 * 1024 * 1024), MULTIPART_CONTENT
    )
    assert request.POST["page"] == "/library/"
    assert "file" not in request.FILES
    assert disk_writes == []
    assert temp_folder() - before == set()
