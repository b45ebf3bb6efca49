-- The command page's stamps (issue #13): one per incident, moved by every write to what its command page shows besides
-- the incident row itself — the log, the marks, the responses with their roles and tasks, a role holder's name, a
-- plan's title. The server keeps what it read or serialized for the page until the stamp moves (`platform/stamped.ts`),
-- so that fifty people watching one incident do not each re-read its 2 000 log entries and 500 marks. The database
-- moves it, whichever code path writes, and every node reads it, so no node serves a page older than the last commit.
-- Values come from one sequence and are never reused: a stamp names one state, also of a transaction rolled back.
-- Derived data: not in the drizzle schema nor in backups (a restore goes into an empty installation).
CREATE SEQUENCE emergency_command_stamp_seq;
--> statement-breakpoint
-- No foreign key: a cascade deleting an incident's rows touches the incident as it goes.
CREATE TABLE emergency_command_stamps (
  incident_id uuid PRIMARY KEY,
  stamp bigint NOT NULL
);
--> statement-breakpoint
CREATE FUNCTION emergency_command_touch(incident uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO emergency_command_stamps (incident_id, stamp) VALUES (incident, nextval('emergency_command_stamp_seq'))
  ON CONFLICT (incident_id) DO UPDATE SET stamp = excluded.stamp
$$;
--> statement-breakpoint
CREATE FUNCTION emergency_command_touched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME IN ('emergency_command_log', 'emergency_marks', 'emergency_responses') THEN
    IF TG_OP <> 'INSERT' THEN PERFORM emergency_command_touch(OLD.incident_id); END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.incident_id IS DISTINCT FROM OLD.incident_id) THEN
      PERFORM emergency_command_touch(NEW.incident_id);
    END IF;
  ELSIF TG_TABLE_NAME IN ('emergency_response_roles', 'emergency_response_tasks') THEN
    -- OLD is null for an insert, NEW for a delete (PostgreSQL 11+): the IN list then holds one id.
    PERFORM emergency_command_touch(r.incident_id) FROM emergency_responses r WHERE r.id IN (OLD.response_id, NEW.response_id);
  ELSIF TG_TABLE_NAME = 'users' THEN
    PERFORM emergency_command_touch(i.incident_id)
      FROM (SELECT DISTINCT r.incident_id FROM emergency_response_roles ro JOIN emergency_responses r ON r.id = ro.response_id
             WHERE ro.holder_id = NEW.id) i;
  ELSIF TG_TABLE_NAME = 'emergency_plans' THEN
    PERFORM emergency_command_touch(i.incident_id)
      FROM (SELECT DISTINCT r.incident_id FROM emergency_responses r WHERE r.plan_id = NEW.id) i;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER emergency_command_log_touch AFTER INSERT OR UPDATE OR DELETE ON emergency_command_log
  FOR EACH ROW EXECUTE FUNCTION emergency_command_touched();
--> statement-breakpoint
CREATE TRIGGER emergency_marks_touch AFTER INSERT OR UPDATE OR DELETE ON emergency_marks
  FOR EACH ROW EXECUTE FUNCTION emergency_command_touched();
--> statement-breakpoint
CREATE TRIGGER emergency_responses_touch AFTER INSERT OR UPDATE OR DELETE ON emergency_responses
  FOR EACH ROW EXECUTE FUNCTION emergency_command_touched();
--> statement-breakpoint
CREATE TRIGGER emergency_response_roles_touch AFTER INSERT OR UPDATE OR DELETE ON emergency_response_roles
  FOR EACH ROW EXECUTE FUNCTION emergency_command_touched();
--> statement-breakpoint
CREATE TRIGGER emergency_response_tasks_touch AFTER INSERT OR UPDATE OR DELETE ON emergency_response_tasks
  FOR EACH ROW EXECUTE FUNCTION emergency_command_touched();
--> statement-breakpoint
CREATE TRIGGER users_command_touch AFTER UPDATE OF display_name ON users
  FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name) EXECUTE FUNCTION emergency_command_touched();
--> statement-breakpoint
CREATE TRIGGER emergency_plans_command_touch AFTER UPDATE OF title ON emergency_plans
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION emergency_command_touched();
