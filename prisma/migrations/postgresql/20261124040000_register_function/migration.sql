-- Written by hand (a function is not part of the Prisma schema); PostgreSQL only.
--
-- The common registration (a new version, no explicit id or version) in one statement, so that it
-- costs one round trip instead of eight. It does what RegistrationService.write does in its
-- transaction: takes the subject's advisory lock (the same key), checks that the subject's
-- versions are still the ones the caller decided against (the fingerprint of
-- SchemaRepository.versionsFingerprint), finds or inserts the schema by md5 and appends the
-- version. A VOLATILE function takes a fresh snapshot for each statement, so the check after the
-- lock sees every registration committed before it. Answers 'changed' when the subject moved:
-- the caller then takes the full path, which decides again.
CREATE OR REPLACE FUNCTION charter_register_version(
  p_context TEXT, p_subject TEXT, p_lock_key TEXT,
  p_count BIGINT, p_latest BIGINT, p_deleted BIGINT, p_links BIGINT,
  p_sequence TEXT, p_guid TEXT, p_schema_type TEXT, p_schema TEXT, p_references TEXT,
  p_metadata TEXT, p_rule_set TEXT, p_md5 TEXT,
  p_ref_names TEXT[], p_ref_contexts TEXT[], p_ref_subjects TEXT[], p_ref_versions INTEGER[]
) RETURNS TABLE (outcome TEXT, schema_id INTEGER, version INTEGER, created BOOLEAN)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_count BIGINT;
  v_latest BIGINT;
  v_deleted BIGINT;
  v_links BIGINT;
  v_id INTEGER;
  v_created BOOLEAN := false;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext(p_lock_key));
  SELECT COUNT(*), COALESCE(MAX(sv.version), 0),
         COALESCE(SUM(CASE WHEN sv.deleted THEN sv.version ELSE 0 END), 0),
         COALESCE(SUM((CAST(sv.version AS BIGINT) * 1000003 + sv.schema_id) % 2147483647), 0)
    INTO v_count, v_latest, v_deleted, v_links
    FROM registry_subject_version sv
   WHERE sv.context = p_context AND sv.subject = p_subject;
  IF v_count <> p_count OR v_latest <> p_latest OR v_deleted <> p_deleted OR v_links <> p_links THEN
    RETURN QUERY SELECT 'changed'::TEXT, NULL::INTEGER, NULL::INTEGER, false;
    RETURN;
  END IF;

  INSERT INTO registry_context (name) VALUES (p_context) ON CONFLICT (name) DO NOTHING;
  SELECT s.id INTO v_id FROM registry_schema s WHERE s.context = p_context AND s.md5 = p_md5;
  IF v_id IS NULL THEN
    v_id := nextval(p_sequence::regclass);
    INSERT INTO registry_schema (context, id, guid, schema_type, schema, "references", metadata, rule_set, md5)
    VALUES (p_context, v_id, p_guid, p_schema_type, p_schema, p_references, p_metadata, p_rule_set, p_md5);
    INSERT INTO registry_reference (context, schema_id, name, ref_context, ref_subject, ref_version)
    SELECT p_context, v_id, r.name, r.ref_context, r.ref_subject, r.ref_version
      FROM unnest(p_ref_names, p_ref_contexts, p_ref_subjects, p_ref_versions) AS r(name, ref_context, ref_subject, ref_version);
    v_created := true;
  END IF;

  INSERT INTO registry_subject_version (context, subject, version, schema_id)
  VALUES (p_context, p_subject, (p_latest + 1)::INTEGER, v_id);
  RETURN QUERY SELECT 'written'::TEXT, v_id, (p_latest + 1)::INTEGER, v_created;
END
$$;
