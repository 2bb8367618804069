-- Conserver PostgreSQL sink schema. ${prefix} is the sink's table_prefix (e.g. sales_), empty by
-- default. Created if missing by the sink itself (under an advisory lock, so concurrent exports
-- do not race on CREATE). Every export upserts one vCon and all its child rows in ONE transaction,
-- keyed by the vCon uuid (+ the index of the party / dialog / analysis in its array); children
-- beyond the new arrays' length are deleted, so a re-export mirrors the vCon exactly.

-- One row per vCon. document is the whole vCon (unsigned JSON form) for anything not in a column.
CREATE TABLE IF NOT EXISTS ${prefix}vcons (
  uuid          uuid        PRIMARY KEY,
  subject       text,
  created_at    timestamptz,
  updated_at    timestamptz,
  content_hash  text        NOT NULL,  -- sha512-<base64url> of the exported vCon JSON
  tenant        text        NOT NULL,
  pipeline      text        NOT NULL,
  exported_at   timestamptz NOT NULL,
  document      jsonb       NOT NULL
);

-- vcon.parties[idx]
CREATE TABLE IF NOT EXISTS ${prefix}parties (
  vcon_uuid  uuid    NOT NULL REFERENCES ${prefix}vcons (uuid) ON DELETE CASCADE,
  idx        integer NOT NULL,
  name       text,
  tel        text,
  mailto     text,
  role       text,
  document   jsonb   NOT NULL,
  PRIMARY KEY (vcon_uuid, idx)
);
CREATE INDEX IF NOT EXISTS ${prefix}parties_tel ON ${prefix}parties (tel);
CREATE INDEX IF NOT EXISTS ${prefix}parties_mailto ON ${prefix}parties (mailto);

-- vcon.dialog[idx]; media stays by reference (url), never copied into the database.
CREATE TABLE IF NOT EXISTS ${prefix}dialogs (
  vcon_uuid   uuid      NOT NULL REFERENCES ${prefix}vcons (uuid) ON DELETE CASCADE,
  idx         integer   NOT NULL,
  type        text,
  start_at    timestamptz,
  duration_s  numeric,
  parties     integer[] NOT NULL,
  mediatype   text,
  url         text,
  document    jsonb     NOT NULL,
  PRIMARY KEY (vcon_uuid, idx)
);
CREATE INDEX IF NOT EXISTS ${prefix}dialogs_start_at ON ${prefix}dialogs (start_at);

-- vcon.analysis[idx] (transcripts, summaries, ...).
CREATE TABLE IF NOT EXISTS ${prefix}analysis (
  vcon_uuid  uuid      NOT NULL REFERENCES ${prefix}vcons (uuid) ON DELETE CASCADE,
  idx        integer   NOT NULL,
  type       text,
  vendor     text,
  product    text,
  dialogs    integer[] NOT NULL,
  document   jsonb     NOT NULL,
  PRIMARY KEY (vcon_uuid, idx)
);
CREATE INDEX IF NOT EXISTS ${prefix}analysis_type ON ${prefix}analysis (type);
