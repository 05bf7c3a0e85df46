-- Report options of a job (null: left out of the create body) and the number of files of its result.
ALTER TABLE jobs
    ADD COLUMN compression       text,
    ADD COLUMN fields            text[],
    ADD COLUMN max_file_size_mb  integer,
    ADD COLUMN result_file_count integer;

-- The files of a succeeded job, in order (the manifest). Written once, with the job's outcome.
CREATE TABLE job_result_files (
    job_id          uuid    NOT NULL REFERENCES jobs (id),
    file_index      integer NOT NULL,
    file_name       text    NOT NULL,
    object_key      text    NOT NULL,
    row_count       bigint  NOT NULL,
    file_size_bytes bigint  NOT NULL,
    sha256          text    NOT NULL,
    PRIMARY KEY (job_id, file_index)
);
