package dev.bulkexport.common.report;

import dev.bulkexport.common.ReportType;
import java.util.List;

/** The reports the worker can build, one per report type. */
public final class Reports {
    public static final ReportDefinition PROPERTY = PropertyReport.DEFINITION;
    public static final ReportDefinition UNITS = UnitsReport.DEFINITION;
    public static final ReportDefinition FLOORPLANS = FloorplansReport.DEFINITION;

    private Reports() {
    }

    /** Every report, in the order of {@link ReportType}. */
    public static List<ReportDefinition> all() {
        return List.of(PROPERTY, UNITS, FLOORPLANS);
    }

    public static ReportDefinition forType(ReportType type) {
        return switch (type) {
            case PROPERTY -> PROPERTY;
            case UNITS -> UNITS;
            case FLOORPLANS -> FLOORPLANS;
        };
    }
}
