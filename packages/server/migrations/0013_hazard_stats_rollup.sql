-- The hazard statistics' rollup (issue #11, GET /api/hazards/stats and the 16号令 tables at a million hazards).
-- Per grouping (`dim`: total, level, category, origin, street, unit, category_level), group `key` and Asia/Shanghai
-- day: hazards found that day; closed that day (with a deadline, on time); and the change of the number overdue at
-- 00:00 of that day (+1 the day after the deadline — or after the day found, if later —, -1 the day after the close).
-- The database keeps it in step: statement triggers on `hazards` add each changed row's part (new rows +, old rows -),
-- whichever code path writes, so no writer can leave it behind. It is derived data: not in the drizzle schema nor in
-- backups (a restore's inserts rebuild it); `hazard_stats_rebuild()` recomputes it from the hazards.
CREATE TABLE hazard_stats_daily (
  dim text NOT NULL,
  day date NOT NULL,
  key text NOT NULL,
  found integer NOT NULL DEFAULT 0,
  rectified integer NOT NULL DEFAULT 0,
  rectified_with_deadline integer NOT NULL DEFAULT 0,
  rectified_on_time integer NOT NULL DEFAULT 0,
  overdue_change integer NOT NULL DEFAULT 0,
  PRIMARY KEY (dim, day, key)
);
--> statement-breakpoint
-- The statement adding the part of the rows `source` yields (a `sign` column, +1 or -1, then the hazards' columns).
-- Shared by the triggers (source: their transition tables) and the rebuild (source: the table). The Asia/Shanghai day
-- is taken at the fixed UTC+8 offset, as the statistics' queries do (no time-zone database needed in PGlite). Groups
-- are written in key order, so that concurrent writers lock the rows they share in the same order (no deadlock).
CREATE FUNCTION hazard_stats_upsert(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
  insert into hazard_stats_daily as r (dim, day, key, found, rectified, rectified_with_deadline, rectified_on_time, overdue_change)
  select g.dim, e.day, g.key, sum(h.sign * e.found), sum(h.sign * e.rectified), sum(h.sign * e.rectified_with_deadline),
         sum(h.sign * e.rectified_on_time), sum(h.sign * e.overdue_change)
    from (%s) h
    cross join lateral (
      select ((h.found_at at time zone 'UTC') + interval '8 hours')::date as found_day,
             ((h.closed_at at time zone 'UTC') + interval '8 hours')::date as closed_day
    ) t
    cross join lateral (
      -- The first day at whose 00:00 the hazard is overdue (the day after its deadline, or after the day it was
      -- found if later); none when it was closed by then.
      select case when h.deadline is not null and (t.closed_day is null or t.closed_day > greatest(h.deadline, t.found_day))
                  then greatest(h.deadline, t.found_day) + 1 end as overdue_from
    ) o
    cross join lateral (values
      (t.found_day, 1, 0, 0, 0, 0),
      (t.closed_day, 0, 1, (h.deadline is not null)::int, coalesce(t.closed_day <= h.deadline, false)::int, 0),
      (o.overdue_from, 0, 0, 0, 0, 1),
      (case when o.overdue_from is not null then t.closed_day + 1 end, 0, 0, 0, 0, -1)
    ) e(day, found, rectified, rectified_with_deadline, rectified_on_time, overdue_change)
    cross join lateral (values
      ('total', ''),
      ('level', h.level),
      ('category', coalesce(h.category, '')),
      ('origin', h.origin),
      ('street', coalesce(h.street_id::text, '')),
      ('unit', h.responsible_org_id::text),
      ('category_level', coalesce(h.category, '') || '|' || h.level)
    ) g(dim, key)
   where e.day is not null
   group by g.dim, e.day, g.key
  -- An update that moved nothing the statistics read adds nothing.
  having sum(h.sign * e.found) <> 0 or sum(h.sign * e.rectified) <> 0 or sum(h.sign * e.rectified_with_deadline) <> 0
      or sum(h.sign * e.rectified_on_time) <> 0 or sum(h.sign * e.overdue_change) <> 0
   order by g.dim, e.day, g.key
  on conflict (dim, day, key) do update set
    found = r.found + excluded.found,
    rectified = r.rectified + excluded.rectified,
    rectified_with_deadline = r.rectified_with_deadline + excluded.rectified_with_deadline,
    rectified_on_time = r.rectified_on_time + excluded.rectified_on_time,
    overdue_change = r.overdue_change + excluded.overdue_change
$q$, source)
$fn$;
--> statement-breakpoint
CREATE FUNCTION hazard_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE hazard_stats_upsert('select 1 as sign, * from new_rows');
  ELSIF TG_OP = 'UPDATE' THEN
    EXECUTE hazard_stats_upsert('select -1 as sign, * from old_rows union all select 1, * from new_rows');
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE hazard_stats_upsert('select -1 as sign, * from old_rows');
  ELSE
    DELETE FROM hazard_stats_daily;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER hazard_stats_on_insert AFTER INSERT ON hazards REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hazard_stats_apply();
--> statement-breakpoint
CREATE TRIGGER hazard_stats_on_update AFTER UPDATE ON hazards REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hazard_stats_apply();
--> statement-breakpoint
CREATE TRIGGER hazard_stats_on_delete AFTER DELETE ON hazards REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hazard_stats_apply();
--> statement-breakpoint
CREATE TRIGGER hazard_stats_on_truncate AFTER TRUNCATE ON hazards
  FOR EACH STATEMENT EXECUTE FUNCTION hazard_stats_apply();
--> statement-breakpoint
-- Recomputes the rollup from the hazards (after a repair by hand); the migration's backfill.
CREATE FUNCTION hazard_stats_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM hazard_stats_daily;
  EXECUTE hazard_stats_upsert('select 1 as sign, * from hazards');
END;
$$;
--> statement-breakpoint
SELECT hazard_stats_rebuild();
--> statement-breakpoint
-- Overdue while a period runs is counted as of now, from the open hazards only (and any closed after now).
CREATE INDEX hazards_open_deadline_idx ON hazards (deadline) WHERE closed_at IS NULL;
--> statement-breakpoint
CREATE INDEX hazards_closed_at_idx ON hazards (closed_at);
--> statement-breakpoint
-- 挂牌督办 counts read the listed 重大 hazards only, by when they were closed.
CREATE INDEX hazards_listed_closed_idx ON hazards (closed_at) WHERE level = '重大' AND listed_at IS NOT NULL;
