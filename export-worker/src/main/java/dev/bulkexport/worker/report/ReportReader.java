package dev.bulkexport.worker.report;

import dev.bulkexport.worker.config.WorkerConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/**
 * Streams a report's rows from a server-side cursor inside one read-only repeatable-read transaction, so
 * the whole file comes from one consistent snapshot and memory stays flat whatever the size.
 */
@ApplicationScoped
public class ReportReader {
    private final AgroalDataSource dataSource;
    private final int fetchSize;

    public ReportReader(AgroalDataSource dataSource, WorkerConfig config) {
        this.dataSource = dataSource;
        this.fetchSize = config.fetchSize();
    }

    /** Receives each row; the array is reused between calls. */
    @FunctionalInterface
    public interface RowSink {
        void accept(Object[] row) throws IOException;
    }

    /** Feeds every row to the sink and returns how many there were. */
    public long read(ReportDefinition report, List<Long> propertyIds, LocalDate start, LocalDate end, RowSink sink)
            throws SQLException, IOException {
        List<ReportColumn> columns = report.columns();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement(report.sql(),
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(fetchSize);
                statement.setArray(1, connection.createArrayOf("bigint", propertyIds.toArray()));
                statement.setObject(2, start);
                statement.setObject(3, end);
                long rows = 0;
                try (ResultSet rs = statement.executeQuery()) {
                    Object[] row = new Object[columns.size()];
                    while (rs.next()) {
                        for (int i = 0; i < row.length; i++) {
                            row[i] = value(rs, i + 1, columns.get(i).type());
                        }
                        sink.accept(row);
                        rows++;
                    }
                }
                return rows;
            } finally {
                connection.rollback();
            }
        }
    }

    private static Object value(ResultSet rs, int index, ColumnType type) throws SQLException {
        Object value = switch (type) {
            case DATE -> rs.getObject(index, LocalDate.class);
            case INTEGER -> rs.getInt(index);
            case BIGINT -> rs.getLong(index);
            case DECIMAL -> rs.getBigDecimal(index);
            case DOUBLE -> rs.getDouble(index);
            case BOOLEAN -> rs.getBoolean(index);
            case STRING -> rs.getString(index);
        };
        return rs.wasNull() ? null : value;
    }
}
