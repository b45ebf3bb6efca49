DROP INDEX "emergency_experts_geog_idx";--> statement-breakpoint
DROP INDEX "emergency_fire_stations_geog_idx";--> statement-breakpoint
DROP INDEX "emergency_shelters_geog_idx";--> statement-breakpoint
DROP INDEX "emergency_stores_geog_idx";--> statement-breakpoint
DROP INDEX "emergency_teams_geog_idx";