"""Generated files go through Django's storage API: with THIDUA_STORAGE=s3 a job's file lands in an
S3-compatible bucket (here moto's S3 server over HTTP, as a MinIO would be) and downloads from it."""

from __future__ import annotations

import os
import subprocess
import sys

import boto3
import pytest
from django.core.files.storage import storages
from django.urls import reverse
from moto.server import ThreadedMotoServer

from thidua.jobs.models import Job
from thidua.jobs.registry import JobRun, register
from thidua.jobs.services import enqueue


def write_report(run: JobRun, *, text: str) -> None:
    run.save_result("báo cáo.txt", text.encode())


register("tests.report", label="Report", run=write_report)


@pytest.fixture
def s3_storage(settings, monkeypatch):
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for name, value in (("AWS_ACCESS_KEY_ID", "thidua"), ("AWS_SECRET_ACCESS_KEY", "secret")):
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket="thidua-files")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": "thidua-files", "endpoint_url": endpoint, "region_name": "us-east-1"},
        },
    }
    yield client
    server.stop()


def test_a_jobs_file_is_stored_in_the_bucket_and_downloaded_from_it(world, login, s3_storage) -> None:
    job = enqueue("tests.report", actor=world.user("member"), text="Khối thi đua số 1")
    job = Job.objects.get(pk=job.pk)
    assert job.result_name == "báo cáo.txt" and job.result.name.startswith(
        f"jobs/{job.created_at:%Y/%m}/{job.pk}/"
    )
    stored = s3_storage.get_object(Bucket="thidua-files", Key=job.result.name)["Body"].read()
    assert stored.decode() == "Khối thi đua số 1"
    assert storages["default"].__class__.__name__ == "S3Storage"
    response = login(world.user("member")).get(reverse("jobs:download", args=[job.pk]))
    assert b"".join(response.streaming_content).decode() == "Khối thi đua số 1"


def _settings_with(env: dict[str, str]) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.STORAGES['default']['BACKEND'], s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "thidua.settings", **env}
    done = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True)
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def test_storage_cache_and_sessions_are_chosen_by_the_environment() -> None:
    assert _settings_with({}) == (
        "django.core.files.storage.FileSystemStorage django.core.cache.backends.locmem.LocMemCache "
        "django.contrib.sessions.backends.db"
    )
    shared = _settings_with(
        {"THIDUA_STORAGE": "s3", "THIDUA_S3_BUCKET": "thidua", "REDIS_URL": "redis://127.0.0.1:6379/3"}
    )
    assert shared == (
        "storages.backends.s3.S3Storage django.core.cache.backends.redis.RedisCache "
        "django.contrib.sessions.backends.cached_db"
    )
    assert "THIDUA_S3_BUCKET must be set" in _settings_with({"THIDUA_STORAGE": "s3"})
    assert "THIDUA_STORAGE must be local or s3" in _settings_with({"THIDUA_STORAGE": "ftp"})
