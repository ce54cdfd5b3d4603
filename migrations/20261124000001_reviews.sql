-- Reviews: links that allow commenting, team members, and comments pinned to a design.

-- What a link allows: reading only (every link made before this), or commenting too.
ALTER TABLE shares ADD COLUMN access text NOT NULL DEFAULT 'view'
    CHECK (access IN ('view', 'comment'));

-- Colleagues the owner brought in. The owner is not a member (designs.owner_id says who owns).
CREATE TABLE design_members (
    design_id  uuid        NOT NULL REFERENCES designs (id) ON DELETE CASCADE,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       text        NOT NULL CHECK (role IN ('editor', 'viewer')),
    added_by   uuid        REFERENCES users (id) ON DELETE SET NULL,
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (design_id, user_id)
);
CREATE INDEX design_members_user_idx ON design_members (user_id);

-- The caller's part in a design: 'owner', 'editor', 'viewer', or NULL (nothing: 404).
-- Every query that reads or writes a design on someone's behalf asks this one function.
CREATE FUNCTION design_role(design uuid, who uuid) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT CASE
             WHEN EXISTS (SELECT 1 FROM designs d WHERE d.id = design AND d.owner_id = who) THEN 'owner'
             ELSE (SELECT m.role FROM design_members m WHERE m.design_id = design AND m.user_id = who)
           END
$$;

-- Comments. `id` orders everything (two replies posted at once keep the order they were
-- committed in); a reply's `thread_id` is its thread's first comment, whose row carries the
-- thread's resolution. A deleted comment keeps its row (its thread keeps its place) without
-- its text.
CREATE TABLE comments (
    id              bigserial   PRIMARY KEY,
    design_id       uuid        NOT NULL REFERENCES designs (id) ON DELETE CASCADE,
    thread_id       bigint      REFERENCES comments (id) ON DELETE CASCADE,
    reply_to        bigint      REFERENCES comments (id) ON DELETE SET NULL,
    -- An account, or a guest of a link (`share_id` and `guest_name`; `guest_key_hash` lets the
    -- guest edit and delete it). A comment outlives the link it came through.
    author_id       uuid        REFERENCES users (id) ON DELETE SET NULL,
    share_id        uuid        REFERENCES shares (id) ON DELETE SET NULL,
    guest_name      text        CHECK (char_length(guest_name) BETWEEN 1 AND 60),
    guest_key_hash  bytea,
    text            text        CHECK (char_length(text) <= 10000),
    -- What it is about: nothing (the design), a node, a node's field, or an edge.
    node_id         text,
    field           text,
    edge_from       text,
    edge_to         text,
    -- The revision it was written on, and the element as it was then (for "outdated").
    revision        integer     NOT NULL,
    target_snapshot jsonb       CHECK (octet_length(target_snapshot::text) <= 65536),
    created_at      timestamptz NOT NULL DEFAULT now(),
    edited_at       timestamptz,
    deleted_at      timestamptz,
    resolved_at     timestamptz,
    resolved_by     text
);
CREATE INDEX comments_design_idx ON comments (design_id, id);
-- The foreign keys' other ends: deleting a design, an account or a link finds its comments
-- without scanning them all.
CREATE INDEX comments_thread_idx ON comments (thread_id);
CREATE INDEX comments_reply_to_idx ON comments (reply_to);
CREATE INDEX comments_author_idx ON comments (author_id);
CREATE INDEX comments_share_idx ON comments (share_id);
