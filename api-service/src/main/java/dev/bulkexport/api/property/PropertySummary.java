package dev.bulkexport.api.property;

/** What a property lookup shows of one property: enough to recognise it and take its id into a job. */
public record PropertySummary(int id, String propertyName, String address, String city, String state,
        String zipCode, Integer totalUnits, Integer yearBuilt, Double latitude, Double longitude, String market,
        String msa, String propertyType, String propertyClass, String managementCompany) {
}
