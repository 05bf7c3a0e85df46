package dev.bulkexport.api.shard;

import dev.bulkexport.common.JobSpec;

import dev.bulkexport.common.ReportType;
import java.util.ArrayList;
import java.util.List;

/**
 * How a job is cut into shards: groups of its properties, each a contiguous run of its distinct ids in
 * ascending order. The reports are ordered by property first, so the union of the shards' files in shard order
 * is the job's rows in the order of one file. A job at or under the fan-out threshold is one shard of its
 * property ids as given.
 */
final class ShardPlan {
    private ShardPlan() {
    }

    /** The property groups of the job, in shard order (from shard 1). */
    static List<List<Long>> groups(JobSpec spec, ShardConfig config) {
        List<Long> distinct = spec.propertyIds().stream().distinct().sorted().toList();
        long days = spec.days();
        long estimatedRows = distinct.size() * days * rowsPerPropertyDay(spec.reportType(), config);
        if (estimatedRows <= config.fanOutRows() || distinct.size() < 2) {
            return List.of(spec.propertyIds());
        }
        long wanted = Math.max(2, (estimatedRows + config.rowsPerShard() - 1) / config.rowsPerShard());
        int count = (int) Math.min(wanted, Math.min(config.maxPerJob(), distinct.size()));
        List<List<Long>> groups = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            groups.add(distinct.subList(distinct.size() * i / count, distinct.size() * (i + 1) / count));
        }
        return groups;
    }

    private static long rowsPerPropertyDay(ReportType report, ShardConfig config) {
        return switch (report) {
            case PROPERTY -> 1;
            case UNITS -> config.unitsRowsPerPropertyDay();
            case FLOORPLANS -> config.floorplansRowsPerPropertyDay();
        };
    }
}
