package dev.bulkexport.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRecordTest {

    @Test
    void the_read_model_and_the_entity_have_the_same_columns_with_the_same_types() {
        Map<String, Class<?>> entity = new LinkedHashMap<>();
        for (Field field : Job.class.getDeclaredFields()) {
            if (Modifier.isPublic(field.getModifiers()) && !Modifier.isStatic(field.getModifiers())) {
                entity.put(field.getName(), field.getType());
            }
        }
        Map<String, Class<?>> read = new LinkedHashMap<>();
        for (RecordComponent component : JobRecord.class.getRecordComponents()) {
            read.put(component.getName(), component.getType());
        }
        assertThat(read).as("JobRecord components vs Job fields").containsExactlyEntriesOf(entity);
    }

    @Test
    void a_job_read_back_through_its_record_keeps_every_value() throws Exception {
        Job job = Job.submit(java.util.UUID.randomUUID(), dev.bulkexport.common.ReportType.UNITS,
                dev.bulkexport.common.OutputFormat.CSV, java.util.List.of(1L, 2L), java.time.LocalDate.of(2024, 1, 1),
                java.time.LocalDate.of(2024, 1, 31), "https://example.com/hook");
        JobRecord record = job.record();
        for (RecordComponent component : JobRecord.class.getRecordComponents()) {
            Object fromRecord = component.getAccessor().invoke(record);
            Object fromEntity = Job.class.getField(component.getName()).get(job);
            assertThat(fromRecord).as(component.getName()).isEqualTo(fromEntity);
        }
        assertThat(JobRecord.COLUMNS).startsWith("id", "account_id", "report_type").contains("webhook_last_response_status");
        assertThat(Arrays.asList(JobRecord.class.getRecordComponents())).hasSize(JobRecord.COLUMNS.size());
    }
}
