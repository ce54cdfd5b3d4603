-- Accounts, sessions, ownership, revision authors and share links.

CREATE TABLE users (
    id             uuid        PRIMARY KEY,
    -- Stored as typed but compared case-insensitively: one account per address.
    email          text        NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    password_hash  text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- A session is known by the SHA-256 of its cookie value; the value itself is never stored.
CREATE TABLE sessions (
    token_hash  bytea       PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Failed log-ins, for throttling: counted per address over a sliding window.
CREATE TABLE login_failures (
    email   text        NOT NULL,
    at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_at_idx ON login_failures (lower(email), at);

-- Designs made before accounts existed have no owner and are visible to nobody.
ALTER TABLE designs ADD COLUMN owner_id uuid REFERENCES users (id) ON DELETE CASCADE;
CREATE INDEX designs_owner_idx ON designs (owner_id, updated_at DESC);

-- Who saved each revision and what it changed (counts from design::diff, for history lists).
ALTER TABLE design_revisions
    ADD COLUMN author_id uuid REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN summary   jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- Set when the revision restores an older one.
    ADD COLUMN restored_from integer;

-- Read-only links. The token is 256 random bits shown once; only its SHA-256 is kept.
CREATE TABLE shares (
    id          uuid        PRIMARY KEY,
    design_id   uuid        NOT NULL REFERENCES designs (id) ON DELETE CASCADE,
    token_hash  bytea       NOT NULL UNIQUE,
    -- The first characters of the token, so that the owner can tell links apart.
    token_hint  text        NOT NULL,
    created_by  uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX shares_design_idx ON shares (design_id);
