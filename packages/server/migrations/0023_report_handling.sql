CREATE TABLE "monitoring_alarm_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'threshold' NOT NULL,
	"metric" text NOT NULL,
	"device_id" uuid,
	"device_type" text,
	"op" text,
	"threshold" double precision,
	"for_seconds" integer DEFAULT 0 NOT NULL,
	"hysteresis" double precision,
	"window_seconds" integer,
	"count" integer,
	"rate_per_minute" double precision,
	"offline_intervals" integer,
	"level" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_alarm_rules_target_check" CHECK (("monitoring_alarm_rules"."device_id" is null) <> ("monitoring_alarm_rules"."device_type" is null)),
	CONSTRAINT "monitoring_alarm_rules_kind_check" CHECK ("monitoring_alarm_rules"."kind" in ('threshold', 'rate', 'count', 'offline')),
	CONSTRAINT "monitoring_alarm_rules_op_check" CHECK ("monitoring_alarm_rules"."op" in ('>', '>=', '<', '<=')),
	CONSTRAINT "monitoring_alarm_rules_fields_check" CHECK (case "monitoring_alarm_rules"."kind"
        when 'threshold' then "monitoring_alarm_rules"."op" is not null and "monitoring_alarm_rules"."threshold" is not null
        when 'count' then "monitoring_alarm_rules"."op" is not null and "monitoring_alarm_rules"."threshold" is not null and "monitoring_alarm_rules"."count" >= 1 and "monitoring_alarm_rules"."window_seconds" >= 1
        when 'rate' then "monitoring_alarm_rules"."op" is not null and "monitoring_alarm_rules"."rate_per_minute" > 0
        else "monitoring_alarm_rules"."offline_intervals" >= 1 end),
	CONSTRAINT "monitoring_alarm_rules_level_check" CHECK ("monitoring_alarm_rules"."level" in ('red', 'orange', 'yellow', 'blue'))
);
--> statement-breakpoint
CREATE TABLE "monitoring_rule_states" (
	"rule_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"active" boolean NOT NULL,
	"state" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_rule_states_rule_id_device_id_metric_pk" PRIMARY KEY("rule_id","device_id","metric")
);
--> statement-breakpoint
CREATE TABLE "report_escalations" (
	"report_id" uuid NOT NULL,
	"step" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "report_escalations_report_id_step_due_at_pk" PRIMARY KEY("report_id","step","due_at")
);
--> statement-breakpoint
CREATE TABLE "report_rewards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"status" text NOT NULL,
	"basis" jsonb NOT NULL,
	"amount" numeric(12, 2) NOT NULL,
	"note" text,
	"proposed_by" uuid,
	"proposed_by_name" text NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"payment_ref" text,
	CONSTRAINT "report_rewards_status_check" CHECK ("report_rewards"."status" in ('proposed', 'approved', 'paid', 'rejected')),
	CONSTRAINT "report_rewards_amount_check" CHECK ("report_rewards"."amount" between 0 and 300000)
);
--> statement-breakpoint
ALTER TABLE "monitoring_alarm_rules" ADD CONSTRAINT "monitoring_alarm_rules_device_id_monitoring_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."monitoring_devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_alarm_rules" ADD CONSTRAINT "monitoring_alarm_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_rule_states" ADD CONSTRAINT "monitoring_rule_states_rule_id_monitoring_alarm_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."monitoring_alarm_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_rule_states" ADD CONSTRAINT "monitoring_rule_states_device_id_monitoring_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."monitoring_devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_escalations" ADD CONSTRAINT "report_escalations_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_rewards" ADD CONSTRAINT "report_rewards_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_rewards" ADD CONSTRAINT "report_rewards_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitoring_alarm_rules_device_idx" ON "monitoring_alarm_rules" USING btree ("device_id");--> statement-breakpoint
CREATE INDEX "monitoring_alarm_rules_type_idx" ON "monitoring_alarm_rules" USING btree ("device_type","metric");--> statement-breakpoint
CREATE UNIQUE INDEX "report_rewards_live_idx" ON "report_rewards" USING btree ("report_id") WHERE "report_rewards"."status" <> 'rejected';--> statement-breakpoint
CREATE INDEX "report_rewards_status_idx" ON "report_rewards" USING btree ("status","paid_at");