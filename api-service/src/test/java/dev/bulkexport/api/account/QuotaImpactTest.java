package dev.bulkexport.api.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The quota arithmetic of a create: only properties not yet counted this month consume quota. */
class QuotaImpactTest {

    @Test
    void properties_counted_already_this_month_cost_nothing_again() {
        QuotaImpact impact = new QuotaImpact(100, 90, 25, 10, 15);

        assertThat(impact.expectedNewConsumedQuota()).isEqualTo(100);
        assertThat(impact.fits()).isTrue();
    }

    @Test
    void one_new_property_past_the_quota_does_not_fit() {
        QuotaImpact impact = new QuotaImpact(100, 90, 11, 11, 0);

        assertThat(impact.expectedNewConsumedQuota()).isEqualTo(101);
        assertThat(impact.fits()).isFalse();
    }
}
