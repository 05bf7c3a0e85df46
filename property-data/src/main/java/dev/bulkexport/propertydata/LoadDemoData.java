package dev.bulkexport.propertydata;

/**
 * Migrates {@code property_data} and loads the demo data set if it is empty: the init step of
 * docker-compose and of a fresh environment. Reads the same DB_* variables as the services.
 */
public final class LoadDemoData {
    private LoadDemoData() {
    }

    public static void main(String[] args) {
        String url = "jdbc:postgresql://" + env("DB_HOST", "localhost") + ":" + env("DB_PORT", "5432") + "/"
                + env("DB_NAME", "postgres");
        DemoData.ensureLoaded(url, env("DB_USER", "postgres"), env("DB_PASSWORD", "postgres"));
        System.out.println("property_data is ready at " + url);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
