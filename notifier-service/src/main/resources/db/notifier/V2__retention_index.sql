-- The retention sweep (RetentionService) finds published attempts by their publication time.
CREATE INDEX attempts_published_at ON attempts (published_at) WHERE published_at IS NOT NULL;
