package dev.bulkexport.api.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkexport.api.platform.MemberRule;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A schedule body's own members; every other member is a job option ({@code CreateJobRequest} without the dates).
 * {@code window} is {@code "previous_period"}, {@code "since_last_success"} or {@code {"last_days": N}}, checked by
 * {@link ScheduleRequestValidator}.
 */
record ScheduleRequest(
        @NotNull(message = "is required") @NotBlank(message = "must be 1 to 200 characters, not blank")
        @Size(max = 200, message = "must be 1 to 200 characters, not blank")
        String name,
        @NotNull(message = "is required")
        String timeZone,
        @NotNull(message = "is required")
        String cadence,
        JsonNode window,
        @MemberRule("true or false")
        Boolean paused) {
}
