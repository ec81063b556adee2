import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Errors } from '../common/errors/registry-error';
import { CHARTER_CONFIG, type CharterConfig } from '../config/config';
import type { ScopeKey } from './repositories/config.repository';
import { ModeRepository } from './repositories/mode.repository';
import { SchemaRepository } from './repositories/schema.repository';
import { RegistryChanges } from './registry-changes';
import { MODES, type Mode } from './registry.types';
import { DEFAULT_CONTEXT, formatSubject, type QualifiedSubject } from './subject-name';

const GLOBAL: ScopeKey = { context: '', subject: '' };
const keyOf = (k: ScopeKey) => `${k.context}\u0000${k.subject}`;

/** Registry modes per scope (READWRITE, READONLY, IMPORT, ...), held in memory, written through. */
@Injectable()
export class ModeService implements OnModuleInit {
  private readonly logger = new Logger('Mode');
  private modes = new Map<string, Mode>();
  /** Reloads may overlap (changes from other nodes arrive at any time): only the latest applies. */
  private reloads = 0;

  constructor(
    private readonly repository: ModeRepository,
    private readonly schemas: SchemaRepository,
    private readonly changes: RegistryChanges,
    @Inject(CHARTER_CONFIG) private readonly config: CharterConfig,
  ) {
    changes.subscribe((c) => {
      if (c.kind === 'mode' || c.kind === 'all') {
        this.reload().catch((e) => this.logger.warn(`Could not reload modes: ${(e as Error).message}`));
      }
    });
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  async reload(): Promise<void> {
    const reload = ++this.reloads;
    const rows = await this.repository.all();
    if (reload === this.reloads) this.modes = new Map(rows.map((r) => [keyOf(r.key), r.mode]));
  }

  private scopeOf(q: QualifiedSubject | undefined): ScopeKey {
    if (!q || (q.context === DEFAULT_CONTEXT && !q.name)) return GLOBAL;
    return { context: q.context, subject: q.name };
  }

  /** Subject, then context, then global; READONLY_OVERRIDE at global wins over everything. */
  effective(q: QualifiedSubject): Mode {
    const global = this.modes.get(keyOf(GLOBAL));
    if (global === 'READONLY_OVERRIDE') return 'READONLY';
    return (
      (q.name ? this.modes.get(keyOf({ context: q.context, subject: q.name })) : undefined) ??
      this.modes.get(keyOf({ context: q.context, subject: '' })) ??
      global ??
      'READWRITE'
    );
  }

  get(q: QualifiedSubject | undefined, defaultToGlobal: boolean, rawSubject?: string): { mode: Mode } {
    const scope = this.scopeOf(q);
    const own = this.modes.get(keyOf(scope));
    if (scope === GLOBAL) return { mode: own ?? 'READWRITE' };
    if (own) return { mode: own };
    if (!defaultToGlobal) throw Errors.subjectModeNotFound(rawSubject ?? scope.subject);
    return { mode: this.effective(q!) };
  }

  async put(q: QualifiedSubject | undefined, body: unknown, force: boolean): Promise<{ mode: Mode }> {
    const raw = body && typeof body === 'object' ? (body as Record<string, unknown>).mode : undefined;
    const mode = typeof raw === 'string' ? (raw.toUpperCase() as Mode) : undefined;
    if (!mode || !(MODES as readonly string[]).includes(mode)) throw Errors.invalidMode();
    if (!this.config.MODE_MUTABILITY) throw Errors.operationNotPermitted('Mode changes are not allowed');
    const scope = this.scopeOf(q);
    if (mode === 'FORWARD' && scope !== GLOBAL) throw Errors.invalidMode('Forward mode only supported on global level');
    if (mode === 'IMPORT' && !force) {
      const hasSubjects = await this.schemas.read(async (db) => {
        if (scope === GLOBAL) return (await this.schemas.versionsWhere(db, {})).some((v) => !v.deleted);
        if (!scope.subject) return this.schemas.contextHasSubjects(db, scope.context);
        return (await this.schemas.versions(db, scope.context, scope.subject)).some((v) => !v.deleted);
      });
      if (hasSubjects) throw Errors.operationNotPermitted('Cannot import since found existing subjects');
    }
    await this.repository.put(scope, mode);
    this.modes.set(keyOf(scope), mode);
    this.changes.publish({ kind: 'mode' });
    return { mode };
  }

  async remove(q: QualifiedSubject | undefined, recursive: boolean, rawSubject?: string): Promise<{ mode: Mode }> {
    const scope = this.scopeOf(q);
    const own = this.modes.get(keyOf(scope));
    if (scope === GLOBAL) {
      await this.repository.remove([GLOBAL]);
      if (recursive) await this.repository.removeSubjectModes(DEFAULT_CONTEXT);
    } else {
      if (!own && !recursive) throw Errors.subjectNotFound(rawSubject ?? formatSubject(q!));
      await this.repository.remove([scope]);
      if (recursive && !scope.subject) await this.repository.removeSubjectModes(scope.context);
    }
    await this.reload();
    this.changes.publish({ kind: 'mode' });
    return { mode: own ?? 'READWRITE' };
  }

  /** Drops a subject's mode when the subject is permanently deleted. */
  forget(q: QualifiedSubject): void {
    this.modes.delete(keyOf(this.scopeOf(q)));
  }

  /** Confluent's gate for writes: read-only modes refuse every write to the subject. */
  assertWritable(q: QualifiedSubject): void {
    const mode = this.effective(q);
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') {
      throw Errors.operationNotPermitted(`Subject ${formatSubject(q)} in context ${q.context} is in read-only mode`);
    }
  }
}
