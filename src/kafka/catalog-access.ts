import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CatalogStore } from '../catalog/catalog-store.service';
import { HistoryService } from '../catalog/history.service';

/**
 * The catalogue as the Kafka module reads it: its current state (for the audit) and its write
 * history (for governance events). CatalogModule exports nothing, so its providers are looked up
 * in the application's container rather than imported; nothing here writes to the catalogue.
 */
@Injectable()
export class CatalogAccess {
  private storeRef?: CatalogStore;
  private historyRef?: HistoryService;

  constructor(private readonly moduleRef: ModuleRef) {}

  get store(): CatalogStore {
    return (this.storeRef ??= this.moduleRef.get(CatalogStore, { strict: false }));
  }

  get history(): HistoryService {
    return (this.historyRef ??= this.moduleRef.get(HistoryService, { strict: false }));
  }
}
