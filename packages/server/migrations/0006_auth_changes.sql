-- Every node caches the sessions and tokens it has recognised (platform/auth.ts, AuthCache) and
-- LISTENs on citysafe_auth_changes; these triggers announce every change that could alter a cached
-- caller, whoever makes it (a service, another node, an administrator in psql). The payload is the
-- user's id, or '*' when the change may touch anyone. Use bookkeeping (a session's last_seen_at, a
-- token's last_used_at, failed-login counters) announces nothing: it changes no caller.
create function citysafe_auth_changed() returns trigger language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' or tg_nargs = 0 then
    perform pg_notify('citysafe_auth_changes', '*');
  elsif tg_op = 'DELETE' then
    perform pg_notify('citysafe_auth_changes', coalesce(to_jsonb(old) ->> tg_argv[0], '*'));
  else
    perform pg_notify('citysafe_auth_changes', coalesce(to_jsonb(new) ->> tg_argv[0], '*'));
    if tg_op = 'UPDATE' and (to_jsonb(old) ->> tg_argv[0]) is distinct from (to_jsonb(new) ->> tg_argv[0]) then
      perform pg_notify('citysafe_auth_changes', coalesce(to_jsonb(old) ->> tg_argv[0], '*'));
    end if;
  end if;
  return null;
end $$;
--> statement-breakpoint
create trigger sessions_auth_changed after update on sessions for each row
  when ((old.revoked_at, old.expires_at, old.user_id) is distinct from (new.revoked_at, new.expires_at, new.user_id))
  execute function citysafe_auth_changed('user_id');
--> statement-breakpoint
create trigger sessions_auth_deleted after delete on sessions for each row execute function citysafe_auth_changed('user_id');
--> statement-breakpoint
create trigger sessions_auth_truncated after truncate on sessions for each statement execute function citysafe_auth_changed();
--> statement-breakpoint
create trigger api_tokens_auth_changed after update on api_tokens for each row
  when ((old.revoked_at, old.expires_at, old.actions, old.user_id, old.token_hash) is distinct from
        (new.revoked_at, new.expires_at, new.actions, new.user_id, new.token_hash))
  execute function citysafe_auth_changed('user_id');
--> statement-breakpoint
create trigger api_tokens_auth_deleted after delete on api_tokens for each row execute function citysafe_auth_changed('user_id');
--> statement-breakpoint
create trigger api_tokens_auth_truncated after truncate on api_tokens for each statement execute function citysafe_auth_changed();
--> statement-breakpoint
create trigger users_auth_changed after update on users for each row
  when ((old.status, old.org_id, old.username, old.display_name, old.must_change_password, old.locale, old.password_hash, old.password_changed_at)
        is distinct from
        (new.status, new.org_id, new.username, new.display_name, new.must_change_password, new.locale, new.password_hash, new.password_changed_at))
  execute function citysafe_auth_changed('id');
--> statement-breakpoint
create trigger users_auth_deleted after delete on users for each row execute function citysafe_auth_changed('id');
--> statement-breakpoint
create trigger users_auth_truncated after truncate on users for each statement execute function citysafe_auth_changed();
--> statement-breakpoint
create trigger user_roles_auth_changed after insert or update or delete on user_roles for each row execute function citysafe_auth_changed('user_id');
--> statement-breakpoint
create trigger user_roles_auth_truncated after truncate on user_roles for each statement execute function citysafe_auth_changed();
--> statement-breakpoint
create trigger roles_auth_changed after update or delete or truncate on roles for each statement execute function citysafe_auth_changed();
--> statement-breakpoint
create trigger orgs_auth_changed after update or delete or truncate on orgs for each statement execute function citysafe_auth_changed();
