package dev.bulkexport.propertydata;

import java.util.Random;

/**
 * What one property holds, derived from the seed and its id alone so every table's pass agrees on it and a
 * larger data set keeps the properties of a smaller one: its floorplans, its tracked units and its rent level.
 */
record PropertyLayout(int propertyId, int floorplans, int units, int totalUnits, double baseRent) {
    /** Bedroom counts of a property's floorplans in order: studio, 1, 2, 3 and 4 bedrooms. */
    static final int[] BEDROOMS = {0, 1, 2, 3, 4};

    static PropertyLayout of(long seed, int propertyId, int unitsPerProperty) {
        Random random = random(seed, propertyId, 0);
        int totalUnits = 50 + random.nextInt(450);
        double baseRent = 1200 + random.nextInt(1500);
        boolean withoutUnits = propertyId % 7 == 3; // the provider tracks no units for some properties
        int floorplans = withoutUnits ? 0 : 2 + random.nextInt(BEDROOMS.length - 1);
        int units = withoutUnits ? 0 : Math.min(unitsPerProperty, totalUnits);
        return new PropertyLayout(propertyId, floorplans, units, totalUnits, baseRent);
    }

    /** An independent, reproducible random stream for one property and one table. */
    static Random random(long seed, int propertyId, int table) {
        return new Random(seed * 1_000_003L + propertyId * 31L + table);
    }

    int floorplanId(int index) {
        return propertyId * 100 + index + 1;
    }

    int unitId(int index) {
        return propertyId * 10_000 + index + 1;
    }

    /** Units are spread over the floorplans round robin. */
    int floorplanOfUnit(int unitIndex) {
        return unitIndex % floorplans;
    }
}
