-- The retention sweep (RetentionService) deletes quota rows of months long past by this column.
CREATE INDEX quota_usage_month ON quota_usage (month);
