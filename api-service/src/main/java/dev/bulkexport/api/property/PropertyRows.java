package dev.bulkexport.api.property;

import dev.bulkexport.api.account.EntitlementService;
import dev.bulkexport.api.account.PropertyScope;
import dev.bulkexport.api.platform.PgArrays;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Reads the provider's properties ({@code property_data}, read-only for this service). */
@ApplicationScoped
public class PropertyRows {
    private static final String COLUMNS = "id, property_name, address, city, state, zip_code, total_units, year_built,"
            + " latitude, longitude, market, msa, property_type, property_class, management_company";

    private final Pool pool;

    public PropertyRows(Pool pool) {
        this.pool = pool;
    }

    /** One page of the properties matching the query within the scope, ordered by id, and the total count. */
    public Uni<PropertyPage> find(PropertyQuery query, PropertyScope scope) {
        List<Object> parameters = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        if (query.text() != null) {
            parameters.add("%" + likeEscaped(query.text()) + "%");
            conditions.add("(property_name ILIKE $" + parameters.size() + " OR address ILIKE $" + parameters.size() + ")");
        }
        if (query.city() != null) {
            parameters.add(query.city());
            conditions.add("lower(city) = lower($" + parameters.size() + ")");
        }
        if (query.state() != null) {
            parameters.add(query.state());
            conditions.add("lower(state) = lower($" + parameters.size() + ")");
        }
        if (query.zipCode() != null) {
            parameters.add(query.zipCode());
            conditions.add("zip_code = $" + parameters.size());
        }
        if (!scope.all()) {
            parameters.add(PgArrays.bigintArray(scope.ids()));
            conditions.add("id = ANY ($" + parameters.size() + "::bigint[])");
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        Tuple filter = Tuple.from(parameters);
        Tuple paged = Tuple.from(parameters).addInteger(query.perPage()).addLong(query.offset());
        String page = "SELECT " + COLUMNS + " FROM property_data.properties" + where + " ORDER BY id LIMIT $"
                + (parameters.size() + 1) + " OFFSET $" + (parameters.size() + 2);
        Uni<Long> count = pool.preparedQuery("SELECT count(*) FROM property_data.properties" + where).execute(filter)
                .map(rows -> rows.iterator().next().getLong(0));
        Uni<List<PropertySummary>> properties = pool.preparedQuery(page).execute(paged)
                .map(rows -> {
                    List<PropertySummary> out = new ArrayList<>();
                    rows.forEach(row -> out.add(summary(row)));
                    return out;
                });
        return Uni.combine().all().unis(properties, count).asTuple()
                .map(both -> new PropertyPage(both.getItem1(), both.getItem2()));
    }

    private static PropertySummary summary(Row row) {
        return new PropertySummary(row.getInteger("id"), row.getString("property_name"), row.getString("address"),
                row.getString("city"), row.getString("state"), row.getString("zip_code"),
                row.getInteger("total_units"), row.getInteger("year_built"), row.getDouble("latitude"),
                row.getDouble("longitude"), row.getString("market"), row.getString("msa"),
                row.getString("property_type"), row.getString("property_class"), row.getString("management_company"));
    }

    /** The text with LIKE's wildcards taken literally (PostgreSQL's default escape character is a backslash). */
    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
