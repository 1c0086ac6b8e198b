CREATE TABLE "alert_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_rule_state" (
	"kind" text NOT NULL,
	"device_id" text NOT NULL,
	"condition_since" timestamp with time zone,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_rule_state_kind_device_id_pk" PRIMARY KEY("kind","device_id")
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"scope_kind" text NOT NULL,
	"scope_value" text DEFAULT '' NOT NULL,
	"severity" text NOT NULL,
	"params" jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"kind" text NOT NULL,
	"device_id" text NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"summary" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	"last_evaluated_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rollup_watermarks" (
	"bucket_seconds" integer PRIMARY KEY NOT NULL,
	"done_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telemetry_rollups" (
	"device_id" text NOT NULL,
	"bucket_seconds" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"samples" integer NOT NULL,
	"power_mean_mw" real,
	"power_max_mw" real,
	"latency_p95_ms" real,
	"temp_max_c" real,
	"gpu_load_mean_pct" real,
	"ap50_last" real,
	CONSTRAINT "telemetry_rollups_device_id_bucket_seconds_bucket_pk" PRIMARY KEY("device_id","bucket_seconds","bucket")
);
--> statement-breakpoint
CREATE TABLE "telemetry_samples" (
	"device_id" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"power_mw" real,
	"gpu_load_pct" real,
	"cpu_load_pct" real,
	"gpu_freq_mhz" real,
	"ram_used_mb" real,
	"temp_max_c" real,
	"temps" jsonb,
	"rails" jsonb,
	"power_mode" text,
	"latency_p95_ms" real,
	"fps" real,
	"ap50" real,
	"disk_free_mb" real
) PARTITION BY RANGE ("ts");
--> statement-breakpoint
-- Hand edit: drizzle-kit does not model partitioning. Daily partitions are created ahead by the
-- telemetry maintenance job; the default partition keeps samples whose device clock is far off.
CREATE TABLE "telemetry_samples_default" PARTITION OF "telemetry_samples" DEFAULT;
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"alert_id" uuid,
	"event" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"severities" text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_events_alert_idx" ON "alert_events" USING btree ("alert_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_rules_scope_uq" ON "alert_rules" USING btree ("kind","scope_kind","scope_value");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_dedupe_uq" ON "alerts" USING btree ("dedupe_key") WHERE status <> 'resolved';--> statement-breakpoint
CREATE INDEX "alerts_status_idx" ON "alerts" USING btree ("status","fired_at");--> statement-breakpoint
CREATE INDEX "alerts_device_idx" ON "alerts" USING btree ("device_id");--> statement-breakpoint
CREATE INDEX "telemetry_rollups_bucket_idx" ON "telemetry_rollups" USING btree ("bucket_seconds","bucket");--> statement-breakpoint
CREATE INDEX "telemetry_samples_device_ts_idx" ON "telemetry_samples" USING btree ("device_id","ts");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at");