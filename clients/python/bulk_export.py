"""Python client of the Property Bulk Export API: one module, standard library only, Python 3.9+.

    from bulk_export import BulkExportClient
    client = BulkExportClient()                      # BULK_EXPORT_URL, BULK_EXPORT_API_KEY
    job = client.create_job("units", "parquet", "2024-01-01", "2024-01-31", [1, 2, 3])
    job = client.wait(job["job_id"], on_progress=lambda j: print(j.get("progress")))
    client.download(job, "units.parquet")            # resumes with HTTP Range, checks sha256
    client.download_all(job, "units/")               # every file of the manifest (result.file_count > 1)

    # the monthly sync into your own bucket
    dest = client.add_destination("warehouse", "acme-exports", "eu-central-1", "AKIA...", secret, prefix="bulk")
    client.create_schedule("monthly sync", "monthly", "property", "parquet", [1, 2, 3],
                           destination_id=dest["destination_id"], time_zone="Europe/Berlin")

    # or each month as one snapshot of an Apache Iceberg table in that bucket, the past months backfilled
    sync = client.create_schedule("units table", "monthly", "units", "parquet", [1, 2, 3],
                                  destination_id=dest["destination_id"], iceberg_table="rentals.units_daily")
    client.backfill(sync["schedule_id"], "2024-01-01", "2024-06-30")   # a job (one snapshot) per month
    # each run's job, once succeeded: job["result"]["iceberg"] == {"table", "metadata_location", "snapshot_id"}

Errors are ApiError subclasses (BadRequest, Unauthorized, ...) carrying the problem body; webhooks are
checked with verify_webhook(secret, headers, body) (Standard Webhooks).
"""

import base64
import hashlib
import hmac
import http.client
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request

__all__ = [
    "BulkExportClient", "BulkExportError", "ApiError", "BadRequest", "Unauthorized", "Forbidden", "NotFound",
    "Conflict", "UnsupportedMediaType", "RateLimited", "ChecksumMismatch", "WaitTimeout", "verify_webhook",
]

LOCAL_RUN = "http://127.0.0.1:8080"
JOBS = "/api/v1/bulk_api/jobs"
SCHEDULES = "/api/v1/bulk_api/schedules"
DESTINATIONS = "/api/v1/bulk_api/destinations"
OUTCOMES = ("succeeded", "failed", "cancelled")


class BulkExportError(Exception):
    """Anything this client raises on purpose."""


class ApiError(BulkExportError):
    """An error answer: its HTTP status and problem body (error, message, type, title, status, detail...)."""

    def __init__(self, status, problem, headers=None):
        self.status = status
        self.problem = problem or {}
        self.headers = headers or {}
        self.message = self.problem.get("message") or self.problem.get("detail") or "HTTP %d" % status
        super().__init__("HTTP %d %s: %s" % (status, self.problem.get("error", ""), self.message))


class BadRequest(ApiError):
    """400: the message names the field and the rule."""


class Unauthorized(ApiError):
    """401: missing, malformed, unknown, revoked or expired key."""


class Forbidden(ApiError):
    """403: no permission, properties outside the entitlement, or quota exhausted (quota_limit, quota_usage)."""


class NotFound(ApiError):
    """404: no such job for this account."""


class Conflict(ApiError):
    """409: results of a job that has not succeeded, cancel of a finished job, Idempotency-Key reuse."""


class UnsupportedMediaType(ApiError):
    """415: the body was not JSON."""


class RateLimited(ApiError):
    """429 after the client's own retries; retry_after in seconds."""

    @property
    def retry_after(self):
        return int(self.headers.get("Retry-After", "1"))


class ChecksumMismatch(BulkExportError):
    """A downloaded file is not the job's: another size or sha256 (the partial file is deleted)."""


class WaitTimeout(BulkExportError):
    """The job had no outcome within the wait's timeout."""


