-- CreateTable
CREATE TABLE "catalog_domain" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "description" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "catalog_team" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "domain" TEXT NOT NULL,
    "description" TEXT,
    "contacts" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "catalog_application" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "domain" TEXT NOT NULL,
    "owner_team" TEXT NOT NULL,
    "description" TEXT,
    "principals" TEXT NOT NULL,
    "consumer_groups" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "catalog_topic" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "domain" TEXT NOT NULL,
    "owner_team" TEXT,
    "description" TEXT,
    "lifecycle" TEXT NOT NULL,
    "partitions" INTEGER,
    "replication_factor" INTEGER,
    "topic_configuration" TEXT NOT NULL,
    "classification" TEXT,
    "tags" TEXT NOT NULL,
    "key_schema" TEXT,
    "value_schema" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "catalog_event" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "topic" TEXT NOT NULL,
    "description" TEXT,
    "subject" TEXT NOT NULL,
    "min_version" INTEGER,
    "max_version" INTEGER,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "catalog_topic_client" (
    "topic" TEXT NOT NULL,
    "application" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "consumer_group" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("topic", "application", "role")
);

-- CreateTable
CREATE TABLE "catalog_field_tag" (
    "subject" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "tags" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("subject", "path")
);

-- CreateTable
CREATE TABLE "catalog_policy" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "domain" TEXT,
    "severity" TEXT NOT NULL,
    "description" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "params" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "catalog_history" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entity_type" TEXT NOT NULL,
    "entity_key" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "principal" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "catalog_revision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "value" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "catalog_team_domain_idx" ON "catalog_team"("domain");

-- CreateIndex
CREATE INDEX "catalog_application_domain_idx" ON "catalog_application"("domain");

-- CreateIndex
CREATE INDEX "catalog_topic_domain_idx" ON "catalog_topic"("domain");

-- CreateIndex
CREATE INDEX "catalog_event_topic_idx" ON "catalog_event"("topic");

-- CreateIndex
CREATE INDEX "catalog_topic_client_application_idx" ON "catalog_topic_client"("application");

-- CreateIndex
CREATE INDEX "catalog_history_entity_type_entity_key_idx" ON "catalog_history"("entity_type", "entity_key");

-- CreateIndex
CREATE INDEX "catalog_history_revision_idx" ON "catalog_history"("revision");

