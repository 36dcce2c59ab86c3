-- Load tests: executors of the shared pool, plans, runs and their shares, per-project safety settings.
-- Portable SQL for H2 (PostgreSQL mode) and PostgreSQL.

-- An executor's credential is <id>:<secret>; only the SHA-256 of the secret is kept.
CREATE TABLE loadtest_executor (
    id             VARCHAR(36)   PRIMARY KEY,
    name           VARCHAR(255)  NOT NULL,
    secret_hash    VARCHAR(64)   NOT NULL,
    managed        BOOLEAN       NOT NULL,
    hostname       VARCHAR(255),
    capacity_users INTEGER,
    capacity_rate  DOUBLE PRECISION,
    registered_at  TIMESTAMP WITH TIME ZONE,
    last_seen_at   TIMESTAMP WITH TIME ZONE,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- scenario is the normalized scenario document (docs/loadtest.md); a .jmx plan keeps its source for download.
CREATE TABLE loadtest_plan (
    id          VARCHAR(36)   PRIMARY KEY,
    project_id  VARCHAR(64)   NOT NULL,
    name        VARCHAR(255)  NOT NULL,
    source_kind VARCHAR(8)    NOT NULL,
    scenario    TEXT          NOT NULL,
    notes       TEXT          NOT NULL,
    thresholds  TEXT          NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX loadtest_plan_project_ix ON loadtest_plan (project_id);

CREATE TABLE loadtest_run (
    id                 VARCHAR(36)   PRIMARY KEY,
    project_id         VARCHAR(64)   NOT NULL,
    plan_id            VARCHAR(36)   NOT NULL,
    plan_name          VARCHAR(255)  NOT NULL,
    status             VARCHAR(16)   NOT NULL,
    scenario           TEXT          NOT NULL,
    thresholds         TEXT          NOT NULL,
    abort_on_threshold BOOLEAN       NOT NULL,
    users              INTEGER       NOT NULL,
    rate               DOUBLE PRECISION NOT NULL,
    duration_seconds   INTEGER       NOT NULL,
    message            VARCHAR(2048),
    events             TEXT          NOT NULL,
    report             TEXT,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at         TIMESTAMP WITH TIME ZONE,
    stop_at            TIMESTAMP WITH TIME ZONE,
    finished_at        TIMESTAMP WITH TIME ZONE
);
CREATE INDEX loadtest_run_project_ix ON loadtest_run (project_id);
CREATE INDEX loadtest_run_status_ix ON loadtest_run (status);

-- One executor's part of a run: the users and rate it drives and the scenario document it was given.
CREATE TABLE loadtest_share (
    run_id      VARCHAR(36)  NOT NULL REFERENCES loadtest_run (id) ON DELETE CASCADE,
    executor_id VARCHAR(36)  NOT NULL,
    users       INTEGER      NOT NULL,
    rate        DOUBLE PRECISION NOT NULL,
    state       VARCHAR(16)  NOT NULL,
    assignment  TEXT         NOT NULL,
    PRIMARY KEY (run_id, executor_id)
);
CREATE INDEX loadtest_share_executor_ix ON loadtest_share (executor_id, state);

-- Set by the admin: where a project's tests may send traffic and how much. No row: nothing is allowed.
CREATE TABLE loadtest_project_policy (
    project_id           VARCHAR(64)  PRIMARY KEY,
    allowed_targets      TEXT         NOT NULL,
    max_users            INTEGER      NOT NULL,
    max_rate             DOUBLE PRECISION NOT NULL,
    max_executors        INTEGER      NOT NULL,
    max_duration_seconds INTEGER      NOT NULL,
    max_concurrent_runs  INTEGER      NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
