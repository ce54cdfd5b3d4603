-- Designs and their immutable revisions.
-- Every save of a design adds a row to design_revisions; designs.revision names the newest one.
-- Accounts and ownership come in a later migration.

CREATE TABLE designs (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    revision    integer     NOT NULL CHECK (revision >= 1),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE design_revisions (
    design_id   uuid        NOT NULL REFERENCES designs (id) ON DELETE CASCADE,
    revision    integer     NOT NULL CHECK (revision >= 1),
    document    jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (design_id, revision)
);
