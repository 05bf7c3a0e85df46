package dev.bulkexport.worker.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.bulkexport.common.report.ReportColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
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
    /** The keys quoted and encoded once, not on every row. */
    private final SerializedString[] names;
    /** An ISO date's characters, reused for every date (LocalDate.toString builds a StringBuilder each time). */
    private final char[] date = new char[10];

    public JsonlReportWriter(OutputStream out, List<ReportColumn> columns) throws IOException {
        this.json = FACTORY.createGenerator(out);
        this.json.setRootValueSeparator(null);
        this.names = columns.stream().map(column -> new SerializedString(column.name())).toArray(SerializedString[]::new);
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
        } else if (value instanceof LocalDate day && day.getYear() >= 1000 && day.getYear() <= 9999) {
            writeDate(day.getYear(), day.getMonthValue(), day.getDayOfMonth());
        } else {
            json.writeString(value.toString()); // text, and dates in ISO form
        }
    }

    /** yyyy-MM-dd, as LocalDate.toString writes a date of a four-digit year. */
    private void writeDate(int year, int month, int day) throws IOException {
        date[0] = (char) ('0' + year / 1000);
        date[1] = (char) ('0' + year / 100 % 10);
        date[2] = (char) ('0' + year / 10 % 10);
        date[3] = (char) ('0' + year % 10);
        date[4] = '-';
        date[5] = (char) ('0' + month / 10);
        date[6] = (char) ('0' + month % 10);
        date[7] = '-';
        date[8] = (char) ('0' + day / 10);
        date[9] = (char) ('0' + day % 10);
        json.writeString(date, 0, date.length);
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
