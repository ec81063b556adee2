-- CreateTable
CREATE TABLE "kafka_cluster" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "bootstrap_servers" TEXT NOT NULL,
    "tls" TEXT,
    "sasl_mechanism" TEXT,
    "sasl_username" TEXT,
    "sasl_password" TEXT,
    "options" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "kafka_scan" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "cluster" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" DATETIME,
    "error" TEXT,
    "summary" TEXT,
    "snapshot" TEXT
);

-- CreateTable
CREATE TABLE "kafka_finding" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "cluster" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "team" TEXT,
    "message" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "first_seen_at" DATETIME NOT NULL,
    "opened_at" DATETIME NOT NULL,
    "last_seen_at" DATETIME NOT NULL,
    "resolved_at" DATETIME,
    "last_scan_id" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "kafka_finding_event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "finding_id" INTEGER NOT NULL,
    "scan_id" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "kafka_progress" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "position" INTEGER,
    "claimed_at" DATETIME,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "kafka_scan_cluster_id_idx" ON "kafka_scan"("cluster", "id");

-- CreateIndex
CREATE UNIQUE INDEX "kafka_finding_key_key" ON "kafka_finding"("key");

-- CreateIndex
CREATE INDEX "kafka_finding_cluster_status_idx" ON "kafka_finding"("cluster", "status");

-- CreateIndex
CREATE INDEX "kafka_finding_topic_idx" ON "kafka_finding"("topic");

-- CreateIndex
CREATE INDEX "kafka_finding_event_finding_id_id_idx" ON "kafka_finding_event"("finding_id", "id");

