package dev.bulkexport.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileSizingTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void the_automatic_limit_keeps_the_configured_part_size_well_within_the_part_count() {
        FileSizing sizing = FileSizing.of(4096, 8, 64, 10_000);

        assertThat(sizing.partSize()).isEqualTo(8 * MIB);
        assertThat(sizing.limitBytes()).isEqualTo(4096 * MIB);
    }

    @Test
    void a_file_limit_the_part_count_cannot_hold_at_that_part_size_gets_larger_parts() {
        FileSizing sizing = FileSizing.of(102_400, 8, 64, 10_000);

        assertThat(sizing.partSize()).isEqualTo(11 * MIB);
        assertThat((long) sizing.partSize() * sizing.maxParts()).isGreaterThanOrEqualTo(sizing.limitBytes());
        assertThat(sizing.limitBytes()).isEqualTo(102_400 * MIB);
    }

    @Test
    void past_the_largest_part_size_the_part_count_bounds_the_file_instead() {
        FileSizing sizing = FileSizing.of(4096, 5, 5, 3);

        assertThat(sizing.partSize()).isEqualTo(5 * MIB);
        assertThat(sizing.limitBytes()).isEqualTo(15 * MIB);
    }
}
