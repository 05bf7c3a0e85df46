package dev.bulkexport.api.shard;


import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ShardPlanTest {
    /** Fan out above 10,000 estimated rows, 5,000 rows a shard, at most 4 shards. */
    private static final ShardConfig CONFIG = new ShardConfig() {
        public long fanOutRows() {
            return 10_000;
        }

        public long rowsPerShard() {
            return 5_000;
        }

        public int maxPerJob() {
            return 4;
        }

        public int maxRunningPerAccount() {
            return 8;
        }

        public Duration dispatchInterval() {
            return Duration.ofSeconds(1);
        }

        public int unitsRowsPerPropertyDay() {
            return 100;
        }

        public int floorplansRowsPerPropertyDay() {
            return 4;
        }
    };
    private static final ShardPlan PLAN = new ShardPlan(CONFIG);

    @Test
    void a_job_at_or_under_the_threshold_is_one_shard_of_its_properties_as_given() {
        // 3 properties × 33 days × 100 units rows = 9,900
        assertThat(PLAN.groups(units(List.of(9L, 3L, 5L), 33))).containsExactly(List.of(9L, 3L, 5L));
    }

    @Test
    void a_larger_job_is_cut_into_contiguous_runs_of_its_distinct_properties_in_ascending_order() {
        // 3 properties × 34 days × 100 = 10,200: 3 shards of at most 5,000 rows
        assertThat(PLAN.groups(units(List.of(9L, 3L, 5L, 3L), 34)))
                .containsExactly(List.of(3L), List.of(5L), List.of(9L));
    }

    @Test
    void shards_are_at_most_max_per_job_and_every_property_is_in_exactly_one() {
        List<Long> ids = LongStream.rangeClosed(1, 10).boxed().toList();

        List<List<Long>> groups = PLAN.groups(units(LongStream.rangeClosed(1, 10).map(i -> 11 - i).boxed()
                .toList(), 366));

        assertThat(groups).hasSize(4);
        assertThat(groups.stream().flatMap(List::stream).toList()).isEqualTo(ids);
    }

    private static JobSpec units(List<Long> ids, int days) {
        LocalDate start = LocalDate.of(2024, 1, 1);
        return new JobSpec(ReportType.UNITS, OutputFormat.CSV, ids, start, start.plusDays(days - 1), null, null, null,
                null, null, null);
    }
}
