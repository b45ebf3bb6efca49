-- One SMS gateway for alarms and warnings: the address the alarm settings held moves to the warning settings' column
-- (unless that one is already set, which then wins), and leaves the alarm settings' JSON.
INSERT INTO "monitoring_warning_settings" ("id", "sms_gateway_url", "cap_sender", "division_code", "agency_code")
SELECT 1, "value"->>'smsGatewayUrl', 'yjfb@citysafe.local', '610111', '000'
FROM "monitoring_alarm_settings"
WHERE "key" = 'settings' AND coalesce("value"->>'smsGatewayUrl', '') <> ''
ON CONFLICT ("id") DO UPDATE SET "sms_gateway_url" = coalesce("monitoring_warning_settings"."sms_gateway_url", excluded."sms_gateway_url");
--> statement-breakpoint
UPDATE "monitoring_alarm_settings" SET "value" = "value" - 'smsGatewayUrl' WHERE "key" = 'settings';
