package dev.bulkexport.bench;

import dev.bulkexport.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The api's own SQL for GET of a job and for a create, as pgbench scripts. The statements are those of
 * api-service's code, copied here (bench may not depend on the api): GET job is {@code JobRows.FIND_OWNED}
 * (the key is read from the replica's cache, {@code KnownKeys}, at most once per 5 s); a create is
 * {@code JobSubmissionService.create}: BEGIN, then one pipelined batch (JobRows.unfinished,
 * AccountRows.notEntitled, JobRows.INSERT, IdempotencyRows.remember, OutboxRows.INSERT,
 * ShardRows.INSERT, QuotaRows.charge / lockAccountIfCharged / usage), then COMMIT. The values are those
 * of a job the api created in the same run (its row, shard and outbox row), read back, so both sides write
 * the same rows; only ids, keys and timestamps are new per transaction.
 */
final class ApiSql {
    /** JobRows.COLUMNS. */
    static final List<String> JOB_COLUMNS = List.of("id", "account_id", "report_type", "output_format",
            "property_ids", "start_date", "end_date", "status", "callback_url", "error_message", "created_at",
            "updated_at", "started_at", "completed_at", "rows_written", "properties_done", "properties_total",
            "result_row_count", "result_file_size_bytes", "result_sha256", "result_object_key", "result_file_name",
            "webhook_status", "webhook_attempts", "webhook_last_attempt_at", "webhook_last_response_status", "version",
            "compression", "fields", "max_file_size_mb", "result_file_count", "schedule_id", "destination_id",
            "destination_bucket", "destination_prefix", "destination_region", "destination_endpoint",
            "destination_access_key_id", "destination_sealed_secret");
    /** JobRows.INSERT's columns, in its order. */
    private static final List<String> INSERT_COLUMNS = List.of("id", "account_id", "report_type", "output_format",
            "property_ids", "start_date", "end_date", "status", "callback_url", "created_at", "updated_at", "version",
            "compression", "fields", "max_file_size_mb", "schedule_id", "destination_id", "destination_bucket",
            "destination_prefix", "destination_region", "destination_endpoint", "destination_access_key_id",
            "destination_sealed_secret");

    /** A script and its -D variables. */
    record Script(String text, Map<String, String> variables) {
    }

    private ApiSql() {
    }

    /** GET /api/v1/bulk_api/jobs/{id}: the one SELECT, for the job wrk reads. */
    static Script getJob(PostgresServer postgres, String jobId) throws SQLException {
        String account = accountOf(postgres, jobId);
        return new Script("SELECT " + String.join(", ", JOB_COLUMNS)
                + " FROM api.jobs WHERE id = :job_id AND account_id = :account_id;\n",
                Map.of("job_id", jobId, "account_id", account));
    }

    /** POST /api/v1/bulk_api/jobs: the create's transaction, with the values of {@code templateJobId}'s rows. */
    static Script createJob(PostgresServer postgres, String templateJobId) throws SQLException {
        Map<String, String> vars = new LinkedHashMap<>();
        StringBuilder insertValues = new StringBuilder();
        String shardIndex;
        String shardCount;
        String shardProperties;
        String shardTrace;
        String topic;
        String eventType;
        String payload;
        String eventTrace;
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD)) {
            Map<String, String> job = row(c, "SELECT " + INSERT_COLUMNS.stream().map(col -> col + "::text")
                    .reduce((a, b) -> a + ", " + b).orElseThrow() + " FROM api.jobs WHERE id = ?::uuid", templateJobId,
                    INSERT_COLUMNS);
            vars.put("account_id", job.get("account_id"));
            for (String column : INSERT_COLUMNS) {
                String value = switch (column) {
                    case "id" -> "md5(:r1::text)::uuid";
                    case "account_id" -> ":account_id";
                    case "created_at", "updated_at" -> "now()";
                    default -> {
                        if (job.get(column) == null) {
                            yield "NULL";
                        }
                        vars.put(column, job.get(column));
                        yield ":" + column;
                    }
                };
                insertValues.append(insertValues.length() == 0 ? "" : ", ").append(value);
            }
            Map<String, String> shard = row(c, "SELECT shard_index::text, shard_count::text, property_ids::text,"
                    + " traceparent FROM api.job_shards WHERE job_id = ?::uuid", templateJobId,
                    List.of("shard_index", "shard_count", "property_ids", "traceparent"));
            shardIndex = shard.get("shard_index");
            shardCount = shard.get("shard_count");
            shardProperties = shard.get("property_ids");
            shardTrace = shard.get("traceparent");
            Map<String, String> event = row(c, "SELECT topic, event_type, payload, traceparent FROM api.outbox"
                    + " WHERE message_key = ? ORDER BY id LIMIT 1", templateJobId,
                    List.of("topic", "event_type", "payload", "traceparent"));
            topic = event.get("topic");
            eventType = event.get("event_type");
            payload = event.get("payload");
            eventTrace = event.get("traceparent");
        }
        vars.put("unfinished", "SUBMITTED");
        vars.put("month", java.time.LocalDate.now(java.time.ZoneOffset.UTC).withDayOfMonth(1).toString());
        vars.put("request_hash", "0".repeat(64));
        vars.put("shard_index", shardIndex);
        vars.put("shard_count", shardCount);
        vars.put("shard_property_ids", shardProperties);
        vars.put("topic", topic);
        vars.put("event_type", eventType);
        vars.put("payload", payload);
        String shardTraceValue = nullable(vars, "shard_traceparent", shardTrace);
        String eventTraceValue = nullable(vars, "event_traceparent", eventTrace);
        String job = "md5(:r1::text)::uuid";
        String text = """
                \\set r1 random(1, 9223372036854775806)
                \\set r2 random(1, 9223372036854775806)
                BEGIN;
                \\startpipeline
                SELECT count(*) FROM api.jobs WHERE account_id = :account_id AND status = :unfinished;
                SELECT p.id FROM unnest(:property_ids::bigint[]) WITH ORDINALITY AS p (id, n) WHERE NOT (SELECT all_properties FROM api.accounts WHERE id = :account_id) AND NOT EXISTS (SELECT 1 FROM api.account_properties e WHERE e.account_id = :account_id AND e.property_id = p.id) ORDER BY p.n;
                INSERT INTO api.jobs (%s) VALUES (%s);
                INSERT INTO api.idempotency_keys (account_id, key, request_hash, job_id, created_at) VALUES (:account_id, 'pgbench-' || :r1 || '-' || :r2, :request_hash, %s, now()) ON CONFLICT (account_id, key) DO UPDATE SET request_hash = excluded.request_hash, job_id = excluded.job_id, created_at = now() WHERE api.idempotency_keys.created_at <= now() - INTERVAL '24 hours';
                INSERT INTO api.outbox (topic, message_key, event_id, event_type, payload, created_at, traceparent) VALUES (:topic, md5(:r1::text)::uuid::text, md5(:r2::text)::uuid, :event_type, :payload, now(), %s);
                INSERT INTO api.job_shards (job_id, shard_index, shard_count, account_id, property_ids, status, queued_at, traceparent) VALUES (%s, :shard_index, :shard_count, :account_id, :shard_property_ids, 'QUEUED', now(), %s);
                INSERT INTO api.quota_usage (account_id, month, property_id, job_id) SELECT :account_id, :month::date, p, %s FROM unnest(:property_ids::bigint[]) AS p ORDER BY p ON CONFLICT DO NOTHING;
                SELECT 1 FROM api.accounts WHERE id = :account_id AND EXISTS (SELECT 1 FROM api.quota_usage WHERE job_id = %s) FOR NO KEY UPDATE;
                SELECT a.monthly_quota, (SELECT count(*) FROM api.quota_usage q WHERE q.account_id = a.id AND q.month = :month::date) FROM api.accounts a WHERE a.id = :account_id;
                \\endpipeline
                COMMIT;
                """.formatted(String.join(", ", INSERT_COLUMNS), insertValues, job, eventTraceValue, job,
                shardTraceValue, job, job);
        return new Script(text, vars);
    }

    /** The job the api created last for the account of {@code jobId} (a POST of the run's wrk phase). */
    static String lastCreated(PostgresServer postgres, String jobId) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD)) {
            return row(c, "SELECT id::text FROM api.jobs WHERE account_id = (SELECT account_id FROM api.jobs WHERE id ="
                    + " ?::uuid) ORDER BY created_at DESC LIMIT 1", jobId, List.of("id")).get("id");
        }
    }

    /** How many shards the job was cut into. */
    static int shardCount(PostgresServer postgres, String jobId) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD)) {
            return Integer.parseInt(row(c, "SELECT count(*)::text AS shards FROM api.job_shards WHERE job_id = ?::uuid",
                    jobId, List.of("shards")).get("shards"));
        }
    }

    private static String nullable(Map<String, String> vars, String name, String value) {
        if (value == null) {
            return "NULL";
        }
        vars.put(name, value);
        return ":" + name;
    }

    private static String accountOf(PostgresServer postgres, String jobId) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD)) {
            return row(c, "SELECT account_id::text FROM api.jobs WHERE id = ?::uuid", jobId, List.of("account_id"))
                    .get("account_id");
        }
    }

    private static Map<String, String> row(Connection c, String sql, String parameter, List<String> names)
            throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no row for " + parameter + ": " + sql);
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    row.put(names.get(i), rs.getString(i + 1));
                }
                return row;
            }
        }
    }
}