_ERRORS = {400: BadRequest, 401: Unauthorized, 403: Forbidden, 404: NotFound, 409: Conflict,
           415: UnsupportedMediaType, 429: RateLimited}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """The 302 of /results is read, not followed: the pre-signed URL must never receive the API key."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class BulkExportClient:
    """The public API. Waits out 429 answers as Retry-After says, up to max_rate_limit_retries times."""

    def __init__(self, base_url=None, api_key=None, timeout=30.0, max_rate_limit_retries=5):
        self.base_url = (base_url or os.environ.get("BULK_EXPORT_URL") or LOCAL_RUN).rstrip("/")
        self.api_key = api_key or os.environ.get("BULK_EXPORT_API_KEY")
        if not self.api_key:
            raise BulkExportError("no API key: pass api_key or set BULK_EXPORT_API_KEY")
        self.timeout = timeout
        self.max_rate_limit_retries = max_rate_limit_retries
        self._api = urllib.request.build_opener(_NoRedirect)

    # Jobs

    def create_job(self, report_type, output_format, start_date, end_date, property_ids, callback_url=None,
                   idempotency_key=None, **additional):
        """Creates a job (201); with the same idempotency_key and body, returns the original job.

        additional: the other members of a create body (compression, fields, max_file_size_mb, destination_id,
        csv_formula_escaping, iceberg_table). iceberg_table="namespace.table" commits the rows as one snapshot of
        that Apache Iceberg table on the destination: it needs destination_id, output_format "parquet", one whole
        calendar month (start_date the 1st, end_date the month's last day) and, when fields are given, the
        report's key columns (property_id, unit_id or floorplan_id, date); else BadRequest names the member. The
        succeeded job's result["iceberg"] is {"table", "metadata_location", "snapshot_id"}.
        """
        body = dict(report_type=report_type, output_format=output_format, start_date=str(start_date),
                    end_date=str(end_date), property_ids=list(property_ids), **additional)
        if callback_url is not None:
            body["callback_url"] = callback_url
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        return self._json("POST", JOBS, body, headers)

    def get_job(self, job_id):
        return self._json("GET", "%s/%s" % (JOBS, _quote(job_id)))

    def list_jobs(self, page=None, per_page=None, status=None):
        """One page: {"jobs": [...], "pagination": {current_page, total_pages, total_count, per_page}}."""
        return self._json("GET", JOBS + _query(page=page, per_page=per_page, status=status))

    def cancel_job(self, job_id):
        return self._json("DELETE", "%s/%s" % (JOBS, _quote(job_id)))

    def quota_impact(self, report_type, output_format, start_date, end_date, property_ids, **additional):
        body = dict(report_type=report_type, output_format=output_format, start_date=str(start_date),
                    end_date=str(end_date), property_ids=list(property_ids), **additional)
        return self._json("POST", JOBS + "/quota_impact", body)

    def lookup_properties(self, query=None, city=None, state=None, zip_code=None, page=None, per_page=None):
        return self._json("GET", "/api/v1/properties/lookup" + _query(
            query=query, city=city, state=state, zip_code=zip_code, page=page, per_page=per_page))

    def wait(self, job_id, poll_interval=1.0, timeout=None, on_progress=None):
        """Polls until the job is succeeded, failed or cancelled and returns it; on_progress(job) each look."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            job = self.get_job(job_id)
            if on_progress is not None:
                on_progress(job)
            if job["status"] in OUTCOMES:
                return job
            if deadline is not None and time.monotonic() > deadline:
                raise WaitTimeout("job %s has no outcome after %s s" % (job_id, timeout))
            time.sleep(poll_interval)

    def results_url(self, job_id):
        """The pre-signed download URL (valid 7 days), signed afresh on every call."""
        status, headers, _ = self._send("GET", "%s/%s/results" % (JOBS, _quote(job_id)))
        if status != 302 or "Location" not in headers:
            raise ApiError(status, None, headers)
        return headers["Location"]

    def download(self, job, path, max_attempts=8):
        """Downloads a succeeded job's file to path and checks its size and sha256; returns path.

        Bytes arrive in path + ".part"; a cut connection (or an earlier run) resumes from there with an
        HTTP Range request. job is the job object or its id.
        """
        if isinstance(job, str):
            job = self.get_job(job)
        result = job.get("result") or {}
        if job.get("status") != "succeeded" or not result:
            raise BulkExportError("job %s has no result to download (status %s)" % (job.get("job_id"),
                                                                                   job.get("status")))
        job_id = job["job_id"]
        return self._fetch(lambda: self.results_url(job_id), path, result["file_size_bytes"], result["sha256"],
                           max_attempts)

    def manifest(self, job_id):
        """A succeeded job's files in order, each with a pre-signed url (7 days) signed afresh on every call."""
        return self._json("GET", "%s/%s/results/manifest" % (JOBS, _quote(job_id)))

    def download_all(self, job, directory, max_attempts=8):
        """Downloads every file of a succeeded job's manifest into directory, each checked; returns the paths.

        Works for a job of one file too; use it when result.file_count is more than 1 (download() then gets
        the stored manifest object, not the data).
        """
        job_id = job if isinstance(job, str) else job["job_id"]
        os.makedirs(directory, exist_ok=True)
        paths = []
        for entry in self.manifest(job_id)["files"]:
            index = entry["index"]
            path = os.path.join(directory, os.path.basename(entry["file_name"]))
            fresh_url = lambda: next(f["url"] for f in self.manifest(job_id)["files"] if f["index"] == index)
            paths.append(self._fetch(fresh_url, path, entry["file_size_bytes"], entry["sha256"], max_attempts))
        return paths

    # Schedules: a job for every period

    def create_schedule(self, name, cadence, report_type, output_format, property_ids, time_zone="UTC",
                        window="previous_period", **additional):
        """Creates a schedule (201). cadence: daily, weekly, monthly or a 5-field cron expression; window:
        "previous_period", "since_last_success" or {"last_days": N}; additional: any create-job member but
        the dates (callback_url, compression, fields, max_file_size_mb, destination_id, iceberg_table).

        With iceberg_table (see create_job) each run commits its month to the table: cadence must be "monthly"
        and window "previous_period". While the schedule keeps the table, update_schedule may add fields but
        not drop one, nor change report_type."""
        body = dict(name=name, cadence=cadence, time_zone=time_zone, window=window, report_type=report_type,
                    output_format=output_format, property_ids=list(property_ids), **additional)
        return self._json("POST", SCHEDULES, body)

    def get_schedule(self, schedule_id):
        return self._json("GET", "%s/%s" % (SCHEDULES, _quote(schedule_id)))

    def list_schedules(self, page=None, per_page=None):
        return self._json("GET", SCHEDULES + _query(page=page, per_page=per_page))

    def update_schedule(self, schedule_id, **changes):
        """PATCH: the members given replace the schedule's (None removes an optional one); paused=True pauses."""
        return self._json("PATCH", "%s/%s" % (SCHEDULES, _quote(schedule_id)), changes)

    def schedule_runs(self, schedule_id, page=None, per_page=None):
        """{"runs": [...]}, latest period first; each run's status is its job's, or pending or rejected."""
        return self._json("GET", "%s/%s/runs" % (SCHEDULES, _quote(schedule_id)) + _query(page=page,
                                                                                        per_page=per_page))

    def backfill(self, schedule_id, from_date, to_date):
        """Queues the runs of the whole past periods from from_date to to_date (at most 36 per call; 202)."""
        return self._json("POST", "%s/%s/backfill" % (SCHEDULES, _quote(schedule_id)),
                          {"from": str(from_date), "to": str(to_date)})

    def delete_schedule(self, schedule_id):
        """Deletes the schedule; its jobs stay."""
        self._send("DELETE", "%s/%s" % (SCHEDULES, _quote(schedule_id)))

    # Destinations: your own S3 buckets

    def add_destination(self, name, bucket, region, access_key_id, secret_access_key, prefix=None, endpoint=None):
        """Adds a destination after the API wrote and deleted a test object under prefix (201); the secret is
        write-only: no answer holds it."""
        body = dict(type="s3", name=name, bucket=bucket, region=region, access_key_id=access_key_id,
                    secret_access_key=secret_access_key)
        if prefix is not None:
            body["prefix"] = prefix
        if endpoint is not None:
            body["endpoint"] = endpoint
        return self._json("POST", DESTINATIONS, body)

    def get_destination(self, destination_id):
        return self._json("GET", "%s/%s" % (DESTINATIONS, _quote(destination_id)))

    def list_destinations(self, page=None, per_page=None):
        return self._json("GET", DESTINATIONS + _query(page=page, per_page=per_page))

    def delete_destination(self, destination_id):
        self._send("DELETE", "%s/%s" % (DESTINATIONS, _quote(destination_id)))

    def _fetch(self, url, path, size, sha256, max_attempts):
        """Fetches one file into path + ".part" (resuming with Range), checks size and sha256, renames it."""
        part = "%s.%s.part" % (path, sha256[:12])
        failures = 0
        while True:
            have = os.path.getsize(part) if os.path.exists(part) else 0
            if have > size:
                os.remove(part)
                have = 0
            if have == size and os.path.exists(part):
                break
            try:
                self._receive(url(), part, have)
            except (OSError, http.client.HTTPException):
                failures += 1
                if failures >= max_attempts:
                    raise
                time.sleep(0.25 * failures)
        got_size, got_sha = os.path.getsize(part), _sha256(part)
        if got_size != size or got_sha != sha256:
            os.remove(part)
            raise ChecksumMismatch("%s: got %d bytes with sha256 %s, the job says %d bytes with sha256 %s"
                                   % (path, got_size, got_sha, size, sha256))
        os.replace(part, path)
        return path

    # HTTP

    def _receive(self, url, part, offset):
        request = urllib.request.Request(url)
        if offset > 0:
            request.add_header("Range", "bytes=%d-" % offset)
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            mode = "ab" if response.status == 206 else "wb"
            with open(part, mode) as out:
                while True:
                    chunk = response.read(1 << 16)
                    if not chunk:
                        break
                    out.write(chunk)

    def _json(self, method, path, body=None, headers=None):
        status, _, payload = self._send(method, path, body, headers)
        return json.loads(payload.decode("utf-8")) if payload else None

    def _send(self, method, path, body=None, headers=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        all_headers = {"Authorization": "Bearer " + self.api_key, "Accept": "application/json"}
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        attempt = 0
        while True:
            request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=all_headers)
            try:
                with self._api.open(request, timeout=self.timeout) as response:
                    return response.status, dict(response.headers), response.read()
            except urllib.error.HTTPError as e:
                answer = dict(e.headers or {})
                payload = e.read()
                if e.code == 302:
                    return e.code, answer, payload
                if e.code == 429 and attempt < self.max_rate_limit_retries:
                    attempt += 1
                    time.sleep(max(1, int(answer.get("Retry-After", "1"))))
                    continue
                raise _ERRORS.get(e.code, ApiError)(e.code, _problem(payload), answer) from None


def verify_webhook(secret, headers, body, tolerance_seconds=300, now=None):
    """True when a webhook is signed with the account's whsec_ secret (Standard Webhooks) and is recent.

    headers: a mapping with webhook-id, webhook-timestamp and webhook-signature (any case); body: the raw
    request body, bytes or str, exactly as received.
    """
    lower = {k.lower(): v for k, v in headers.items()}
    try:
        msg_id, timestamp, signatures = lower["webhook-id"], lower["webhook-timestamp"], lower["webhook-signature"]
        sent_at = int(timestamp)
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - sent_at) > tolerance_seconds:
        return False
    key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
    payload = body if isinstance(body, bytes) else body.encode("utf-8")
    signed = msg_id.encode("utf-8") + b"." + timestamp.encode("utf-8") + b"." + payload
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")
    for signature in signatures.split():
        version, _, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    return False


def _problem(payload):
    try:
        problem = json.loads(payload.decode("utf-8"))
        return problem if isinstance(problem, dict) else None
    except ValueError:
        return None


def _query(**parameters):
    present = {k: v for k, v in parameters.items() if v is not None}
    return "?" + urllib.parse.urlencode(sorted(present.items())) if present else ""


def _quote(value):
    return urllib.parse.quote(str(value), safe="")


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()
