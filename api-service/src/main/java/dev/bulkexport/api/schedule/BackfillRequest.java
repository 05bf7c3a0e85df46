package dev.bulkexport.api.schedule;

import dev.bulkexport.api.platform.MemberRule;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;

/** The body of a backfill: the runs of every whole period from {@code from} to {@code to}. */
record BackfillRequest(
        @MemberRule("a date in the form YYYY-MM-DD") @NotNull(message = "is required")
        LocalDate from,
        @MemberRule("a date in the form YYYY-MM-DD") @NotNull(message = "is required")
        LocalDate to) {
}
