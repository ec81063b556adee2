-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "registry_context" (
    "name" TEXT NOT NULL,
    "next_id" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registry_context_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "registry_schema" (
    "context" TEXT NOT NULL,
    "id" INTEGER NOT NULL,
    "guid" TEXT NOT NULL,
    "schema_type" TEXT NOT NULL,
    "schema" TEXT NOT NULL,
    "references" TEXT NOT NULL,
    "metadata" TEXT,
    "rule_set" TEXT,
    "md5" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registry_schema_pkey" PRIMARY KEY ("context","id")
);

-- CreateTable
CREATE TABLE "registry_subject_version" (
    "context" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "schema_id" INTEGER NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registry_subject_version_pkey" PRIMARY KEY ("context","subject","version")
);

-- CreateTable
CREATE TABLE "registry_reference" (
    "context" TEXT NOT NULL,
    "schema_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "ref_context" TEXT NOT NULL,
    "ref_subject" TEXT NOT NULL,
    "ref_version" INTEGER NOT NULL,

    CONSTRAINT "registry_reference_pkey" PRIMARY KEY ("context","schema_id","name")
);

-- CreateTable
CREATE TABLE "registry_config" (
    "context" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registry_config_pkey" PRIMARY KEY ("context","subject")
);

-- CreateTable
CREATE TABLE "registry_mode" (
    "context" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registry_mode_pkey" PRIMARY KEY ("context","subject")
);

-- CreateIndex
CREATE INDEX "registry_schema_guid_idx" ON "registry_schema"("guid");

-- CreateIndex
CREATE UNIQUE INDEX "registry_schema_context_md5_key" ON "registry_schema"("context", "md5");

-- CreateIndex
CREATE INDEX "registry_subject_version_context_schema_id_idx" ON "registry_subject_version"("context", "schema_id");

-- CreateIndex
CREATE INDEX "registry_reference_ref_context_ref_subject_ref_version_idx" ON "registry_reference"("ref_context", "ref_subject", "ref_version");

