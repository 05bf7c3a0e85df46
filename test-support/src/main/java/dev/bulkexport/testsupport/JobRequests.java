package dev.bulkexport.testsupport;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Create-job bodies for tests, JobRunr's {@code aJob()} shape: a valid default (one property, one day of the
 * property report as CSV) and one method per member a test cares about, so a test names only what matters to it.
 */
public final class JobRequests {
    private String reportType = "property";
    private String outputFormat = "csv";
    private String startDate = "2024-01-01";
    private String endDate = "2024-01-01";
    private long[] propertyIds = {1};
    private String callbackUrl;

    private JobRequests() {
    }

    public static JobRequests aJob() {
        return new JobRequests();
    }

    public JobRequests of(String reportType, String outputFormat) {
        this.reportType = reportType;
        this.outputFormat = outputFormat;
        return this;
    }

    public JobRequests from(String startDate, String endDate) {
        this.startDate = startDate;
        this.endDate = endDate;
        return this;
    }

    public JobRequests properties(long... ids) {
        this.propertyIds = ids.clone();
        return this;
    }

    /** Properties {@code first} to {@code last}, both included. */
    public JobRequests propertyRange(long first, long last) {
        this.propertyIds = LongStream.rangeClosed(first, last).toArray();
        return this;
    }

    public JobRequests callback(String url) {
        this.callbackUrl = url;
        return this;
    }

    /** The JSON body of POST /api/v1/bulk_api/jobs. */
    public String json() {
        return "{\"report_type\":\"" + reportType + "\",\"output_format\":\"" + outputFormat + "\",\"start_date\":\""
                + startDate + "\",\"end_date\":\"" + endDate + "\",\"property_ids\":["
                + Arrays.stream(propertyIds).mapToObj(Long::toString).collect(Collectors.joining(",")) + "]"
                + (callbackUrl == null ? "" : ",\"callback_url\":\"" + callbackUrl + "\"") + "}";
    }

    @Override
    public String toString() {
        return json();
    }
}
