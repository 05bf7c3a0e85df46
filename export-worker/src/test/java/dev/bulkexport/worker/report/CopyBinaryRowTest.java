package dev.bulkexport.worker.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Binary COPY rows as PostgreSQL sends them (documented tuple format), decoded in place. */
class CopyBinaryRowTest {
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};

    @Test
    void fields_of_each_type_decode_without_objects() throws IOException {
        CopyBinaryRow row = new CopyBinaryRow(6);
        byte[] text = "Maison Élan".getBytes(StandardCharsets.UTF_8);
        assertThat(row.parse(message(true, 6,
                field(out -> out.writeInt(-7)),
                field(out -> out.writeLong(9_000_000_000L)),
                field(out -> out.writeInt((int) (LocalDate.of(2024, 2, 29).toEpochDay() - 10_957))),
                null,
                field(out -> out.write(text)),
                field(out -> {
                    out.writeByte(1);
                })))).isTrue();

        assertThat(row.int4(0)).isEqualTo(-7);
        assertThat(row.int8(1)).isEqualTo(9_000_000_000L);
        assertThat(row.epochDay(2)).isEqualTo(LocalDate.of(2024, 2, 29).toEpochDay());
        assertThat(row.isNull(3)).isTrue();
        assertThat(new String(row.data(), row.offset(4), row.length(4), StandardCharsets.UTF_8)).isEqualTo("Maison Élan");
        assertThat(row.bool(5)).isTrue();
        assertThat(row.parse(new byte[] {(byte) 0xFF, (byte) 0xFF})).as("the trailer").isFalse();
    }

    @Test
    void numerics_become_unscaled_values_at_the_columns_scale() throws IOException {
        // 1882.20 → groups 1882, 2000 (weight 0); PostgreSQL drops trailing zero groups
        assertThat(unscaled(2, 0, 0, 1882, 2000)).isEqualTo(188_220);
        assertThat(unscaled(2, 0, 0x4000, 12, 5000)).isEqualTo(-1_250);
        assertThat(unscaled(2, 0, 0, 5)).isEqualTo(500);
        assertThat(unscaled(2, -1, 0, 5000)).as("0.5").isEqualTo(50);
        assertThat(unscaled(2, 2, 0, 1)).as("100000000 (10000^2)").isEqualTo(10_000_000_000L);
        assertThat(unscaled(1, 0, 0, 2, 5000)).as("2.5 at scale 1").isEqualTo(25);
        assertThat(unscaled(2, 0, 0)).as("zero has no groups").isZero();
        assertThat(unscaled(2, 1, 0, 1234, 5678, 9100)).isEqualTo(1_234_567_891L);
        assertThatThrownBy(() -> unscaled(2, 0, 0xC000)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> unscaled(1, -1, 0, 1234)).as("0.1234 at scale 1")
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> unscaled(2, 5, 0, 1)).as("beyond a long").isInstanceOf(ArithmeticException.class);
    }

    @Test
    void a_message_that_is_not_one_row_of_the_expected_width_is_refused() {
        assertThatThrownBy(() -> new CopyBinaryRow(2).parse(message(true, 1, field(out -> out.writeInt(1)))))
                .isInstanceOf(IOException.class).hasMessageContaining("1 fields, 2 expected");
        assertThatThrownBy(() -> new CopyBinaryRow(1).parse(new byte[] {0, 1, 0, 0, 0, 4, 0, 0, 0, 1}))
                .isInstanceOf(IOException.class).hasMessageContaining("signature");
    }

    private static long unscaled(int scale, int weight, int sign, int... groups) throws IOException {
        CopyBinaryRow row = new CopyBinaryRow(1);
        row.parse(message(true, 1, field(out -> {
            out.writeShort(groups.length);
            out.writeShort(weight);
            out.writeShort(sign);
            out.writeShort(scale);
            for (int group : groups) {
                out.writeShort(group);
            }
        })));
        return row.unscaled(0, scale);
    }

    @FunctionalInterface
    private interface Field {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] field(Field field) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        field.write(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    /** One row's message; a null field is SQL NULL. */
    private static byte[] message(boolean first, int count, byte[]... fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        if (first) {
            out.write(HEADER);
        }
        out.writeShort(count);
        for (byte[] field : fields) {
            out.writeInt(field == null ? -1 : field.length);
            if (field != null) {
                out.write(field);
            }
        }
        return bytes.toByteArray();
    }
}
