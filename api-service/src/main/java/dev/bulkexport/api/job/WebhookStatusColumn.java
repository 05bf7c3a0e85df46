package dev.bulkexport.api.job;

import dev.bulkexport.common.WebhookStatus;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** {@code api.jobs.webhook_status} holds the wire name (pending, delivered, failed), as the notifier does. */
@Converter
public class WebhookStatusColumn implements AttributeConverter<WebhookStatus, String> {
    @Override
    public String convertToDatabaseColumn(WebhookStatus status) {
        return status == null ? null : status.wireName();
    }

    @Override
    public WebhookStatus convertToEntityAttribute(String column) {
        return column == null ? null : WebhookStatus.fromWire(column);
    }
}
