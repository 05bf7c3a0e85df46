-- The csv_formula_escaping report option of a job (null: left out of the create body, no escaping).
ALTER TABLE jobs
    ADD COLUMN csv_formula_escaping boolean;
