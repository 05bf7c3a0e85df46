package dev.bulkexport.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a CSV or JSONL export file is compressed as a whole; Parquet compresses its pages itself (ZSTD). */
public enum Compression {
    NONE(""), GZIP(".gz"), ZSTD(".zst");

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    /** What the file name gains after the format's extension: {@code .gz}, {@code .zst} or nothing. */
    public String suffix() {
        return suffix;
    }

    @JsonValue
    public String wireName() {
        return WireEnum.wireName(this);
    }

    /** @throws IllegalArgumentException naming the allowed values */
    @JsonCreator
    public static Compression fromWire(String wire) {
        return WireEnum.parse(Compression.class, wire, "compression");
    }
}
