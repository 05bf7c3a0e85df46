package dev.bulkexport.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkexport.api.platform.ApiProblem;
import dev.bulkexport.common.Compression;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules across a create body's members and the configured limits, without a server. */
class JobRequestValidatorTest {
    private final JobRequestValidator validator = new JobRequestValidator(null, new Limits(10, 20));
    /** Limits that let a month of a few properties through, for the Iceberg rules. */
    private final JobRequestValidator monthly = new JobRequestValidator(null, new Limits(366, 2000));

    @Test
    void a_valid_request_becomes_its_spec_with_duplicate_ids_dropped_in_order() {
        CreateJobCommand command = validator.command(request(List.of(3L, 1L, 3L), OutputFormat.CSV, Compression.GZIP,
                List.of("date", "property_id")), false);

        assertThat(command.spec().propertyIds()).containsExactly(3L, 1L);
        assertThat(command.spec().compression()).isEqualTo(Compression.GZIP);
        assertThat(command.spec().fields()).containsExactly("date", "property_id");
        assertThat(command.callbackUrl()).isNull();
    }

    @Test
    void the_range_must_be_ordered_in_the_past_and_within_the_span() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertRefused(new CreateJobRequest(ReportType.PROPERTY, OutputFormat.CSV, today.minusDays(1),
                today.minusDays(2), List.of(1L), null, null, null, null, null, null, null), "start_date must not be after end_date");
        assertRefused(new CreateJobRequest(ReportType.PROPERTY, OutputFormat.CSV, today, today.plusDays(1),
                List.of(1L), null, null, null, null, null, null, null), "end_date must not be in the future");
        assertRefused(new CreateJobRequest(ReportType.PROPERTY, OutputFormat.CSV, today.minusDays(20),
                today.minusDays(10), List.of(1L), null, null, null, null, null, null, null), "must span at most 10 days");
    }

    @Test
    void too_many_ids_or_property_days_are_refused_naming_the_limit() {
        assertRefused(request(List.of(1L, 2L, 3L, 4L, 5L, 6L), OutputFormat.CSV, null, null),
                "property_ids may hold at most 5 ids");
        LocalDate end = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        assertRefused(new CreateJobRequest(ReportType.PROPERTY, OutputFormat.CSV, end.minusDays(9), end,
                List.of(1L, 2L, 3L), null, null, null, null, null, null, null), "must be at most 20 property-days");
    }

    @Test
    void parquet_takes_no_compression_and_fields_must_be_columns_of_the_report() {
        assertRefused(request(List.of(1L), OutputFormat.PARQUET, Compression.ZSTD, null),
                "compression must be none for output_format parquet");
        assertThat(validator.command(request(List.of(1L), OutputFormat.PARQUET, Compression.NONE, null), false)
                .spec().compression()).isEqualTo(Compression.NONE);
        assertRefused(request(List.of(1L), OutputFormat.CSV, null, List.of("date", "unit_id")),
                "fields[1]: 'unit_id' is not a column of the property report");
    }

    @Test
    void csv_formula_escaping_is_off_unless_asked_for_and_only_for_csv() {
        assertThat(validator.command(request(List.of(1L), OutputFormat.CSV, null, null), false).spec()
                .escapesCsvFormulas()).isFalse();
        assertThat(validator.command(request(List.of(1L), OutputFormat.CSV, null, null, true), false).spec()
                .escapesCsvFormulas()).isTrue();
        assertThat(validator.command(request(List.of(1L), OutputFormat.JSONL, null, null, false), false).spec()
                .csvFormulaEscaping()).isFalse();
        assertRefused(request(List.of(1L), OutputFormat.PARQUET, null, null, true),
                "csv_formula_escaping may be true for output_format csv only");
    }

    @Test
    void a_callback_must_pass_the_ssrf_rules_naming_the_rule() {
        LocalDate end = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        assertRefused(new CreateJobRequest(ReportType.PROPERTY, OutputFormat.CSV, end, end, List.of(1L),
                "ftp://example.com/x", null, null, null, null, null, null), "(rule: scheme)");
        assertRefused(new CreateJobRequest(ReportType.PROPERTY, OutputFormat.CSV, end, end, List.of(1L),
                "https://10.0.0.1/hook", null, null, null, null, null, null), "callback_url");
    }

    @Test
    void an_iceberg_sync_is_a_month_of_parquet_into_a_destination_that_keeps_the_report_key() {
        LocalDate month = LocalDate.now(ZoneOffset.UTC).minusMonths(2).withDayOfMonth(1);
        LocalDate last = month.withDayOfMonth(month.lengthOfMonth());
        UUID destination = UUID.randomUUID();

        CreateJobCommand command = monthly.command(iceberg(month, last, OutputFormat.PARQUET, destination,
                List.of("date", "unit_id", "property_id", "asking_rent"), "rentals.units_daily"), false);

        assertThat(command.spec().icebergTable()).isEqualTo("rentals.units_daily");
        assertThat(command.spec().syncsIcebergTable()).isTrue();
        assertRefusedMonthly(iceberg(month, last, OutputFormat.PARQUET, destination, null, "Rentals.units"),
                "iceberg_table must be namespace.table");
        assertRefusedMonthly(iceberg(month, last, OutputFormat.PARQUET, destination, null, "units_daily"),
                "iceberg_table must be namespace.table");
        assertRefusedMonthly(iceberg(month, last, OutputFormat.PARQUET, null, null, "rentals.units"),
                "iceberg_table needs destination_id");
        assertRefusedMonthly(iceberg(month, last, OutputFormat.CSV, destination, null, "rentals.units"),
                "output_format must be parquet for iceberg_table");
        assertRefusedMonthly(iceberg(month.plusDays(1), last, OutputFormat.PARQUET, destination, null,
                "rentals.units"), "start_date and end_date must be the first and the last day of one calendar month");
        assertRefusedMonthly(iceberg(month, last.plusMonths(1), OutputFormat.PARQUET, destination, null,
                "rentals.units"), "start_date and end_date must be the first and the last day of one calendar month");
        assertRefusedMonthly(iceberg(month, last, OutputFormat.PARQUET, destination,
                List.of("property_id", "date", "asking_rent"), "rentals.units"),
                "fields must include unit_id for iceberg_table");
    }

    private static CreateJobRequest iceberg(LocalDate start, LocalDate end, OutputFormat format, UUID destination,
            List<String> fields, String table) {
        return new CreateJobRequest(ReportType.UNITS, format, start, end, List.of(1L), null, null, fields, null,
                destination, null, table);
    }

    private void assertRefusedMonthly(CreateJobRequest request, String message) {
        assertThatThrownBy(() -> monthly.command(request, false)).isInstanceOf(ApiProblem.class)
                .hasMessageContaining(message).extracting(e -> ((ApiProblem) e).status()).isEqualTo(400);
    }

    private void assertRefused(CreateJobRequest request, String message) {
        assertThatThrownBy(() -> validator.command(request, false)).isInstanceOf(ApiProblem.class)
                .hasMessageContaining(message).extracting(e -> ((ApiProblem) e).status()).isEqualTo(400);
    }

    private static CreateJobRequest request(List<Long> ids, OutputFormat format, Compression compression,
            List<String> fields) {
        LocalDate end = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        return request(ids, format, compression, fields, null);
    }

    private static CreateJobRequest request(List<Long> ids, OutputFormat format, Compression compression,
            List<String> fields, Boolean csvFormulaEscaping) {
        LocalDate end = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        return new CreateJobRequest(ReportType.PROPERTY, format, end.minusDays(1), end, ids, null, compression,
                fields, null, null, csvFormulaEscaping, null);
    }

    /** Small limits, so that each rule is easy to reach. */
    private record Limits(int maxSpanDays, long maxPropertyDays) implements JobConfig {
        @Override
        public int maxPropertyIds() {
            return 5;
        }

        @Override
        public int maxUnfinishedPerAccount() {
            return 100;
        }

        @Override
        public int redeliveriesPerHour() {
            return 10;
        }

        @Override
        public Duration unfinishedRetryAfter() {
            return Duration.ofSeconds(30);
        }

        @Override
        public boolean allowHttpCallbacks() {
            return false;
        }

        @Override
        public Optional<List<String>> callbackAllowedHosts() {
            return Optional.empty();
        }

        @Override
        public Results results() {
            throw new UnsupportedOperationException("results are not part of a create's rules");
        }
    }
}
