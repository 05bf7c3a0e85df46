package dev.bulkexport.worker.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.bulkexport.common.report.ReportColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;

/**
 * JSON Lines in UTF-8: one object per row and line, keys as the column names, numbers as JSON numbers
 * (decimals in plain notation), ISO dates as strings, null as null. An empty report is an empty file.
 */
public final class JsonlReportWriter implements ReportFileWriter {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final JsonGenerator json;
    private final String[] names;

    public JsonlReportWriter(OutputStream out, List<ReportColumn> columns) throws IOException {
        this.json = FACTORY.createGenerator(out);
        this.json.setRootValueSeparator(null);
        this.names = columns.stream().map(ReportColumn::name).toArray(String[]::new);
    }

    @Override
    public void writeRow(Object[] row) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < names.length; i++) {
            json.writeFieldName(names[i]);
            write(row[i]);
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private void write(Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Integer number) {
            json.writeNumber(number);
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            json.writeNumber(number);
        } else if (value instanceof Double number) {
            json.writeNumber(number);
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else {
            json.writeString(value.toString()); // text, and dates in ISO form
        }
    }

    /** Jackson's output buffer (8000 bytes), rounded up. */
    @Override
    public long heldBytes() {
        return 16 * 1024;
    }

    @Override
    public void finish() throws IOException {
        json.flush();
    }
}
