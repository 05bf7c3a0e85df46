package dev.bulkexport.api.platform;

/** What an API key may do. */
public enum Permission {
    /** Create and cancel exports, and ask for their quota impact. */
    EXPORTS_WRITE("exports:write"),
    /** List and read exports and download their files. */
    EXPORTS_READ("exports:read"),
    /** Look up properties. */
    PROPERTIES_READ("properties:read");

    private final String wireName;

    Permission(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
