"""Tests of bulk_export.py. The API tests run against a real stack named by BULK_EXPORT_URL and
BULK_EXPORT_API_KEY (the e2e suite's ClientsIT sets them; or ./run.sh and its demo key):

    BULK_EXPORT_API_KEY=$(cat .run/demo-api-key) python3 -m unittest discover -s clients/python -v
"""

import csv
import gzip
import os
import tempfile
import time
import unittest

import bulk_export
from bulk_export import BulkExportClient

LIVE = bool(os.environ.get("BULK_EXPORT_API_KEY"))
MARCH = dict(report_type="property", output_format="csv", start_date="2024-03-01", end_date="2024-03-31")


class WebhookSignatureTest(unittest.TestCase):
    # The example of the Standard Webhooks specification.
    SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    HEADERS = {"webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
               "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="}
    BODY = '{"test": 2432232314}'

    def test_a_webhook_signed_with_the_secret_verifies(self):
        self.assertTrue(bulk_export.verify_webhook(self.SECRET, self.HEADERS, self.BODY, now=1614265330))

    def test_a_changed_body_or_another_secret_does_not_verify(self):
        self.assertFalse(bulk_export.verify_webhook(self.SECRET, self.HEADERS, self.BODY + " ", now=1614265330))
        other = "whsec_" + "A" * 32
        self.assertFalse(bulk_export.verify_webhook(other, self.HEADERS, self.BODY, now=1614265330))

    def test_an_old_webhook_is_refused_as_a_possible_replay(self):
        self.assertFalse(bulk_export.verify_webhook(self.SECRET, self.HEADERS, self.BODY, now=1614265330 + 301))

    def test_any_of_several_signatures_may_match(self):
        headers = dict(self.HEADERS, **{"Webhook-Signature": "v1,bm90IGl0 " + self.HEADERS["webhook-signature"]})
        del headers["webhook-signature"]
        self.assertTrue(bulk_export.verify_webhook(self.SECRET, headers, self.BODY.encode(), now=1614265330))


