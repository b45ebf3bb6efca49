-- Monitoring readings partitioned by month (issue #12: a year of history, retention by dropping whole partitions).
-- drizzle-kit cannot declare a partitioned table, so the plain table its schema generated (still empty here) is
-- replaced by the same columns and primary key PARTITIONED BY RANGE (ts). Partitions hold one UTC month each and are
-- named monitoring_readings_pYYYYMM; the default partition takes what no month partition covers yet, so the ingest
-- never refuses a reading. The monitoring jobs create partitions ahead (`monitoring_readings_ensure_partition`) and
-- drop those past the retention (`monitoring_readings_drop_before`). Same SQL on PostgreSQL and PGlite.
DROP TABLE "monitoring_readings";
--> statement-breakpoint
CREATE TABLE "monitoring_readings" (
	"device_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_readings_device_id_metric_ts_pk" PRIMARY KEY("device_id","metric","ts")
) PARTITION BY RANGE ("ts");
--> statement-breakpoint
CREATE TABLE "monitoring_readings_default" PARTITION OF "monitoring_readings" DEFAULT;
--> statement-breakpoint
-- Creates the partition of the UTC month holding `at` unless it exists. Rows of that month already in the default
-- partition (readings that arrived before their month's partition) are moved into the new table before it is
-- attached, since attaching over them would fail.
CREATE FUNCTION monitoring_readings_ensure_partition(at timestamptz) RETURNS boolean LANGUAGE plpgsql AS $fn$
DECLARE
  lo timestamptz := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  hi timestamptz := (date_trunc('month', at AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
  name text := 'monitoring_readings_p' || to_char(at AT TIME ZONE 'UTC', 'YYYYMM');
BEGIN
  IF to_regclass(name) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE monitoring_readings INCLUDING DEFAULTS)', name);
  EXECUTE format(
    'WITH moved AS (DELETE FROM monitoring_readings_default WHERE ts >= %L AND ts < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
    lo, hi, name);
  EXECUTE format('ALTER TABLE monitoring_readings ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
  RETURN true;
END
$fn$;
--> statement-breakpoint
-- Drops the month partitions wholly before `cutoff` and deletes older rows from the default partition and the
-- per-minute roll-up; returns the number of partitions dropped. The hourly roll-up is kept (one row per hour and
-- metric): charts of past years still answer from it.
CREATE FUNCTION monitoring_readings_drop_before(cutoff timestamptz) RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  part record;
  dropped integer := 0;
BEGIN
  FOR part IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'monitoring_readings'::regclass AND c.relname ~ '^monitoring_readings_p[0-9]{6}$'
  LOOP
    IF (to_date(substr(part.relname, 22), 'YYYYMM') + interval '1 month') <= cutoff AT TIME ZONE 'UTC' THEN
      EXECUTE format('DROP TABLE %I', part.relname);
      dropped := dropped + 1;
    END IF;
  END LOOP;
  DELETE FROM monitoring_readings_default WHERE ts < cutoff;
  DELETE FROM monitoring_readings_minute WHERE bucket < cutoff;
  RETURN dropped;
END
$fn$;
--> statement-breakpoint
SELECT monitoring_readings_ensure_partition(now());
--> statement-breakpoint
SELECT monitoring_readings_ensure_partition(now() + interval '1 month');
