CREATE TABLE "artifacts" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size_bytes" bigint NOT NULL,
	"kind" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_engines" (
	"device_id" text NOT NULL,
	"model_version_id" uuid NOT NULL,
	"recipe_hash" text NOT NULL,
	"compat_key" text NOT NULL,
	"engine_sha256" text,
	"state" text NOT NULL,
	"error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "device_engines_device_id_model_version_id_recipe_hash_pk" PRIMARY KEY("device_id","model_version_id","recipe_hash")
);
--> statement-breakpoint
CREATE TABLE "engine_builds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_version_id" uuid NOT NULL,
	"recipe" jsonb NOT NULL,
	"recipe_hash" text NOT NULL,
	"compat_key" text NOT NULL,
	"state" text NOT NULL,
	"builder_device_id" text,
	"attempt" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"tried_devices" text[] DEFAULT '{}'::text[] NOT NULL,
	"progress_pct" real,
	"error" text,
	"engine_sha256" text,
	"engine_size_bytes" bigint,
	"perf" jsonb,
	"log_tail" text,
	"duration_ms" integer,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"version" text NOT NULL,
	"onnx_sha256" text NOT NULL,
	"onnx_info" jsonb NOT NULL,
	"input_description" text,
	"calibration_sha256" text,
	"golden_sha256" text,
	"sim_hints" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "models_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "device_engines" ADD CONSTRAINT "device_engines_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_engines" ADD CONSTRAINT "device_engines_engine_sha256_artifacts_sha256_fk" FOREIGN KEY ("engine_sha256") REFERENCES "public"."artifacts"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engine_builds" ADD CONSTRAINT "engine_builds_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engine_builds" ADD CONSTRAINT "engine_builds_engine_sha256_artifacts_sha256_fk" FOREIGN KEY ("engine_sha256") REFERENCES "public"."artifacts"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_onnx_sha256_artifacts_sha256_fk" FOREIGN KEY ("onnx_sha256") REFERENCES "public"."artifacts"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_calibration_sha256_artifacts_sha256_fk" FOREIGN KEY ("calibration_sha256") REFERENCES "public"."artifacts"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_golden_sha256_artifacts_sha256_fk" FOREIGN KEY ("golden_sha256") REFERENCES "public"."artifacts"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "engine_builds_active_uq" ON "engine_builds" USING btree ("model_version_id","recipe_hash","compat_key") WHERE state NOT IN ('failed', 'timed_out', 'cancelled');--> statement-breakpoint
CREATE INDEX "engine_builds_state_idx" ON "engine_builds" USING btree ("state");--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_model_version_uq" ON "model_versions" USING btree ("model_id","version");