@unittest.skipUnless(LIVE, "needs BULK_EXPORT_URL and BULK_EXPORT_API_KEY of a running stack")
class ApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = BulkExportClient()
        cls.job = cls.client.wait(cls.client.create_job(property_ids=[4, 5, 6], **MARCH)["job_id"],
                                  poll_interval=0.2, timeout=120)

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def test_a_created_job_succeeds_and_downloads_with_its_sha256_checked(self):
        self.assertEqual("succeeded", self.job["status"])
        path = self.client.download(self.job, os.path.join(self.dir.name, "march.csv"))
        with open(path, encoding="utf-8") as f:
            self.assertTrue(f.readline().startswith("property_id"))
        self.assertEqual(self.job["result"]["file_size_bytes"], os.path.getsize(path))

    def test_every_file_of_a_split_compressed_job_downloads_checked(self):
        job = self.client.wait(self.client.create_job(
            "units", "csv", "2023-01-01", "2023-12-31", list(range(1, 26)), compression="gzip",
            fields=["unit_id", "date", "asking_rent", "amenities", "lease_terms"], max_file_size_mb=1)["job_id"],
            poll_interval=0.2, timeout=120)
        paths = self.client.download_all(job, os.path.join(self.dir.name, "split"))
        self.assertEqual(job["result"]["file_count"], len(paths))
        self.assertGreater(len(paths), 1)
        rows = 0
        for path in paths:
            self.assertTrue(path.endswith(".csv.gz"))
            with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
                records = list(csv.reader(f))
            self.assertEqual(["unit_id", "date", "asking_rent", "amenities", "lease_terms"], records[0])
            rows += len(records) - 1
        self.assertEqual(job["result"]["row_count"], rows)

    def test_a_schedule_backfills_its_past_months_pauses_and_goes_keeping_its_jobs(self):
        schedule = self.client.create_schedule("monthly", "monthly", "property", "csv", [7], time_zone="UTC")
        queued = self.client.backfill(schedule["schedule_id"], "2024-01-01", "2024-02-29")
        self.assertEqual(["2024-01-01", "2024-02-01"], sorted(run["start_date"] for run in queued["runs"]))
        deadline = time.monotonic() + 120
        while True:
            runs = self.client.schedule_runs(schedule["schedule_id"])["runs"]
            if all(run["job_id"] for run in runs) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        jobs = [self.client.wait(run["job_id"], poll_interval=0.2, timeout=120) for run in runs]
        self.assertEqual(["succeeded", "succeeded"], [job["status"] for job in jobs])
        self.assertEqual({schedule["schedule_id"]}, {job["schedule_id"] for job in jobs})
        self.assertTrue(self.client.update_schedule(schedule["schedule_id"], paused=True)["paused"])
        self.client.delete_schedule(schedule["schedule_id"])
        with self.assertRaises(bulk_export.NotFound):
            self.client.get_schedule(schedule["schedule_id"])
        self.assertEqual("succeeded", self.client.get_job(jobs[0]["job_id"])["status"])

    @unittest.skipUnless(os.environ.get("CUSTOMER_S3_ENDPOINT"), "needs a customer bucket (CUSTOMER_S3_*)")
    def test_a_job_to_an_added_destination_lands_there_and_the_secret_is_never_answered(self):
        secret = os.environ["CUSTOMER_S3_SECRET_KEY"]
        destination = self.client.add_destination(
            "py", os.environ["CUSTOMER_S3_BUCKET"], "us-east-1", os.environ["CUSTOMER_S3_ACCESS_KEY"], secret,
            prefix="python", endpoint=os.environ["CUSTOMER_S3_ENDPOINT"])
        self.assertNotIn(secret, str(destination))
        self.assertIn(destination["destination_id"],
                      [d["destination_id"] for d in self.client.list_destinations()["destinations"]])
        job = self.client.wait(self.client.create_job(property_ids=[3], destination_id=destination["destination_id"],
                                                      **MARCH)["job_id"], poll_interval=0.2, timeout=120)
        self.assertEqual("succeeded", job["status"])
        self.assertEqual("python/%s/" % job["job_id"], job["result"]["destination"]["prefix"])
        with self.assertRaises(bulk_export.Conflict):
            self.client.results_url(job["job_id"])
        self.client.delete_destination(destination["destination_id"])
        with self.assertRaises(bulk_export.NotFound):
            self.client.get_destination(destination["destination_id"])

    @unittest.skipUnless(os.environ.get("CUSTOMER_S3_ENDPOINT"), "needs a customer bucket (CUSTOMER_S3_*)")
    def test_a_monthly_schedule_into_an_iceberg_table_backfills_jobs_naming_the_table_and_keeps_its_columns(self):
        destination = self.client.add_destination(
            "py-iceberg", os.environ["CUSTOMER_S3_BUCKET"], "us-east-1", os.environ["CUSTOMER_S3_ACCESS_KEY"],
            os.environ["CUSTOMER_S3_SECRET_KEY"], prefix="python-iceberg", endpoint=os.environ["CUSTOMER_S3_ENDPOINT"])
        sync = dict(destination_id=destination["destination_id"], iceberg_table="python.units")
        with self.assertRaises(bulk_export.BadRequest) as raised:
            self.client.create_job("units", "csv", "2024-01-01", "2024-01-31", [1], **sync)
        self.assertTrue(raised.exception.message.startswith("output_format must be parquet for iceberg_table"))
        with self.assertRaises(bulk_export.BadRequest) as raised:
            self.client.create_schedule("weekly table", "weekly", "units", "parquet", [1], **sync)
        self.assertIn("cadence must run once a month", raised.exception.message)

        schedule = self.client.create_schedule("units table", "monthly", "units", "parquet", [1, 2], **sync)
        self.assertEqual("python.units", schedule["iceberg_table"])
        with self.assertRaises(bulk_export.BadRequest) as raised:
            self.client.update_schedule(schedule["schedule_id"], fields=["property_id", "unit_id", "date"])
        self.assertTrue(raised.exception.message.startswith("fields must keep"))
        queued = self.client.backfill(schedule["schedule_id"], "2024-01-01", "2024-01-31")
        self.assertEqual([("2024-01-01", "2024-01-31")], [(r["start_date"], r["end_date"]) for r in queued["runs"]])
        deadline = time.monotonic() + 120
        while True:
            runs = self.client.schedule_runs(schedule["schedule_id"])["runs"]
            if all(run["job_id"] for run in runs) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        job = self.client.wait(runs[0]["job_id"], poll_interval=0.2, timeout=120)
        self.assertEqual(("succeeded", "python.units", "parquet"),
                         (job["status"], job["iceberg_table"], job["output_format"]))
        self.client.delete_schedule(schedule["schedule_id"])
        self.client.delete_destination(destination["destination_id"])

    def test_wait_reports_each_look_at_the_job(self):
        seen = []
        job = self.client.wait(self.job["job_id"], on_progress=seen.append)
        self.assertEqual(self.job["job_id"], job["job_id"])
        self.assertEqual(["succeeded"], [j["status"] for j in seen])

    def test_a_download_resumes_from_the_partial_file_with_a_range_request(self):
        path = os.path.join(self.dir.name, "resumed.csv")
        whole = self.client.download(self.job, os.path.join(self.dir.name, "whole.csv"))
        with open(whole, "rb") as f:
            data = f.read()
        part = "%s.%s.part" % (path, self.job["result"]["sha256"][:12])
        with open(part, "wb") as f:
            f.write(data[: len(data) // 2])
        self.client.download(self.job["job_id"], path)
        with open(path, "rb") as f:
            self.assertEqual(data, f.read())
        self.assertFalse(os.path.exists(part))

    def test_a_file_that_does_not_match_the_sha256_is_refused_and_removed(self):
        path = os.path.join(self.dir.name, "corrupt.csv")
        part = "%s.%s.part" % (path, self.job["result"]["sha256"][:12])
        with open(part, "wb") as f:
            f.write(b"x" * self.job["result"]["file_size_bytes"])
        with self.assertRaises(bulk_export.ChecksumMismatch):
            self.client.download(self.job, path)
        self.assertFalse(os.path.exists(part))
        self.assertFalse(os.path.exists(path))

    def test_get_and_list_show_the_job(self):
        self.assertEqual(self.job["result"], self.client.get_job(self.job["job_id"])["result"])
        page = self.client.list_jobs(per_page=100)
        self.assertIn(self.job["job_id"], [j["job_id"] for j in page["jobs"]])
        self.assertEqual(100, page["pagination"]["per_page"])

    def test_cancelling_a_job_answers_it_cancelled_or_already_finished(self):
        job = self.client.create_job(property_ids=[7], **MARCH)
        try:
            self.assertEqual("cancelled", self.client.cancel_job(job["job_id"])["status"])
        except bulk_export.Conflict as finished:
            self.assertEqual(409, finished.problem["status"])

    def test_cancelling_a_succeeded_job_is_a_conflict_with_the_problem_body(self):
        with self.assertRaises(bulk_export.Conflict) as raised:
            self.client.cancel_job(self.job["job_id"])
        self.assertEqual(409, raised.exception.status)
        self.assertEqual("Conflict", raised.exception.problem["error"])

    def test_an_invalid_body_raises_bad_request_naming_the_field(self):
        with self.assertRaises(bulk_export.BadRequest) as raised:
            self.client.create_job("property", "csv", "2024-03-10", "2024-03-01", [1])
        self.assertEqual("start_date must not be after end_date", raised.exception.message)
        self.assertEqual(400, raised.exception.problem["status"])

    def test_a_bad_key_raises_unauthorized(self):
        with self.assertRaises(bulk_export.Unauthorized) as raised:
            BulkExportClient(api_key="pbe_not_a_key").list_jobs()
        self.assertEqual("Missing or invalid bearer token", raised.exception.problem["message"])

    def test_an_unknown_job_raises_not_found(self):
        with self.assertRaises(bulk_export.NotFound):
            self.client.get_job("6f1c2a9e-3b7d-4c51-9e2a-0d8b4f7a1c35")

    def test_quota_impact_and_lookup_answer(self):
        impact = self.client.quota_impact(property_ids=[4, 5, 6], **MARCH)
        self.assertEqual(3, impact["requested_records"])
        found = self.client.lookup_properties(per_page=5)
        self.assertEqual(5, found["pagination"]["per_page"])


if __name__ == "__main__":
    unittest.main()
