/**
 * 专用信用报告领域 (report domains): which domain a record belongs to. The catalogue and the mapping
 * are rulebook data (`services.creditReport.domainCatalogue`).
 */
import type { z } from 'zod';
import type { reportDomainCatalogueSchema } from '../rulebook/areas/services.js';
import { recordAuthority, recordSector, type ServiceRecord } from './records.js';

/** The domain catalogue as stored in the rulebook. */
export type ReportDomainCatalogue = z.infer<typeof reportDomainCatalogueSchema>;
/** One report domain. */
export type ReportDomain = ReportDomainCatalogue['domains'][number];

/** Where a record was classified, and whether the fallback domain was used. */
export interface DomainAssignment {
  readonly domainId: string;
  /** How the domain was chosen: by the record's sector id, by its authority's name, or fallback. */
  readonly matchedBy: 'sector' | 'authority' | 'fallback';
}

/**
 * The domain of a record: the first catalogue domain whose `authorityContains` substrings occur in
 * the record's authority (or court), else the first listing the record's `sector`, else the
 * catalogue's fallback domain. Every record gets exactly one domain, so no record is ever lost.
 *
 * @example
 * ```ts
 * const cat = valueAt(defaultRulebook(), 'services.creditReport.domainCatalogue', '2025-06-30').value;
 * assignDomain({ type: 'administrativePenalty', authority: '上海市闵行区生态环境局', … }, cat);
 * // { domainId: 'ecology-environment', matchedBy: 'authority' }
 * ```
 */
export function assignDomain(record: ServiceRecord, catalogue: ReportDomainCatalogue): DomainAssignment {
  // The deciding authority defines the field of enforcement best; the sector id is the fallback for
  // records whose authority is missing or not in the catalogue.
  const authority = recordAuthority(record);
  if (authority !== undefined) {
    for (const d of catalogue.domains) {
      if (d.authorityContains.some((s) => authority.includes(s))) return { domainId: d.id, matchedBy: 'authority' };
    }
  }
  const sector = recordSector(record);
  if (sector !== undefined) {
    for (const d of catalogue.domains) if (d.sectors.includes(sector)) return { domainId: d.id, matchedBy: 'sector' };
  }
  return { domainId: catalogue.fallbackDomain, matchedBy: 'fallback' };
}
