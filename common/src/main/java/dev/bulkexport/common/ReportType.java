package dev.bulkexport.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a job exports. */
public enum ReportType {
    PROPERTY, UNITS, FLOORPLANS;

    @JsonValue
    public String wireName() {
        return WireEnum.wireName(this);
    }

    /** @throws IllegalArgumentException naming the allowed values */
    @JsonCreator
    public static ReportType fromWire(String wire) {
        return WireEnum.parse(ReportType.class, wire, "report_type");
    }
}
