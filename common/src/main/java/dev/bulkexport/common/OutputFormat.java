package dev.bulkexport.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** File format of an export. */
public enum OutputFormat {
    CSV("text/csv; charset=utf-8"),
    JSONL("application/x-ndjson"),
    PARQUET("application/vnd.apache.parquet");

    private final String contentType;

    OutputFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return wireName();
    }

    @JsonValue
    public String wireName() {
        return WireEnum.wireName(this);
    }

    /** @throws IllegalArgumentException naming the allowed values */
    @JsonCreator
    public static OutputFormat fromWire(String wire) {
        return WireEnum.parse(OutputFormat.class, wire, "output_format");
    }
}
